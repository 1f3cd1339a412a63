package io.synfin.job;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job on an embedded Flink MiniCluster in this JVM, with the web UI on a free local port ({@code synfin
 * job}): the same graph {@code flink run} submits to a cluster.
 */
public final class EmbeddedRun {

    private EmbeddedRun() {}

    /** Runs until the job ends (bounded input) or the JVM is stopped; prints the web UI address first. */
    public static JobExecutionResult run(JobConfig config, PrintStream out) throws Exception {
        if (config.checkpointDir() == null) {
            // the JobManager's memory holds at most 5 MiB of state: some ten thousand connections
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "synfin-checkpoints");
            config = config.withCheckpoints(dir.toUri().toString(), config.checkpointInterval());
        }
        Configuration conf = SynFinJob.configuration(config);
        int port = freePort();
        // Everything on the loopback interface: the blob server and the task manager otherwise listen on all.
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(RestOptions.PORT, port);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        SynFinJob.wire(SynFinJob.kafkaInput(env, config), config, SynFinJob.kafkaOutputs(config));
        out.printf("synfin job: %s%n", config);
        out.printf("synfin job: Flink web UI at http://127.0.0.1:%d/%n", port);
        out.flush();
        return env.execute("synfin");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port for the Flink web UI", e);
        }
    }
}
