package io.synfin.agent.publish;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands encoded segments to an idempotent Kafka producer without ever blocking the capture loop: at most
 * {@code maxInFlight} records may wait for their acknowledgement; past that bound a segment is dropped and
 * counted (SPEC §9). The producer reconnects by itself when the broker comes back, and its idempotence
 * keeps retried batches from being written twice.
 */
public final class SegmentPublisher implements AutoCloseable {

    /** Default bound: about 6 MB of ~60-byte records, far below the producer's buffer memory. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(SegmentPublisher.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final int maxInFlight;
    private final AgentMetrics metrics;
    private final AtomicLong inFlight = new AtomicLong();
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
     * not dropped while metadata is fetched. Returns false when {@code timeout} passed first; publishing
     * still works then (segments are counted as failed until the broker answers).
     */
    public boolean awaitTopic(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                // With max.block.ms=0 this returns at once: either the partitions, or a timeout that has
                // asked the producer's I/O thread to fetch them.
                if (!producer.partitionsFor(topic).isEmpty()) {
                    return true;
                }
            } catch (KafkaException e) {
                lastFailure = e;
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

    /**
     * Sends one segment, or drops it when {@code maxInFlight} records already wait. Never blocks.
     *
     * @param timestampMs the record timestamp: the capture time in milliseconds
     * @return false when the segment was dropped here
     */
    public boolean publish(byte[] key, byte[] value, long timestampMs) {
        if (inFlight.get() >= maxInFlight) {
            metrics.countDroppedBuffer();
            return false;
        }
        metrics.inFlight(inFlight.incrementAndGet());
        metrics.countSent();
        long start = System.nanoTime();
        int bytes = key.length + value.length;
        Callback done = (RecordMetadata meta, Exception error) -> completed(bytes, start, error);
        try {
            producer.send(new ProducerRecord<>(topic, null, Math.max(0L, timestampMs), key, value), done);
        } catch (KafkaException | IllegalStateException e) {
            // A closed or fatally failed producer throws instead of calling back.
            completed(bytes, start, e);
        }
        return true;
    }

    private void completed(int bytes, long start, Exception error) {
        long latency = System.nanoTime() - start;
        if (error == null) {
            metrics.acknowledged(bytes, latency);
        } else {
            if (lastFailure == null || !lastFailure.getClass().equals(error.getClass())) {
                LOG.warn("segments are not being delivered: {}", error.toString());
            }
            lastFailure = error;
            metrics.failed(latency);
        }
        metrics.inFlight(inFlight.decrementAndGet());
    }

    /** Records handed over and not yet acknowledged or failed. */
    public long inFlight() {
        return inFlight.get();
    }

    /** The most recent delivery error, or null. */
    public Exception lastFailure() {
        return lastFailure;
    }

    /**
     * Flushes what the producer holds and waits up to {@code timeout} for every acknowledgement.
     *
     * @return true when nothing is left in flight
     */
    public boolean drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
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
