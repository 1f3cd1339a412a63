package io.synfin.agent.publish;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands encoded segments to an idempotent Kafka producer without ever blocking the capture loop: at most
 * {@code maxInFlight} records may wait for their acknowledgement; past that bound a segment is dropped and
 * counted (SPEC §9). The producer reconnects by itself when the broker comes back, and its idempotence
 * keeps retried batches from being written twice.
 *
 * <p>When the producer has lost the topic's metadata (the broker went away), {@code send()} with
 * {@code max.block.ms=0} rejects every record at once. Those records are parked here, in capture order and
 * within the same bound, and sent again once the metadata is back, so an outage fills the bound before it
 * drops. Everything but the acknowledgement callbacks runs on the one capture thread.
 */
public final class SegmentPublisher implements AutoCloseable {

    /**
     * One segment in this many carries its send time for the latency histogram: timing every one cost
     * the producer's I/O thread more than the rest of its acknowledgement handling (measured, README).
     */
    static final int LATENCY_SAMPLE_EVERY = 64;

    /** Default bound: about 6 MB of ~60-byte records, far below the producer's buffer memory. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 100_000;

    /** How often parked records are tried again while the producer has no metadata. */
    private static final long RETRY_PARKED_NANOS = 100_000_000L;
    private static final long NOT_TIMED = Long.MIN_VALUE;

    private static final Logger LOG = LoggerFactory.getLogger(SegmentPublisher.class);

    private record Parked(byte[] key, byte[] value, long timestampMs) {}

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final int maxInFlight;
    private final AgentMetrics metrics;
    private final AtomicLong inFlight = new AtomicLong();
    private final ArrayDeque<Parked> parked = new ArrayDeque<>();
    private volatile int parkedCount;
    private volatile Thread captureThread;
    private boolean rejected;
    private long nextRetryNanos;
    private long publishCalls;
    private volatile Exception lastFailure;

    /** Creates the producer from {@code producerProperties} (see {@link ProducerSettings#of}). */
    public SegmentPublisher(Properties producerProperties, String topic, int maxInFlight, AgentMetrics metrics) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
        this.producer = new KafkaProducer<>(Objects.requireNonNull(producerProperties, "producerProperties"));
        this.topic = Objects.requireNonNull(topic, "topic");
        this.maxInFlight = maxInFlight;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Waits until the producer knows the topic's partitions, so the first segments of a fast replay are
     * not parked while metadata is fetched. Returns false when {@code timeout} passed first; publishing
     * still works then (segments are parked, then dropped at the bound, until the broker answers).
     */
    public boolean awaitTopic(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (hasMetadata()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private boolean hasMetadata() {
        try {
            // With max.block.ms=0 this returns at once: either the partitions, or a timeout that has
            // asked the producer's I/O thread to fetch them.
            return !producer.partitionsFor(topic).isEmpty();
        } catch (KafkaException e) {
            lastFailure = e;
            return false;
        }
    }

    /**
     * Sends one segment, or drops it when {@code maxInFlight} records already wait. Never blocks. Call
     * from the capture thread only.
     *
     * @param timestampMs the record timestamp: the capture time in milliseconds
     * @return false when the segment was dropped here
     */
    public boolean publish(byte[] key, byte[] value, long timestampMs) {
        Thread current = Thread.currentThread();
        if (captureThread != current) {
            // Written once, not per segment: a volatile write is a full fence on the hot path.
            captureThread = current;
        }
        if (inFlight.get() + parked.size() >= maxInFlight) {
            metrics.countDroppedBuffer();
            return false;
        }
        // Behind parked records, so a connection's segments keep their capture order.
        if (!parked.isEmpty() && !retryParked(false)) {
            park(new Parked(key, value, timestampMs));
            return true;
        }
        if (!send(key, value, timestampMs)) {
            park(new Parked(key, value, timestampMs));
        }
        return true;
    }

    /** @return false when the producer rejected the record for lack of metadata (nothing was counted) */
    private boolean send(byte[] key, byte[] value, long timestampMs) {
        metrics.inFlight(inFlight.incrementAndGet() + parkedCount);
        long start = (publishCalls++ % LATENCY_SAMPLE_EVERY) == 0 ? System.nanoTime() : NOT_TIMED;
        int bytes = key.length + value.length;
        Callback done = (RecordMetadata meta, Exception error) -> completed(bytes, start, error);
        rejected = false;
        try {
            producer.send(new ProducerRecord<>(topic, null, Math.max(0L, timestampMs), key, value), done);
        } catch (KafkaException | IllegalStateException e) {
            // A closed or fatally failed producer throws instead of calling back.
            completed(bytes, start, e);
        }
        if (rejected) {
            return false;
        }
        metrics.countSent();
        return true;
    }

    private void completed(int bytes, long start, Exception error) {
        if (error instanceof TimeoutException && Thread.currentThread() == captureThread) {
            // Called back inside send() on the capture thread: the metadata wait (max.block.ms=0) failed,
            // nothing was queued. The caller parks the record; it is neither sent nor failed yet.
            rejected = true;
            lastFailure = error;
            inFlight.decrementAndGet();
            return;
        }
        long latency = start == NOT_TIMED ? NOT_TIMED : System.nanoTime() - start;
        if (error == null) {
            metrics.acknowledged(bytes, latency);
        } else {
            if (lastFailure == null || !lastFailure.getClass().equals(error.getClass())) {
                LOG.warn("segments are not being delivered: {}", error.toString());
            }
            lastFailure = error;
            metrics.failed(latency);
        }
        metrics.inFlight(inFlight.decrementAndGet() + parkedCount);
    }

    private void park(Parked record) {
        if (parked.isEmpty()) {
            nextRetryNanos = System.nanoTime() + RETRY_PARKED_NANOS;
            LOG.warn("no metadata for topic {}: holding segments until the broker answers ({})", topic, lastFailure);
        }
        parked.add(record);
        parkedCount = parked.size();
    }

    /** Sends parked records in order while the producer accepts them; true when none is left. */
    private boolean retryParked(boolean now) {
        if (!now && System.nanoTime() - nextRetryNanos < 0) {
            return false;
        }
        nextRetryNanos = System.nanoTime() + RETRY_PARKED_NANOS;
        while (!parked.isEmpty()) {
            Parked next = parked.peek();
            if (!send(next.key(), next.value(), next.timestampMs())) {
                return false;
            }
            parked.poll();
            parkedCount = parked.size();
        }
        return true;
    }

    /** Records handed over and not yet acknowledged or failed, parked ones included. */
    public long inFlight() {
        return inFlight.get() + parkedCount;
    }

    /** The most recent delivery error, or null. */
    public Exception lastFailure() {
        return lastFailure;
    }

    /**
     * Sends what is parked, flushes what the producer holds, and waits up to {@code timeout} for every
     * acknowledgement. Call from the capture thread. Parked records still there at the deadline are
     * counted as failed.
     *
     * @return true when nothing is left in flight
     */
    public boolean drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        captureThread = Thread.currentThread();
        while (!retryParked(true) && System.nanoTime() - deadline < 0) {
            awaitTopic(Duration.ofMillis(Math.max(1, Math.min(100, (deadline - System.nanoTime()) / 1_000_000L))));
        }
        // flush() itself could wait for the whole delivery timeout; linger is what we skip by it.
        Thread flusher = new Thread(producer::flush, "synfin-publisher-flush");
        flusher.setDaemon(true);
        flusher.start();
        while (inFlight.get() > 0 && System.nanoTime() - deadline < 0) {
            try {
                flusher.join(Math.max(1, Math.min(50, (deadline - System.nanoTime()) / 1_000_000L)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        while (!parked.isEmpty()) {
            parked.poll();
            metrics.failed(NOT_TIMED);
        }
        parkedCount = 0;
        return inFlight.get() == 0;
    }

    /** Closes the producer, giving pending sends at most {@code timeout}. */
    public void close(Duration timeout) {
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
