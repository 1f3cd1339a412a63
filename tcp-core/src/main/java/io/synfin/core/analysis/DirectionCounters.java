package io.synfin.core.analysis;

/**
 * The SPEC §5 segment-analysis counters of one direction of a connection, as they go on the
 * connection record ({@code orig_*} / {@code resp_*}).
 *
 * <p>{@link #retransmissions()} counts every retransmission, fast and spurious included, as tshark's
 * {@code tcp.analysis.retransmission} filter does; the two finer counters are subsets of it.
 */
public final class DirectionCounters {

    /** The counter values as an immutable value: on the connection record and in state snapshots. */
    public record Snapshot(
            long retransmissions,
            long fastRetransmissions,
            long spuriousRetransmissions,
            long outOfOrder,
            long lostSegments,
            long dupAcks,
            long zeroWindows,
            long zeroWindowProbes,
            long windowFull,
            long windowUpdates,
            long keepAlives,
            long retransmittedBytes) {}

    /** All twelve counters zero: what most directions end with, shared rather than built per record. */
    public static final Snapshot ZERO = new Snapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * The counters of a direction with nothing flagged. Shared: only {@link DirectionAnalysis} counts,
     * and it never counts into this one.
     */
    static final DirectionCounters NONE = new DirectionCounters();

    private long retransmissions;
    private long fastRetransmissions;
    private long spuriousRetransmissions;
    private long outOfOrder;
    private long lostSegments;
    private long dupAcks;
    private long zeroWindows;
    private long zeroWindowProbes;
    private long windowFull;
    private long windowUpdates;
    private long keepAlives;
    private long retransmittedBytes;

    /** All zero. */
    public DirectionCounters() {}

    /** Adds one segment's findings; {@code payloadLen} feeds {@link #retransmittedBytes()}. */
    void count(int mask, int payloadLen) {
        if (mask == 0) {
            return;
        }
        if (AnalysisFlag.has(mask, AnalysisFlag.RETRANSMISSION)) {
            retransmissions++;
            retransmittedBytes += payloadLen;
        }
        fastRetransmissions += bit(mask, AnalysisFlag.FAST_RETRANSMISSION);
        spuriousRetransmissions += bit(mask, AnalysisFlag.SPURIOUS_RETRANSMISSION);
        outOfOrder += bit(mask, AnalysisFlag.OUT_OF_ORDER);
        lostSegments += bit(mask, AnalysisFlag.LOST_SEGMENT);
        dupAcks += bit(mask, AnalysisFlag.DUP_ACK);
        zeroWindows += bit(mask, AnalysisFlag.ZERO_WINDOW);
        zeroWindowProbes += bit(mask, AnalysisFlag.ZERO_WINDOW_PROBE);
        windowFull += bit(mask, AnalysisFlag.WINDOW_FULL);
        windowUpdates += bit(mask, AnalysisFlag.WINDOW_UPDATE);
        keepAlives += bit(mask, AnalysisFlag.KEEP_ALIVE);
    }

    private static int bit(int mask, AnalysisFlag flag) {
        return AnalysisFlag.has(mask, flag) ? 1 : 0;
    }

    public long retransmissions() {
        return retransmissions;
    }

    public long fastRetransmissions() {
        return fastRetransmissions;
    }

    public long spuriousRetransmissions() {
        return spuriousRetransmissions;
    }

    public long outOfOrder() {
        return outOfOrder;
    }

    public long lostSegments() {
        return lostSegments;
    }

    public long dupAcks() {
        return dupAcks;
    }

    public long zeroWindows() {
        return zeroWindows;
    }

    public long zeroWindowProbes() {
        return zeroWindowProbes;
    }

    public long windowFull() {
        return windowFull;
    }

    public long windowUpdates() {
        return windowUpdates;
    }

    public long keepAlives() {
        return keepAlives;
    }

    /** Payload bytes carried by segments flagged {@link AnalysisFlag#RETRANSMISSION}. */
    public long retransmittedBytes() {
        return retransmittedBytes;
    }

    public Snapshot snapshot() {
        if (this == NONE) {
            return ZERO;
        }
        return new Snapshot(retransmissions, fastRetransmissions, spuriousRetransmissions, outOfOrder, lostSegments,
                dupAcks, zeroWindows, zeroWindowProbes, windowFull, windowUpdates, keepAlives, retransmittedBytes);
    }

    public static DirectionCounters restore(Snapshot s) {
        DirectionCounters c = new DirectionCounters();
        c.retransmissions = s.retransmissions();
        c.fastRetransmissions = s.fastRetransmissions();
        c.spuriousRetransmissions = s.spuriousRetransmissions();
        c.outOfOrder = s.outOfOrder();
        c.lostSegments = s.lostSegments();
        c.dupAcks = s.dupAcks();
        c.zeroWindows = s.zeroWindows();
        c.zeroWindowProbes = s.zeroWindowProbes();
        c.windowFull = s.windowFull();
        c.windowUpdates = s.windowUpdates();
        c.keepAlives = s.keepAlives();
        c.retransmittedBytes = s.retransmittedBytes();
        return c;
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
