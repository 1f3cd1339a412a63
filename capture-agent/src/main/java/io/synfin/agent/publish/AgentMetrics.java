package io.synfin.agent.publish;

import io.synfin.agent.capture.CaptureStats;
import io.synfin.agent.decode.DecodeCounters;
import io.synfin.agent.decode.DecodeStatus;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's counters (SPEC §9): packets read, decode outcomes, segments handed over and
 * acknowledged, drops by reason, bytes, kernel drops, and the publish latency histogram. Rendered as one
 * status line and as Prometheus text.
 *
 * <p>The capture thread writes packets and decode counts without fences (the hot path must not pay for
 * them); another thread reading them may see a value a few frames old, which a monitoring scrape accepts.
 */
public final class AgentMetrics {

    /** Upper bounds of the publish-latency buckets, in milliseconds (Prometheus {@code le}). */
    static final long[] LATENCY_BUCKETS_MS = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000};

    private final DecodeCounters decode;
    private long packetsRead;
    private final LongAdder sent = new LongAdder();
    private final LongAdder published = new LongAdder();
    private final LongAdder publishedBytes = new LongAdder();
    private final LongAdder droppedBuffer = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicLongArray latencyBuckets = new AtomicLongArray(LATENCY_BUCKETS_MS.length + 1);
    private final AtomicLong latencyNanosSum = new AtomicLong();
    private volatile CaptureStats captureStats;
    private volatile long inFlight;

    /** @param decode the decoder's counters (owned by the capture thread) */
    public AgentMetrics(DecodeCounters decode) {
        this.decode = decode;
    }

    void countPacketRead() {
        packetsRead++;
    }

    void countSent() {
        sent.increment();
    }

    void countDroppedBuffer() {
        droppedBuffer.increment();
    }

    /** @param latencyNanos send to acknowledgement, or negative for a segment whose latency was not sampled */
    void acknowledged(int bytes, long latencyNanos) {
        published.increment();
        publishedBytes.add(bytes);
        recordLatency(latencyNanos);
    }

    /** @param latencyNanos send to failure, or negative when not sampled */
    void failed(long latencyNanos) {
        failed.increment();
        recordLatency(latencyNanos);
    }

    void inFlight(long records) {
        inFlight = records;
    }

    private void recordLatency(long nanos) {
        if (nanos < 0) {
            return;
        }
        int bucket = 0;
        while (bucket < LATENCY_BUCKETS_MS.length && nanos > LATENCY_BUCKETS_MS[bucket] * 1_000_000L) {
            bucket++;
        }
        latencyBuckets.incrementAndGet(bucket);
        latencyNanosSum.addAndGet(nanos);
    }

    /** libpcap's counters, as last read from a live capture. */
    public void captureStats(CaptureStats stats) {
        this.captureStats = stats;
    }

    public long packetsRead() {
        return packetsRead;
    }

    /** Segments handed to the producer. */
    public long sent() {
        return sent.sum();
    }

    /** Segments the broker acknowledged. */
    public long published() {
        return published.sum();
    }

    /** Key and value bytes of the acknowledged segments. */
    public long publishedBytes() {
        return publishedBytes.sum();
    }

    /** Segments dropped because the in-flight bound was reached (broker down or slow). */
    public long droppedBuffer() {
        return droppedBuffer.sum();
    }

    /** Segments handed to the producer that it could not deliver (delivery timeout, queue full, errors). */
    public long failed() {
        return failed.sum();
    }

    public long inFlight() {
        return inFlight;
    }

    public long decodeCount(DecodeStatus status) {
        return decode.count(status);
    }

    public CaptureStats captureStats() {
        return captureStats;
    }

    /** One line for the console, e.g. {@code packets=10 segments=9 published=9 dropped_buffer=0 …}. */
    public String statusLine() {
        StringBuilder line = new StringBuilder(160);
        line.append("packets=").append(packetsRead)
                .append(" segments=").append(decode.count(DecodeStatus.OK))
                .append(" sent=").append(sent())
                .append(" published=").append(published())
                .append(" bytes=").append(publishedBytes())
                .append(" in_flight=").append(inFlight)
                .append(" dropped_buffer=").append(droppedBuffer())
                .append(" failed=").append(failed());
        CaptureStats stats = captureStats;
        if (stats != null) {
            line.append(" kernel_dropped=").append(stats.droppedByKernel())
                    .append(" interface_dropped=").append(stats.droppedByInterface());
        }
        long count = latencyCount();
        if (count > 0) {
            line.append(String.format(" latency_avg_ms=%.2f", latencyNanosSum.get() / 1e6 / count));
        }
        line.append(" decode[").append(decode.summary()).append(']');
        return line.toString();
    }

    private long latencyCount() {
        long count = 0;
        for (int i = 0; i < latencyBuckets.length(); i++) {
            count += latencyBuckets.get(i);
        }
        return count;
    }

    /** The Prometheus text exposition format (version 0.0.4) of every metric. */
    public String prometheusText() {
        StringBuilder out = new StringBuilder(4096);
        counter(out, "synfin_agent_packets_read_total", "Frames read from the capture source.", packetsRead);
        out.append("# HELP synfin_agent_decode_total Frames by decode outcome.\n# TYPE synfin_agent_decode_total counter\n");
        for (DecodeStatus status : DecodeStatus.values()) {
            out.append("synfin_agent_decode_total{status=\"").append(status.name()).append("\"} ")
                    .append(decode.count(status)).append('\n');
        }
        counter(out, "synfin_agent_segments_sent_total", "Segments handed to the Kafka producer.", sent());
        counter(out, "synfin_agent_segments_published_total", "Segments acknowledged by Kafka.", published());
        counter(out, "synfin_agent_published_bytes_total", "Key and value bytes of acknowledged segments.", publishedBytes());
        out.append("# HELP synfin_agent_dropped_total Segments or packets lost, by where.\n# TYPE synfin_agent_dropped_total counter\n");
        out.append("synfin_agent_dropped_total{reason=\"buffer\"} ").append(droppedBuffer()).append('\n');
        out.append("synfin_agent_dropped_total{reason=\"send_failed\"} ").append(failed()).append('\n');
        CaptureStats stats = captureStats;
        out.append("synfin_agent_dropped_total{reason=\"kernel\"} ").append(stats == null ? 0 : stats.droppedByKernel()).append('\n');
        out.append("synfin_agent_dropped_total{reason=\"interface\"} ").append(stats == null ? 0 : stats.droppedByInterface()).append('\n');
        out.append("# HELP synfin_agent_in_flight_records Segments handed over and not yet acknowledged.\n")
                .append("# TYPE synfin_agent_in_flight_records gauge\n")
                .append("synfin_agent_in_flight_records ").append(inFlight).append('\n');
        out.append("# HELP synfin_agent_publish_latency_seconds From send to acknowledgement or failure, one segment in 64.\n")
                .append("# TYPE synfin_agent_publish_latency_seconds histogram\n");
        long cumulative = 0;
        for (int i = 0; i < LATENCY_BUCKETS_MS.length; i++) {
            cumulative += latencyBuckets.get(i);
            out.append("synfin_agent_publish_latency_seconds_bucket{le=\"").append(LATENCY_BUCKETS_MS[i] / 1000.0)
                    .append("\"} ").append(cumulative).append('\n');
        }
        cumulative += latencyBuckets.get(LATENCY_BUCKETS_MS.length);
        out.append("synfin_agent_publish_latency_seconds_bucket{le=\"+Inf\"} ").append(cumulative).append('\n');
        out.append("synfin_agent_publish_latency_seconds_sum ").append(latencyNanosSum.get() / 1e9).append('\n');
        out.append("synfin_agent_publish_latency_seconds_count ").append(cumulative).append('\n');
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(value).append('\n');
    }
}
