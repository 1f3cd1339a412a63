package io.synfin.core.analysis;

/**
 * The analysis state of one direction of a connection (what its sender has sent, acknowledged and
 * advertised so far) plus that direction's {@link DirectionCounters}. Mutated only by
 * {@link SegmentAnalyzer}; the tracker keeps one per direction and persists it through
 * {@link #snapshot()} / {@link #restore(Snapshot)}.
 */
public final class DirectionAnalysis {

    /** Window scale not known yet (no handshake seen): Wireshark then never reports "window full". */
    static final int SCALE_UNKNOWN = -2;
    /** Scaling negotiated off (RFC 7323 §2.2: both SYNs must carry the option). */
    static final int SCALE_NONE = -1;
    static final int MAX_SCALE = 14;

    /**
     * Everything a {@link DirectionAnalysis} holds, as primitives.
     *
     * @param seqKnown whether any segment was seen in this direction
     * @param nextSeq highest sequence number sent so far plus one (SYN/FIN count as one)
     * @param nextSeqMicros capture time of the segment that last advanced {@code nextSeq}
     * @param maxSeqKnown whether {@code maxSeqToBeAcked} is set
     * @param maxSeqToBeAcked end of the contiguous data seen, for "ACKed unseen segment"
     * @param lastAck acknowledgment field of the last segment (raw, whatever its flags)
     * @param lastAckValid whether that last segment carried the ACK flag
     * @param lastAckMicros capture time of the last segment
     * @param window raw (unscaled) window of the last segment
     * @param windowKnown whether a segment was seen, so {@code window} is real
     * @param windowFromSyn whether that window came from a SYN, which is never scaled (RFC 7323 §2.2)
     * @param windowScale the shift advertised by this direction's sender, -1 off, -2 not known
     * @param dupAckCount duplicate ACKs in a row; -1 after an ACK of unseen data (as Wireshark does)
     * @param lastFlags the {@link AnalysisFlag} mask of the last segment
     * @param synMicros capture time of the latest SYN of the connection, -1 before one
     * @param firstRttMicros SYN to handshake-ACK time of the connection, -1 before it is known
     * @param counters the counters
     */
    public record Snapshot(
            boolean seqKnown,
            int nextSeq,
            long nextSeqMicros,
            boolean maxSeqKnown,
            int maxSeqToBeAcked,
            int lastAck,
            boolean lastAckValid,
            long lastAckMicros,
            int window,
            boolean windowKnown,
            boolean windowFromSyn,
            int windowScale,
            int dupAckCount,
            int lastFlags,
            long synMicros,
            long firstRttMicros,
            DirectionCounters.Snapshot counters) {}

    boolean seqKnown;
    int nextSeq;
    long nextSeqMicros;
    boolean maxSeqKnown;
    int maxSeqToBeAcked;
    int lastAck;
    boolean lastAckValid;
    long lastAckMicros;
    /** Raw window of the last segment; -1 before any (so no flag says whether it is known: 8 bytes less). */
    int window = -1;
    boolean windowFromSyn;
    int windowScale = SCALE_UNKNOWN;
    int dupAckCount;
    int lastFlags;
    long synMicros = -1;
    long firstRttMicros = -1;
    /**
     * Null until a segment of this direction is flagged: most directions never are, and tens of thousands
     * of connections are tracked at once, so the twelve counters are allocated only when one moves.
     */
    private DirectionCounters counters;

    public DirectionAnalysis() {}

    /** Counts one segment's findings (see {@link DirectionCounters#count}). */
    void count(int mask, int payloadLen) {
        if (mask == 0) {
            return;
        }
        if (counters == null) {
            counters = new DirectionCounters();
        }
        counters.count(mask, payloadLen);
    }

    /**
     * Sets the window scale shift this direction's sender announced, once the handshake shows whether
     * scaling is in effect: 0..14, or -1 when it is not (either SYN lacked the option). Until called,
     * the scale is unknown and "window full" is not judged, as in Wireshark.
     */
    public void setWindowScale(int shift) {
        if (shift < SCALE_NONE || shift > MAX_SCALE) {
            throw new IllegalArgumentException("window scale shift must be -1..14, got " + shift);
        }
        windowScale = shift;
    }

    /** Whether a segment was seen in this direction, so {@link #window} is real. */
    boolean windowKnown() {
        return window >= 0;
    }

    /** The window this direction advertised last, scaled when scaling is in effect (never for a SYN). */
    long effectiveWindow() {
        int shift = windowFromSyn || windowScale < 0 ? 0 : windowScale;
        return (long) window << shift;
    }

    /** The counters; all zero, and not to be kept, while nothing was flagged. */
    public DirectionCounters counters() {
        return counters == null ? DirectionCounters.NONE : counters;
    }

    public Snapshot snapshot() {
        return new Snapshot(seqKnown, nextSeq, nextSeqMicros, maxSeqKnown, maxSeqToBeAcked, lastAck, lastAckValid,
                lastAckMicros, Math.max(window, 0), windowKnown(), windowFromSyn, windowScale, dupAckCount, lastFlags, synMicros,
                firstRttMicros, counters().snapshot());
    }

    public static DirectionAnalysis restore(Snapshot s) {
        DirectionAnalysis d = new DirectionAnalysis();
        if (!DirectionCounters.ZERO.equals(s.counters())) {
            d.counters = DirectionCounters.restore(s.counters());
        }
        d.seqKnown = s.seqKnown();
        d.nextSeq = s.nextSeq();
        d.nextSeqMicros = s.nextSeqMicros();
        d.maxSeqKnown = s.maxSeqKnown();
        d.maxSeqToBeAcked = s.maxSeqToBeAcked();
        d.lastAck = s.lastAck();
        d.lastAckValid = s.lastAckValid();
        d.lastAckMicros = s.lastAckMicros();
        d.window = s.windowKnown() ? s.window() : -1;
        d.windowFromSyn = s.windowFromSyn();
        d.windowScale = s.windowScale();
        d.dupAckCount = s.dupAckCount();
        d.lastFlags = s.lastFlags();
        d.synMicros = s.synMicros();
        d.firstRttMicros = s.firstRttMicros();
        return d;
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
