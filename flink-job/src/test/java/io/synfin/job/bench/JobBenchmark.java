package io.synfin.job.bench;

import com.sun.management.OperatingSystemMXBean;
import io.synfin.broker.EmbeddedKafkaBroker;
import io.synfin.core.TrackerConfig;
import io.synfin.core.flow.FlowKey;
import io.synfin.core.segment.Segment;
import io.synfin.core.state.FlowTracker;
import io.synfin.job.JobConfig;
import io.synfin.job.SynFinJob;
import io.synfin.job.state.TrackerState;
import io.synfin.job.state.TrackerStateSerializer;
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
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.memory.DataOutputSerializer;
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
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 111_112;
        List<String> runs = List.of((args.length > 1 ? args[1] : "heap,rocksdb,heap,rocksdb").split(","));
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
                    run(cluster, bootstrap, dir, flows.size(), JobConfig.StateKind.valueOf(runs.get(i).toUpperCase()), i);
                }
            } finally {
                cluster.close();
            }
        }
        stateBytes(flows);
    }

    private static void run(MiniCluster cluster, String bootstrap, Path dir, int segments, JobConfig.StateKind state,
            int index) throws Exception {
        String name = "bench" + index;
        JobConfig config = JobConfig.defaults(bootstrap)
                .withTopics("bench.segments", name + ".connections", name + ".anomalies", name + ".deadletter", name)
                .withState(state)
                .withBounded(true)
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
        System.out.printf("run %d %-7s %,d segments: wall %.2f s = %,.0f seg/s; net %.2f s = %,.0f seg/s; "
                + "cpu %.2f s = %.2f cpu-s per million; load %.2f%n", index, state, segments, wall, segments / wall,
                net, segments / net, cpu, cpu * 1e6 / segments, os.getSystemLoadAverage());
    }

    /**
     * Keyed state of open connections: the bytes a checkpoint writes per connection (key + value, as the
     * heap backend serializes them), and the JVM heap the kept values take per connection (measured by
     * holding them in a map as the heap backend does).
     */
    private static void stateBytes(SyntheticFlows flows) throws Exception {
        int open = 100_000;
        Map<FlowId, TrackerState> kept = new HashMap<>();
        long before = usedHeap();
        long serialized = 0;
        DataOutputSerializer out = new DataOutputSerializer(512);
        SyntheticFlows openFlows = new SyntheticFlows(open, 1_000, 1);
        for (int c = 0; c < open; c++) {
            FlowTracker tracker = new FlowTracker(TrackerConfig.DEFAULTS);
            Segment first = null;
            for (int step = 0; step < SyntheticFlows.SEGMENTS_PER_CONNECTION; step++) {
                Segment s = openFlows.get(c * SyntheticFlows.SEGMENTS_PER_CONNECTION + step);
                first = first == null ? s : first;
                tracker.onSegment(s);
            }
            // the heap backend keeps the live tracker between segments
            TrackerState state = TrackerState.live(tracker, tracker.nextDeadline());
            FlowId key = FlowId.of(first);
            kept.put(key, state);
            out.clear();
            TrackerStateSerializer.INSTANCE.serialize(state, out);
            serialized += out.length() + FlowKey.of(first).toBytes().length + 1;
        }
        long after = usedHeap();
        System.out.printf("keyed state per open connection: %.0f bytes serialized (checkpoint), %.0f bytes of heap%n",
                (double) serialized / open, (double) (after - before) / kept.size());
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
