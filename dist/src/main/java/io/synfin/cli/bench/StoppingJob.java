package io.synfin.cli.bench;

import io.synfin.cli.demo.EmbeddedJob;
import io.synfin.job.JobConfig;
import io.synfin.job.SynFinJob;
import io.synfin.job.io.Ingest;
import io.synfin.job.io.SegmentDeserializationSchema;
import io.synfin.job.time.SegmentWatermarkStrategy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.TopicPartition;

/**
 * The SynFin job started before its input exists and stopping at known offsets: it reads the segment topic
 * while the agent fills it, and ends (its final watermark flushing every connection, as {@code analyze}
 * does at the end of a file) once it has read every segment the agent will publish, so its last record
 * marks the moment the job has processed the last segment.
 */
final class StoppingJob implements AutoCloseable {

    private final JobClient client;
    private final CompletableFuture<JobExecutionResult> done;

    private StoppingJob(JobClient client) {
        this.client = client;
        this.done = client.getJobExecutionResult();
    }

    /** Submits the job (same graph and sinks as {@link SynFinJob}) to a local MiniCluster of its own. */
    static StoppingJob start(JobConfig config, Map<TopicPartition, Long> stops) throws Exception {
        // bounded: the job ends at the stopping offsets, and a failure ends the run instead of restarting it
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                EmbeddedJob.configuration(config.withBounded(true)));
        KafkaSource<Ingest> source = KafkaSource.<Ingest>builder()
                .setBootstrapServers(config.bootstrap())
                .setTopics(config.segmentsTopic())
                .setGroupId(config.groupId())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.offsets(stops))
                .setDeserializer(new SegmentDeserializationSchema())
                .build();
        DataStream<Ingest> input = env.fromSource(source,
                SegmentWatermarkStrategy.of(config.outOfOrderness(), config.idleness()), config.segmentsTopic())
                .uid(SynFinJob.SOURCE_UID);
        SynFinJob.wire(input, config, SynFinJob.kafkaOutputs(config));
        return new StoppingJob(env.executeAsync("synfin bench"));
    }

    /**
     * Waits for the job to end.
     *
     * @throws IllegalStateException when the job failed, with Flink's cause
     */
    JobExecutionResult await(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the job failed", e.getCause());
        }
    }

    /** Cancels the job if it still runs. */
    @Override
    public void close() throws Exception {
        if (!done.isDone()) {
            try {
                client.cancel().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // The job ended on its own between the check and the cancel: nothing left to cancel.
            }
        }
    }
}
