package io.synfin.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker in KRaft combined mode (broker and controller in one process), run in
 * this JVM from the Kafka jars: the broker of {@code synfin broker}, the demo, and every integration test.
 * Its data directory survives {@link #stop()}, so {@link #start()} brings the same broker back on the
 * same ports with its data.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** How long start, stop and topic creation may take before they count as failed. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private static final String SERVER_PROPERTIES = "server.properties";
    private static final String LOG_DIR = "log";

    private final Path dataDir;
    private final Properties config;
    private final String bootstrap;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Path dataDir, Properties config, int port) {
        this.dataDir = dataDir;
        this.config = config;
        this.bootstrap = "127.0.0.1:" + port;
    }

    /**
     * Formats {@code dataDir} if it is new, starts the broker and waits until it serves requests.
     *
     * @param port the client port, or 0 for a free one; a directory used before keeps its controller port
     * @throws IllegalStateException when the broker does not come up within {@link #READY_TIMEOUT}
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port) {
        Objects.requireNonNull(dataDir, "dataDir");
        try {
            Files.createDirectories(dataDir);
            Path propsFile = dataDir.resolve(SERVER_PROPERTIES);
            int controllerPort = previousControllerPort(propsFile);
            int brokerPort = port != 0 ? port : freePort();
            if (controllerPort == 0 || controllerPort == brokerPort) {
                controllerPort = freePort();
            }
            Properties config = brokerConfig(dataDir.resolve(LOG_DIR), brokerPort, controllerPort);
            try (Writer out = Files.newBufferedWriter(propsFile, StandardCharsets.UTF_8)) {
                config.store(out, "SynFin embedded broker");
            }
            if (!Files.exists(dataDir.resolve(LOG_DIR).resolve("meta.properties"))) {
                format(propsFile);
            }
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, config, brokerPort);
            broker.start();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare broker directory " + dataDir, e);
        }
    }

    /** The single-node settings (STACK.md §2.1). */
    static Properties brokerConfig(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        // A static quorum of one voter: no dynamic-quorum bootstrap is needed to format.
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Records carry capture timestamps; time retention would delete any replay older than 7 days
        // about 30 s after start (STACK.md §6.1). SynFin's broker keeps everything.
        p.put("log.retention.ms", "-1");
        return p;
    }

    private static int previousControllerPort(Path propsFile) throws IOException {
        if (!Files.exists(propsFile)) {
            return 0;
        }
        Properties previous = new Properties();
        try (Reader in = Files.newBufferedReader(propsFile, StandardCharsets.UTF_8)) {
            previous.load(in);
        }
        String voters = previous.getProperty("controller.quorum.voters", "");
        int colon = voters.lastIndexOf(':');
        return colon < 0 ? 0 : Integer.parseInt(voters.substring(colon + 1).trim());
    }

    private static void format(Path propsFile) {
        // StorageTool.main would System.exit; execute returns the code. Only a new directory is formatted:
        // formatting an old one again, even with --ignore-formatted, leaves a cluster id the broker rejects.
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        int rc = StorageTool.execute(new String[] {
            "format", "-t", Uuid.randomUuid().toString(), "-c", propsFile.toString(), "--ignore-formatted"
        }, quiet);
        if (rc != 0) {
            throw new IllegalStateException("formatting the broker directory failed with code " + rc);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Starts the broker (again, after {@link #stop()}) and waits until it answers a metadata request. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        KafkaRaftServer started = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
        started.startup();
        server = started;
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            stop();
            throw new IllegalStateException("broker did not become ready within " + READY_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

    /** Shuts the broker down cleanly and waits for it; the data directory and the ports stay reserved. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrap() {
        return bootstrap;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** An admin client on this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis()));
    }

    /** Creates each topic that does not exist yet with {@code partitions} partitions; existing ones are left alone. */
    public void createTopics(Collection<String> names, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            // Topic-level retention as well, so a topic keeps replayed data even on a broker set up differently.
            topics.add(new NewTopic(name, partitions, (short) 1).configs(Map.of("retention.ms", "-1")));
        }
        try (Admin admin = admin()) {
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("topic creation timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** The partition count of each existing topic among {@code names}. */
    public Map<String, Integer> partitionCounts(Set<String> names) {
        try (Admin admin = admin()) {
            Map<String, Integer> counts = new java.util.TreeMap<>();
            admin.describeTopics(names).allTopicNames().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((name, description) -> counts.put(name, description.partitions().size()));
            return counts;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe topics " + names, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topics", e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
