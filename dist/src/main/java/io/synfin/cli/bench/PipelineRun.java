package io.synfin.cli.bench;

import io.synfin.agent.capture.CaptureFiles;
import io.synfin.agent.publish.Agent;
import io.synfin.agent.publish.SegmentPublisher;
import io.synfin.broker.EmbeddedKafkaBroker;
import io.synfin.cli.demo.EmbeddedJob;
import io.synfin.job.JobConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The whole pipeline at once: the job (heap state, parallelism 2, exactly-once sinks) running while the
 * agent replays a capture into the embedded broker, with two consumers noting when each connection record
 * becomes readable. Unpaced, the job stops at the offsets the replay ends at, so its end times the whole
 * pipeline; paced, the job runs unbounded and each record is timed against the publish of the segment that
 * made it due ({@link Expectations}).
 */
public final class PipelineRun {

    /** How long any one wait of a run may take before the run is declared stuck. */
    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofMillis(50);

    /**
     * What one run measured.
     *
     * @param stage segments through the job, wall time from the first publish to the job's last record
     *     readable uncommitted (unpaced) or to the last segment published (paced), the process's CPU time over that span
     * @param uncommitted latency as read_uncommitted consumers see it (paced runs; null unpaced)
     * @param committed latency as read_committed consumers see it (paced runs; null unpaced)
     * @param uncommittedTimers read_uncommitted latency of the timer-driven records alone (paced runs; null unpaced)
     * @param owed records the job owed by the end of the run
     * @param missingUncommitted owed records read_uncommitted never saw; likewise {@code missingCommitted}
     * @param unexpected records that no analysis of the capture predicts, or that did not decode
     */
    public record Result(Stage stage, Latency uncommitted, Latency committed, Latency uncommittedTimers, long owed,
            long missingUncommitted, long missingCommitted, long unexpected) {}

    private final EmbeddedKafkaBroker broker;
    private final Path workDir;
    private final Duration checkpointInterval;
    private final PrintStream log;

    PipelineRun(EmbeddedKafkaBroker broker, Path workDir, Duration checkpointInterval, PrintStream log) {
        this.broker = broker;
        this.workDir = workDir;
        this.checkpointInterval = checkpointInterval;
        this.log = log;
    }

    /**
     * Agent, broker and job at once, as fast as they go. {@code stops} are the offsets the replay of
     * {@code capture} ends at (known from publishing the same file before: same keys, same partitions).
     */
    Result unpaced(String name, String prefix, Path capture, Expectations expected, Map<TopicPartition, Long> stops)
            throws Exception {
        log.println("synfin bench: " + name);
        JobConfig config = config(prefix);
        Map<TopicPartition, Long> renamed = new HashMap<>();
        stops.forEach((tp, offset) -> renamed.put(new TopicPartition(config.segmentsTopic(), tp.partition()), offset));
        long segments = renamed.values().stream().mapToLong(Long::longValue).sum();
        try (RecordWatch uncommitted = new RecordWatch(broker.bootstrap(), config.connectionsTopic(),
                        IsolationLevel.READ_UNCOMMITTED, expected, 0);
                RecordWatch committed = new RecordWatch(broker.bootstrap(), config.connectionsTopic(),
                        IsolationLevel.READ_COMMITTED, expected, 0);
                StoppingJob job = StoppingJob.start(config, renamed)) {
            awaitFirstCheckpoint(workDir.resolve(prefix));
            long cpu = BenchRun.processCpuNanos();
            PublishClock clock = new PublishClock(CaptureFiles.open(capture.toString()));
            // The agent drops segments past its in-flight bound rather than block a live capture; a replay
            // measuring capacity keeps them all, so the bound is the whole capture (about 100 bytes each).
            long published = publish(clock, config.segmentsTopic(), 0, (int) Math.min(Integer.MAX_VALUE, segments));
            // The sinks write records as they come and commit them at the next checkpoint: the last record
            // readable uncommitted marks the job's end of processing, without the wait for that checkpoint.
            long end = uncommitted.awaitAll(WAIT);
            long cpuEnd = BenchRun.processCpuNanos();
            job.await(WAIT);
            Map<TopicPartition, Long> ends = endOffsets(config.segmentsTopic());
            if (published != segments || !ends.equals(renamed)) {
                throw new IllegalStateException("the replay ended at offsets " + ends + ", not at " + renamed);
            }
            if (end < 0 || committed.awaitAll(WAIT) < 0) {
                throw new IllegalStateException("the job's records did not all arrive within " + WAIT);
            }
            Stage stage = new Stage(name, segments, (end - clock.firstNanos()) / 1e9, (cpuEnd - cpu) / 1e9);
            return new Result(stage, null, null, null, expected.total(), expected.total() - uncommitted.arrived(),
                    expected.total() - committed.arrived(), committed.unexpected() + committed.undecodable());
        }
    }

    /**
     * Agent, broker and the unbounded job at once, the agent pacing the replay at {@code speed} times the
     * capture's pace; every record is timed against the publish of the segment that made it due.
     */
    Result paced(String name, String prefix, Path capture, Expectations expected, double speed) throws Exception {
        log.println("synfin bench: " + name);
        JobConfig config = config(prefix).withBounded(false);
        // Timer-driven records wait for the watermark, which trails the newest capture time by the
        // out-of-orderness bound (plus Flink's periodic watermark emission): those due in the capture's
        // last stretch are emitted only by later traffic, so the replay is not waited on for them.
        long margin = config.outOfOrderness().plusSeconds(1).toNanos() / 1000;
        try (RecordWatch uncommitted = new RecordWatch(broker.bootstrap(), config.connectionsTopic(),
                        IsolationLevel.READ_UNCOMMITTED, expected, margin);
                RecordWatch committed = new RecordWatch(broker.bootstrap(), config.connectionsTopic(),
                        IsolationLevel.READ_COMMITTED, expected, margin);
                EmbeddedJob job = EmbeddedJob.start(config)) {
            awaitFirstCheckpoint(workDir.resolve(prefix));
            long cpu = BenchRun.processCpuNanos();
            PublishClock clock = new PublishClock(CaptureFiles.open(capture.toString()));
            long published = publish(clock, config.segmentsTopic(), speed, SegmentPublisher.DEFAULT_MAX_IN_FLIGHT);
            long cpuEnd = BenchRun.processCpuNanos();
            Duration tail = checkpointInterval.multipliedBy(3).plus(config.outOfOrderness()).plusSeconds(30);
            uncommitted.awaitOwed(tail);
            committed.awaitOwed(tail);
            long owed = expected.owedBy(margin);
            Stage stage = new Stage(name, published, (clock.lastNanos() - clock.firstNanos()) / 1e9, (cpuEnd - cpu) / 1e9);
            Map<String, Long> seen = uncommitted.arrivals();
            return new Result(stage, latency(expected, seen, clock, false), latency(expected, committed.arrivals(), clock, false),
                    latency(expected, seen, clock, true), owed, owed - uncommitted.owedArrived(),
                    owed - committed.owedArrived(), uncommitted.unexpected() + uncommitted.undecodable());
        }
    }

    private JobConfig config(String prefix) {
        JobConfig config = JobConfig.defaults(broker.bootstrap())
                .withTopics(prefix + ".segments", prefix + ".connections", prefix + ".anomalies", prefix + ".deadletter", prefix)
                .withState(JobConfig.StateKind.HEAP)
                .withCheckpoints(workDir.resolve(prefix).toUri().toString(), checkpointInterval);
        broker.createTopics(List.of(config.segmentsTopic(), config.connectionsTopic(), config.anomaliesTopic(),
                config.deadLetterTopic()), config.parallelism());
        return config;
    }

    private long publish(PublishClock clock, String topic, double speed, int maxInFlight) throws Exception {
        Agent.Config config = Agent.Config.of(broker.bootstrap(), topic).withSpeed(speed).withMaxInFlight(maxInFlight)
                .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(120));
        try (clock; Agent agent = new Agent(config)) {
            Agent.Result result = agent.run(clock, new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
            if (!result.complete()) {
                throw new IllegalStateException("the agent did not publish every segment: " + result.metrics().statusLine());
            }
            return result.metrics().published();
        }
    }

    /** The end offset of each partition of {@code topic}. */
    Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            int partitions = broker.partitionCounts(Set.of(topic)).get(topic);
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request).all().get(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        }
    }

    /**
     * Flink triggers a checkpoint only once every task runs: the first completed one (its metadata file
     * written) says the job is up, so the replay does not time the MiniCluster's start.
     */
    private static void awaitFirstCheckpoint(Path checkpoints) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(checkpoints)) {
                try (Stream<Path> files = Files.walk(checkpoints)) {
                    if (files.anyMatch(p -> p.getFileName().toString().equals("_metadata"))) {
                        return;
                    }
                }
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        throw new IllegalStateException("the job completed no checkpoint within " + WAIT);
    }

    /**
     * Seconds from the due segment's publish to the record's first arrival, for every record with a due
     * frame, or only the timer-driven ones.
     */
    private static Latency latency(Expectations expected, Map<String, Long> arrivals, PublishClock clock, boolean timersOnly) {
        List<Double> seconds = new ArrayList<>();
        arrivals.forEach((key, arrival) -> {
            Expectations.Due due = expected.due(key);
            if (due != null && !(timersOnly && due.segmentDriven())) {
                seconds.add((arrival - clock.publishedNanos(due.frame())) / 1e9);
            }
        });
        return Latency.of(seconds.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
