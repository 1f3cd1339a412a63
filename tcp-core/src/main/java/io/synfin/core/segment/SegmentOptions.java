package io.synfin.core.segment;

/**
 * The TCP options of one segment that the tracker uses (RFC 9293 §3.2, RFC 7323, RFC 2018).
 * Absent numeric options are {@code -1}.
 *
 * @param headerLen TCP header length in bytes (20 when there are no options)
 * @param mss maximum segment size (kind 2), or -1
 * @param windowScale window scale shift (kind 3), or -1
 * @param sackPermitted SACK-permitted (kind 4) present
 * @param sackBlocks SACK blocks (kind 5) as raw 32-bit edges, left/right pairs; empty when none; not copied
 * @param tsVal timestamp value (kind 8) as an unsigned 32-bit value, or -1
 * @param tsEcr timestamp echo reply (kind 8) as an unsigned 32-bit value, or -1
 * @param unknownKinds kinds present but not parsed (NOP and EOL excluded); not copied
 */
public record SegmentOptions(
        int headerLen,
        int mss,
        int windowScale,
        boolean sackPermitted,
        int[] sackBlocks,
        long tsVal,
        long tsEcr,
        int[] unknownKinds) {

    private static final int[] EMPTY = new int[0];

    /** A 20-byte header: no options at all. */
    public static final SegmentOptions NONE = new SegmentOptions(20, -1, -1, false, EMPTY, -1, -1, EMPTY);

    public boolean hasMss() {
        return mss >= 0;
    }

    public boolean hasWindowScale() {
        return windowScale >= 0;
    }

    public boolean hasTimestamps() {
        return tsVal >= 0;
    }
}
