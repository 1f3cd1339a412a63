package io.synfin.cli.bench;

import io.synfin.schema.ConnectionRecord;
import io.synfin.schema.serde.SingleObjectCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A consumer thread on the connection topic that notes when each record first became readable (the
 * wall time its poll returned), at one isolation level: read_committed sees the exactly-once sinks'
 * records when their checkpoint commits, read_uncommitted as soon as the sink has written them.
 */
final class RecordWatch implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Expectations expected;
    private final long marginMicros;
    private final Thread thread;
    private final Map<String, Long> arrivals = new HashMap<>();
    private long owed;
    private long lastNanos;
    private long undecodable;
    private long unexpected;
    private volatile boolean stopping;
    private volatile RuntimeException failure;

    /**
     * @param marginMicros a timer-driven record counts as owed when due at least this much capture time before the end
     */
    RecordWatch(String bootstrap, String topic, IsolationLevel isolation, Expectations expected, long marginMicros) {
        this.expected = expected;
        this.marginMicros = marginMicros;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString().toLowerCase(Locale.ROOT));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "synfin-bench-" + isolation.toString().toLowerCase(Locale.ROOT));
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::loop, "synfin-bench-watch-" + isolation);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        SingleObjectCodec<ConnectionRecord> codec = SingleObjectCodec.forType(ConnectionRecord.class);
        try {
            while (!stopping) {
                var batch = consumer.poll(POLL);
                long now = System.nanoTime();
                synchronized (this) {
                    for (ConsumerRecord<byte[], byte[]> record : batch) {
                        ConnectionRecord value = codec.decode(record.value()).valueOrNull();
                        if (value == null) {
                            undecodable++;
                        } else {
                            arrived(Expectations.key(value), now);
                        }
                    }
                    notifyAll();
                }
            }
        } catch (WakeupException e) {
            // close() woke the poll: the watch is over.
        } catch (RuntimeException e) {
            failure = e;
            synchronized (this) {
                notifyAll();
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void arrived(String key, long now) {
        if (!expected.known(key)) {
            unexpected++;
            return;
        }
        if (arrivals.putIfAbsent(key, now) != null) {
            return;
        }
        lastNanos = now;
        if (expected.owed(key, marginMicros)) {
            owed++;
        }
    }

    /**
     * Waits until every record the capture yields has arrived (a job that reaches the end of its input
     * flushes them all).
     *
     * @return the wall time ({@link System#nanoTime}) the last of them arrived, or -1 when {@code timeout} passed first
     */
    synchronized long awaitAll(Duration timeout) throws InterruptedException {
        return awaitCount(() -> arrivals.size() >= expected.total(), timeout) ? lastNanos : -1;
    }

    /** Waits until every record owed by the end of the replay (see {@link Expectations#owedBy}) has arrived. */
    synchronized boolean awaitOwed(Duration timeout) throws InterruptedException {
        long target = expected.owedBy(marginMicros);
        return awaitCount(() -> owed >= target, timeout);
    }

    private interface Condition {
        boolean met();
    }

    private boolean awaitCount(Condition condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.met()) {
            if (failure != null) {
                throw new IllegalStateException("the consumer failed", failure);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** First arrival (nanoTime) of every record seen so far, by {@link Expectations#key}. */
    synchronized Map<String, Long> arrivals() {
        return new HashMap<>(arrivals);
    }

    synchronized long arrived() {
        return arrivals.size();
    }

    synchronized long owedArrived() {
        return owed;
    }

    synchronized long undecodable() {
        return undecodable;
    }

    synchronized long unexpected() {
        return unexpected;
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(30).toMillis());
    }
}
