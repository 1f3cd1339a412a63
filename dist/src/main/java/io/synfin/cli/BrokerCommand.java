package io.synfin.cli;

import io.synfin.broker.EmbeddedKafkaBroker;
import io.synfin.schema.Topics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code synfin broker}: a real single-node Kafka broker (KRaft) in this process, with SynFin's topics,
 * until Ctrl-C or SIGTERM stops it cleanly. Its data stays in {@code --dir} for the next start.
 */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a single-node Kafka broker (KRaft mode, no Docker) with SynFin's topics and prints its",
            "bootstrap address. Replayed data is kept whatever its timestamps. Ctrl-C or SIGTERM stops it cleanly."
        })
final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092", description = "client port on 127.0.0.1, 0 for a free one (default: ${DEFAULT-VALUE})")
    private int port;

    @Option(names = "--dir", description = "data directory, kept across restarts (default: <tmp>/synfin-broker)")
    private Path dir;

    @Option(names = "--partitions", defaultValue = "2", description = "partitions of each topic it creates (default: ${DEFAULT-VALUE})")
    private int partitions;

    @Option(names = "--segments-topic", defaultValue = Topics.SEGMENTS, description = "default: ${DEFAULT-VALUE}")
    private String segmentsTopic;

    @Option(names = "--connections-topic", defaultValue = Topics.CONNECTIONS, description = "default: ${DEFAULT-VALUE}")
    private String connectionsTopic;

    @Option(names = "--anomalies-topic", defaultValue = Topics.ANOMALIES, description = "default: ${DEFAULT-VALUE}")
    private String anomaliesTopic;

    @Option(names = "--deadletter-topic", defaultValue = Topics.DEAD_LETTER, description = "default: ${DEFAULT-VALUE}")
    private String deadLetterTopic;

    @Override
    public Integer call() throws InterruptedException {
        if (partitions < 1) {
            System.err.println("synfin broker: --partitions must be at least 1");
            return 1;
        }
        Path dataDir = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"), "synfin-broker");
        Topics topics = new Topics(segmentsTopic, connectionsTopic, anomaliesTopic, deadLetterTopic);
        PrintStream out = System.out;
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            System.err.println("synfin broker: stopped");
            stopped.countDown();
        }, "synfin-broker-stop"));
        broker.createTopics(topics.all(), partitions);
        out.println("bootstrap " + broker.bootstrap());
        broker.partitionCounts(Set.copyOf(topics.all()))
                .forEach((name, count) -> out.println("topic " + name + " partitions=" + count));
        out.println("data " + dataDir.toAbsolutePath());
        out.flush();
        // Runs until the JVM is told to stop; the hook above shuts the broker down first.
        stopped.await();
        return 0;
    }
}
