package io.synfin.cli.demo;

import io.synfin.core.flow.Addresses;
import io.synfin.schema.ConnectionRecord;
import io.synfin.schema.TcpAnomaly;
import io.synfin.schema.Topics;
import io.synfin.schema.serde.SingleObjectCodec;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The demo's live view: a read_committed consumer of the connection and anomaly topics on its own thread,
 * printing one row per record as the job's transactions commit, and counting them into a {@link DemoSummary}.
 */
final class LiveTable implements AutoCloseable {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    /** kind, start, flow, conn_state, close kind; then the counts (connections) or severity and detail (anomalies). */
    private static final String ROW = "%-4s  %-26s  %-45s  %-6s  %-24s  %s%n";
    private static final String COUNTS = "%9s  %15s  %10s  %-10s  %s";

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topics topics;
    private final PrintStream out;
    private final DemoSummary summary = new DemoSummary();
    private final SingleObjectCodec<ConnectionRecord> connections = SingleObjectCodec.forType(ConnectionRecord.class);
    private final SingleObjectCodec<TcpAnomaly> anomalies = SingleObjectCodec.forType(TcpAnomaly.class);
    private final Thread thread;
    private volatile boolean finishing;
    private volatile RuntimeException failure;
    private boolean closed;

    LiveTable(String bootstrap, Topics topics, PrintStream out) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        // Only what the job's exactly-once sinks committed: no record of an aborted attempt is shown.
        config.put("isolation.level", "read_committed");
        config.put("enable.auto.commit", "false");
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
        this.out = out;
        this.thread = new Thread(this::loop, "synfin-demo-table");
    }

    void start() {
        out.printf(ROW, "", "time (UTC)", "originator -> responder", "state", "close kind | anomaly",
                String.format(COUNTS, "pkts o/r", "bytes o/r", "duration", "history", "uid | severity, detail"));
        out.flush();
        thread.start();
    }

    private void loop() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            partitions.addAll(partitions(topics.connections()));
            partitions.addAll(partitions(topics.anomalies()));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = null;
            while (true) {
                if (finishing && end == null) {
                    // For read_committed the end offsets are the last stable offsets: everything committed so far.
                    end = consumer.endOffsets(partitions);
                }
                if (end != null && readTo(end)) {
                    return;
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    show(record);
                }
                out.flush();
            }
        } catch (WakeupException e) {
            // close() stops the table at once (Ctrl-C, or a run that ends without reading to the end).
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            out.flush();
        }
    }

    private boolean readTo(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private List<TopicPartition> partitions(String topic) {
        List<TopicPartition> list = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic)) {
            list.add(new TopicPartition(topic, info.partition()));
        }
        return list;
    }

    private void show(ConsumerRecord<byte[], byte[]> record) {
        if (record.topic().equals(topics.connections())) {
            ConnectionRecord c = connections.decode(record.value()).valueOrNull();
            if (c == null) {
                summary.undecodable();
                return;
            }
            summary.connection(c.getConnState(), c.getCloseKind(), c.getInterim());
            out.printf(Locale.ROOT, ROW, c.getInterim() ? "part" : "conn", TIME.format(micros(c.getTs())),
                    flow(c.getOrigH(), c.getOrigP(), c.getRespH(), c.getRespP()), c.getConnState(), c.getCloseKind(),
                    String.format(Locale.ROOT, COUNTS, c.getOrigPkts() + "/" + c.getRespPkts(),
                            c.getOrigBytes() + "/" + c.getRespBytes(), String.format(Locale.ROOT, "%.6f", c.getDuration() / 1e6),
                            c.getHistory(), c.getUid()));
        } else {
            TcpAnomaly a = anomalies.decode(record.value()).valueOrNull();
            if (a == null) {
                summary.undecodable();
                return;
            }
            summary.anomaly(a.getType());
            out.printf(Locale.ROOT, ROW, "ANOM", TIME.format(micros(a.getTs())),
                    flow(a.getOrigH(), a.getOrigP(), a.getRespH(), a.getRespP()), "", a.getType(),
                    a.getSeverity() + "  " + a.getDetail());
        }
    }

    private static Instant micros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    private static String flow(ByteBuffer origH, int origP, ByteBuffer respH, int respP) {
        return endpoint(origH, origP) + " -> " + endpoint(respH, respP);
    }

    private static String endpoint(ByteBuffer addr, int port) {
        byte[] bytes = new byte[addr.remaining()];
        addr.duplicate().get(bytes);
        String text = Addresses.format(bytes);
        return (bytes.length == 16 ? "[" + text + "]" : text) + ":" + port;
    }

    /**
     * Reads everything committed up to now, then stops.
     *
     * @return false when that took longer than {@code timeout} (the table is stopped anyway)
     */
    boolean finish(Duration timeout) throws InterruptedException {
        finishing = true;
        thread.join(timeout.toMillis());
        boolean done = !thread.isAlive();
        close();
        return done;
    }

    DemoSummary summary() {
        return summary;
    }

    /** The consumer's error, or null: a table that stopped on an error must not look like a quiet run. */
    RuntimeException failure() {
        return failure;
    }

    /** Stops the consumer thread at once and waits for it. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (thread.isAlive()) {
            consumer.wakeup();
            thread.join();
        }
        // The consumer is not thread-safe: it is closed only once its thread has ended (or never started).
        if (!closed) {
            closed = true;
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
