package io.synfin.job;

import io.synfin.core.TrackerConfig;
import io.synfin.job.functions.ConnectionTrackerFunction;
import java.time.Duration;
import java.util.Objects;

/**
 * Every setting of the Flink job in one immutable value, validated here and printed at start.
 *
 * @param bootstrap Kafka bootstrap servers
 * @param segmentsTopic input topic. Default {@code tcp.segments} (SPEC §1)
 * @param connectionsTopic connection records. Default {@code tcp.connections}
 * @param anomaliesTopic anomalies. Default {@code tcp.anomalies}
 * @param deadLetterTopic undecodable input. Default {@code tcp.deadletter}
 * @param groupId consumer group (offsets are committed on checkpoints, for monitoring only). Default {@code synfin-job}
 * @param parallelism job parallelism, at most the segment topic's partitions to keep every slot busy. Default 2
 * @param state keyed state backend. Default HEAP (Flink's hashmap backend); ROCKSDB adds incremental checkpoints
 * @param checkpointDir checkpoint storage URI, or null for the JobManager's memory (embedded runs)
 * @param checkpointInterval how often records are committed (exactly-once sinks publish on checkpoints). Default 10 s
 * @param bounded read up to the offsets that exist at start, then end (replays)
 * @param outOfOrderness watermark bound. Default 2 s: an agent publishes in capture order; this covers
 *     several agents sharing a domain with slightly skewed clocks
 * @param idleness a partition silent this long stops holding the watermark back. Default 30 s
 * @param transactionalIdPrefix prefix of the sinks' Kafka transactional ids; unique per job on a cluster
 * @param tracker the tracker's timeouts and thresholds
 * @param liveTrackers most trackers each instance keeps live (about 1 KB of heap each; the others, and any
 *     idle for 2 s of event time or closed both ways, are packed in keyed state). Default 32768; 0 packs
 *     every tracker after every segment
 */
public record JobConfig(
        String bootstrap,
        String segmentsTopic,
        String connectionsTopic,
        String anomaliesTopic,
        String deadLetterTopic,
        String groupId,
        int parallelism,
        StateKind state,
        String checkpointDir,
        Duration checkpointInterval,
        boolean bounded,
        Duration outOfOrderness,
        Duration idleness,
        String transactionalIdPrefix,
        TrackerConfig tracker,
        int liveTrackers) {

    /** Keyed state backends. */
    public enum StateKind {
        HEAP,
        ROCKSDB
    }

    /**
     * The sinks' {@code transaction.timeout.ms}: the broker's default {@code transaction.max.timeout.ms}
     * (15 min). The sink's own default (1 h) is refused by a default broker.
     */
    public static final long TRANSACTION_TIMEOUT_MS = 900_000;

    public JobConfig {
        Objects.requireNonNull(bootstrap, "bootstrap");
        Objects.requireNonNull(segmentsTopic, "segmentsTopic");
        Objects.requireNonNull(connectionsTopic, "connectionsTopic");
        Objects.requireNonNull(anomaliesTopic, "anomaliesTopic");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(transactionalIdPrefix, "transactionalIdPrefix");
        Objects.requireNonNull(tracker, "tracker");
        if (parallelism < 1) {
            throw new IllegalArgumentException(String.format("parallelism must be at least 1: %d", parallelism));
        }
        requirePositive(checkpointInterval, "checkpointInterval");
        if (liveTrackers < 0) {
            throw new IllegalArgumentException(String.format("liveTrackers must not be negative: %d", liveTrackers));
        }
        Objects.requireNonNull(outOfOrderness, "outOfOrderness");
        Objects.requireNonNull(idleness, "idleness");
        if (outOfOrderness.isNegative() || idleness.isNegative()) {
            throw new IllegalArgumentException(String.format(
                    "outOfOrderness (%s) and idleness (%s) must not be negative", outOfOrderness, idleness));
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(String.format("%s must be positive: %s", name, d));
        }
    }

    /** The documented defaults, reading from and writing to {@code bootstrap}. */
    public static JobConfig defaults(String bootstrap) {
        return new JobConfig(bootstrap, "tcp.segments", "tcp.connections", "tcp.anomalies", "tcp.deadletter",
                "synfin-job", 2, StateKind.HEAP, null, Duration.ofSeconds(10), false, Duration.ofSeconds(2),
                Duration.ofSeconds(30), "synfin-job", TrackerConfig.DEFAULTS, ConnectionTrackerFunction.DEFAULT_LIVE_TRACKERS);
    }

    public JobConfig withParallelism(int value) {
        return new JobConfig(bootstrap, segmentsTopic, connectionsTopic, anomaliesTopic, deadLetterTopic, groupId, value,
                state, checkpointDir, checkpointInterval, bounded, outOfOrderness, idleness, transactionalIdPrefix, tracker, liveTrackers);
    }

    public JobConfig withState(StateKind value) {
        return new JobConfig(bootstrap, segmentsTopic, connectionsTopic, anomaliesTopic, deadLetterTopic, groupId,
                parallelism, value, checkpointDir, checkpointInterval, bounded, outOfOrderness, idleness,
                transactionalIdPrefix, tracker, liveTrackers);
    }

    public JobConfig withCheckpoints(String dir, Duration interval) {
        return new JobConfig(bootstrap, segmentsTopic, connectionsTopic, anomaliesTopic, deadLetterTopic, groupId,
                parallelism, state, dir, interval, bounded, outOfOrderness, idleness, transactionalIdPrefix, tracker, liveTrackers);
    }

    public JobConfig withBounded(boolean value) {
        return new JobConfig(bootstrap, segmentsTopic, connectionsTopic, anomaliesTopic, deadLetterTopic, groupId,
                parallelism, state, checkpointDir, checkpointInterval, value, outOfOrderness, idleness,
                transactionalIdPrefix, tracker, liveTrackers);
    }

    public JobConfig withLiveTrackers(int value) {
        return new JobConfig(bootstrap, segmentsTopic, connectionsTopic, anomaliesTopic, deadLetterTopic, groupId,
                parallelism, state, checkpointDir, checkpointInterval, bounded, outOfOrderness, idleness,
                transactionalIdPrefix, tracker, value);
    }

    /** Same job with its own topics, group and transactional ids (tests and side-by-side runs). */
    public JobConfig withTopics(String segments, String connections, String anomalies, String deadLetters, String group) {
        return new JobConfig(bootstrap, segments, connections, anomalies, deadLetters, group, parallelism, state,
                checkpointDir, checkpointInterval, bounded, outOfOrderness, idleness, group, tracker, liveTrackers);
    }
}
