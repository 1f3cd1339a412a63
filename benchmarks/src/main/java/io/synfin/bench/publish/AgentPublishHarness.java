package io.synfin.bench.publish;

import io.synfin.agent.capture.CaptureException;
import io.synfin.agent.capture.CaptureFiles;
import io.synfin.agent.capture.CaptureSource;
import io.synfin.agent.publish.Agent;
import io.synfin.agent.publish.AgentMetrics;
import io.synfin.agent.publish.ProducerSettings;
import io.synfin.broker.EmbeddedKafkaBroker;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * File replay into a real broker, measured for the agent alone: segments per wall second, and CPU time of
 * the agent's two threads (the capture thread and the producer's I/O thread) per million segments, read
 * from ThreadMXBean so the broker's threads in the same JVM are not counted. Not JMH: one run is a whole
 * replay through the network stack, and a fresh topic per run keeps runs apart.
 *
 * <p>{@code java -cp 'benchmarks/target/benchmarks/lib/*' io.synfin.bench.publish.AgentPublishHarness FILE [RUNS] [PARTITIONS] [CLIENT_PROPERTIES]}
 */
public final class AgentPublishHarness {

    private AgentPublishHarness() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: AgentPublishHarness CAPTURE [RUNS=5] [PARTITIONS=2] [KAFKA_CLIENT_PROPERTIES]");
            System.exit(1);
        }
        String capture = args[0];
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Properties overrides = args.length > 3 ? ProducerSettings.load(Path.of(args[3])) : new Properties();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Path dir = Files.createTempDirectory("synfin-bench-broker-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0)) {
            System.out.println("run segments wall_s segments_per_s capture_cpu_s io_cpu_s agent_cpu_s cpu_s_per_million segments_per_agent_core_s bytes_per_segment dropped");
            for (int run = 1; run <= runs; run++) {
                String topic = "bench.segments." + run;
                broker.createTopics(List.of(topic), partitions);
                runOnce(run, capture, broker.bootstrap(), topic, overrides, threads);
            }
        }
    }

    private static void runOnce(int run, String capture, String bootstrap, String topic, Properties overrides, ThreadMXBean threads)
            throws CaptureException {
        Agent.Config config = Agent.Config.of(bootstrap, topic)
                .withKafkaOverrides(overrides)
                .withMaxInFlight(1_000_000)
                .withTimeouts(Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofSeconds(120));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (Agent agent = new Agent(config); CaptureSource source = CaptureFiles.open(capture)) {
            // The producer's I/O thread exists once the Agent has built its producer.
            long ioThread = producerIoThread(threads);
            long captureThread = Thread.currentThread().getId();
            long captureBefore = threads.getThreadCpuTime(captureThread);
            long ioBefore = threads.getThreadCpuTime(ioThread);
            long start = System.nanoTime();
            Agent.Result result = agent.run(source, quiet);
            long wall = System.nanoTime() - start;
            long captureCpu = threads.getThreadCpuTime(captureThread) - captureBefore;
            long ioCpu = threads.getThreadCpuTime(ioThread) - ioBefore;
            long cpu = captureCpu + ioCpu;
            AgentMetrics m = result.metrics();
            double wallS = wall / 1e9;
            double cpuS = cpu / 1e9;
            long n = m.published();
            System.out.printf("%d %d %.3f %.0f %.3f %.3f %.3f %.3f %.0f %.1f %d%n", run, n, wallS, n / wallS, captureCpu / 1e9,
                    ioCpu / 1e9, cpuS, cpuS / (n / 1e6), n / cpuS, (double) m.publishedBytes() / n, m.droppedBuffer() + m.failed());
        }
    }

    private static long producerIoThread(ThreadMXBean threads) {
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("kafka-producer-network-thread | synfin-agent")
                    && info.getThreadState() != Thread.State.TERMINATED) {
                return info.getThreadId();
            }
        }
        throw new IllegalStateException("no producer I/O thread found");
    }
}
