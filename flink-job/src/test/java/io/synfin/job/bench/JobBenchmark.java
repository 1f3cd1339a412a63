package io.synfin.job.bench;

import com.sun.management.OperatingSystemMXBean;
import io.synfin.broker.EmbeddedKafkaBroker;
import io.synfin.core.segment.Segment;
import io.synfin.job.JobConfig;
import io.synfin.job.SynFinJob;
import io.synfin.job.functions.ConnectionTrackerFunction;
import io.synfin.job.functions.TrackerOperator;
import io.synfin.job.state.TrackerState;
import io.synfin.job.testing.FlinkCluster;
import io.synfin.job.testing.KafkaTopics;
import io.synfin.job.testing.SyntheticFlows;
import io.synfin.job.types.FlowId;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import io.synfin.schema.ConnectionRecord;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.openjdk.jol.info.GraphLayout;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The job's throughput from a pre-filled segment topic (2 partitions, parallelism 2, exactly-once sinks,
 * checkpoints every 10 s to a local directory), with heap and RocksDB state, on one MiniCluster and the
 * embedded broker in this JVM; then the keyed state bytes of an open connection.
 *
 * <p>{@code java -Xmx4g -cp … io.synfin.job.bench.JobBenchmark [connections] [runs, e.g. heap,rocksdb,heap,rocksdb]}
 * Each run prints its wall time, the process CPU time per million segments (the measure that holds on a
 * shared machine) and the load average. {@code -Dbench.extra="key=value;key=value"} adds Flink settings
 * to every run (RocksDB options, for instance).
 */
public final class JobBenchmark {

    private JobBenchmark() {}

    public static void main(String[] args) throws Exception {
        // JOL reads the layout of records and hidden classes (the metrics' lambdas) only this way on JDK 17
        System.setProperty("jol.magicFieldOffset", "true");
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 111_112;
        List<String> runs = java.util.Arrays.stream((args.length > 1 ? args[1] : "heap,rocksdb,heap,rocksdb").split(","))
                .filter(r -> !r.isBlank()).toList();
        Path dir = Files.createTempDirectory("synfin-bench-");
        // 1 ms apart: TIME_WAIT (60 s) ends for the early connections while later ones arrive, as in steady state
        SyntheticFlows flows = new SyntheticFlows(connections, 1_000, 10);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
            String bootstrap = broker.bootstrap();
            KafkaTopics.create(bootstrap, 2, "bench.segments");
            long started = System.nanoTime();
            try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer(bootstrap)) {
                KafkaTopics.publish(producer, "bench.segments", flows);
            }
            System.out.printf("topic filled: %,d segments of %,d connections in %.1f s%n", flows.size(), connections,
                    (System.nanoTime() - started) / 1e9);
            MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                    .setConfiguration(FlinkCluster.restOnAnyFreePort())
                    .setNumTaskManagers(1)
                    .setNumSlotsPerTaskManager(2)
                    .build());
            cluster.start();
            try {
                for (int i = 0; i < runs.size(); i++) {
                    String[] spec = runs.get(i).split("/");
                    int live = spec.length > 1 ? Integer.parseInt(spec[1]) : ConnectionTrackerFunction.DEFAULT_LIVE_TRACKERS;
                    run(cluster, bootstrap, dir, flows.size(), JobConfig.StateKind.valueOf(spec[0].toUpperCase()), live, i);
                }
            } finally {
                cluster.close();
            }
        }
        // all packed, then with the default live set: the first shows what keyed state holds per connection
        stateBytes(0);
        stateBytes(ConnectionTrackerFunction.DEFAULT_LIVE_TRACKERS);
    }

    private static void run(MiniCluster cluster, String bootstrap, Path dir, int segments, JobConfig.StateKind state,
            int liveTrackers, int index) throws Exception {
        String name = "bench" + index;
        JobConfig config = JobConfig.defaults(bootstrap)
                .withTopics("bench.segments", name + ".connections", name + ".anomalies", name + ".deadletter", name)
                .withState(state)
                .withBounded(true)
                .withLiveTrackers(liveTrackers)
                .withCheckpoints(dir.resolve(name).toUri().toString(), Duration.ofSeconds(10));
        KafkaTopics.create(bootstrap, 2, config.connectionsTopic(), config.anomaliesTopic(), config.deadLetterTopic());
        Configuration conf = SynFinJob.configuration(config);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        for (String setting : System.getProperty("bench.extra", "").split(";")) {
            int eq = setting.indexOf('=');
            if (eq > 0) {
                conf.setString(setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
            }
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        SynFinJob.wire(SynFinJob.kafkaInput(env, config), config, SynFinJob.kafkaOutputs(config));
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long started = System.nanoTime();
        JobExecutionResult result = cluster.executeJobBlocking(env.getStreamGraph().getJobGraph());
        double wall = (System.nanoTime() - started) / 1e9;
        // CPU time of the whole process (broker included): the load-independent cost of a run on a shared machine
        double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e9;
        double net = result.getNetRuntime() / 1e3;
        System.out.printf("run %d %-7s live %-4d %,d segments: wall %.2f s = %,.0f seg/s; net %.2f s = %,.0f seg/s; "
                + "cpu %.2f s = %.2f cpu-s per million; load %.2f%n", index, state, liveTrackers, segments, wall, segments / wall,
                net, segments / net, cpu, cpu * 1e6 / segments, os.getSystemLoadAverage());
    }

    /**
     * Heap of the job's keyed state per open connection, measured on the tracker operator itself with
     * Flink's heap backend: 100,000 connections left open after handshake and data, then a checkpoint
     * (which packs the live trackers into state). Prints the heap the backend holds per connection (value
     * state and event-time timers, measured apart), the live trackers' share and the bytes a checkpoint
     * writes per connection.
     */
    private static void stateBytes(int liveTrackers) throws Exception {
        int open = 100_000;
        SyntheticFlows openFlows = new SyntheticFlows(open, 1_000, 1);
        long before = usedHeap();
        KeyedBroadcastOperatorTestHarness<FlowId, Segment, Long, ConnectionRecord> harness =
                new KeyedBroadcastOperatorTestHarness<>(
                        SynFinJob.trackerOperator(JobConfig.defaults("unused").withLiveTrackers(liveTrackers)),
                        FlowId::of, FlowId.TYPE, 128, 1, 0);
        // the state is held in memory to measure what a checkpoint writes
        harness.setCheckpointStorage(new org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage(Integer.MAX_VALUE));
        harness.setup();
        harness.open();
        var backend = (HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend();
        Map<String, Long> byClass = footprint(backend, -1);
        for (Segment s : openFlows) {
            harness.processElement(s, s.tsMicros() / 1000);
        }
        long after = usedHeap();
        int entries = backend.numKeyValueStateEntries();
        int live = ((TrackerOperator) harness.getOperator()).liveTrackers();
        // what the connections added to the backend's object graph (its own structures before them taken off)
        footprint(backend, 1).forEach((k, v) -> byClass.merge(k, v, Long::sum));
        long total = byClass.values().stream().mapToLong(Long::longValue).sum();
        long timers = byClass.entrySet().stream().filter(e -> e.getKey().contains("Timer")
                        || e.getKey().contains("HashMap") || e.getKey().contains("HeapPriorityQueue"))
                .mapToLong(Map.Entry::getValue).sum();
        long checkpointBytes = harness.snapshot(1, 0).getManagedKeyedState().stream()
                .mapToLong(h -> h.getStateSize()).sum();
        System.out.printf("keyed state, %,d open connections (%,d state entries, %,d trackers live): %.0f bytes of heap "
                        + "per connection in all (JVM heap before and after, live trackers included); added to the heap "
                        + "backend: %.0f bytes per connection, of which %.0f value state and %.0f its event-time timer; "
                        + "a checkpoint writes %.0f bytes per connection (state and timer)%n",
                open, entries, live, (double) (after - before) / open, (double) total / open,
                (double) (total - timers) / open, (double) timers / open, (double) checkpointBytes / open);
        System.out.println("added to the heap backend, by class (bytes):");
        byClass.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(e -> System.out.printf("  %,12d  %s%n", e.getValue(), e.getKey()));
        harness.close();
    }

    /** Bytes by class of the objects reachable from {@code root}, times {@code sign}. */
    private static Map<String, Long> footprint(Object root, int sign) {
        Map<String, Long> byClass = new TreeMap<>();
        for (var c : GraphLayout.parseInstance(root).toFootprint().lines().toList()) {
            String[] f = c.trim().split("\\s+");
            if (f.length == 4 && f[0].matches("\\d+")) {
                byClass.merge(f[3], sign * Long.parseLong(f[2]), Long::sum);
            }
        }
        return byClass;
    }

    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
