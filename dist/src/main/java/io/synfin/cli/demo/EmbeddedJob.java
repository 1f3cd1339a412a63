package io.synfin.cli.demo;

import io.synfin.job.JobConfig;
import io.synfin.job.SynFinJob;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The SynFin job on a MiniCluster the demo owns: started, cancelled and closed explicitly, so the demo
 * can stop it from a shutdown hook and knows every Flink thread and port is gone when {@link #close} returns.
 */
public final class EmbeddedJob implements AutoCloseable {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private final MiniCluster cluster;
    private final JobID jobId;
    private final CompletableFuture<JobResult> result;
    private final URI webUi;

    private EmbeddedJob(MiniCluster cluster, JobID jobId, URI webUi) {
        this.cluster = cluster;
        this.jobId = jobId;
        this.result = cluster.requestJobResult(jobId);
        this.webUi = webUi;
    }

    /** Starts a MiniCluster with one slot per parallel task, the REST endpoint (web UI) on a free local port, and submits the job. */
    public static EmbeddedJob start(JobConfig config) throws Exception {
        Configuration conf = configuration(config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        SynFinJob.wire(SynFinJob.kafkaInput(env, config), config, SynFinJob.kafkaOutputs(config));
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(config.parallelism())
                .build());
        try {
            cluster.start();
            JobID id = cluster.submitJob(env.getStreamGraph().getJobGraph()).get().getJobID();
            return new EmbeddedJob(cluster, id, cluster.getRestAddress().get());
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /** The job's Flink settings for a MiniCluster in this process, every port on the loopback interface. */
    public static Configuration configuration(JobConfig config) {
        Configuration conf = SynFinJob.configuration(config);
        if (config.bounded()) {
            // A replay that fails should say so and end, not restart against the same input forever.
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        }
        // Everything on the loopback interface: the blob server and the task manager otherwise listen on all.
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.PORT, 0);
        conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        return conf;
    }

    /** The Flink web UI, e.g. {@code http://127.0.0.1:41234}. */
    URI webUi() {
        return webUi;
    }

    /**
     * Waits for the job to end (a bounded replay ends by itself).
     *
     * @throws IllegalStateException when the job failed, with Flink's cause
     */
    public JobResult await(Duration timeout) throws InterruptedException, TimeoutException {
        JobResult done;
        try {
            done = result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the job's result is not available", e.getCause());
        }
        if (done.getSerializedThrowable().isPresent()) {
            throw new IllegalStateException("the job failed: "
                    + done.getSerializedThrowable().get().getFullStringifiedStackTrace());
        }
        return done;
    }

    boolean isDone() {
        return result.isDone();
    }

    /** Cancels the job if it still runs, then shuts the MiniCluster down and waits for it. */
    @Override
    public void close() throws Exception {
        if (!result.isDone()) {
            try {
                cluster.cancelJob(jobId).get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                // The job ended on its own between the check and the cancel: nothing left to cancel.
            }
        }
        cluster.closeAsync().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
