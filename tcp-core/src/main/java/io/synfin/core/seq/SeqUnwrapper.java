package io.synfin.core.seq;

/**
 * Maps raw 32-bit sequence numbers of one direction onto a 64-bit line, so that byte counts stay right
 * after the sequence space wraps (SPEC §5: more than 4 GiB in one direction). Each value is placed at
 * the point nearest to the highest value seen so far, the way Zeek's {@code ToFullSeqSpace} counts wraps.
 */
public final class SeqUnwrapper {

    private long highest;
    private boolean started;

    /** Starts the line at {@code first}, which maps to its unsigned 32-bit value. */
    public void start(int first) {
        highest = Integer.toUnsignedLong(first);
        started = true;
    }

    public boolean started() {
        return started;
    }

    /** The 64-bit position of {@code seq}; moves the high-water mark forward when {@code seq} is newer. */
    public long unwrap(int seq) {
        if (!started) {
            start(seq);
            return highest;
        }
        long value = position(highest, seq);
        highest = Math.max(highest, value);
        return value;
    }

    /** The point of {@code seq} on a line whose highest position so far is {@code highest}. */
    public static long position(long highest, int seq) {
        return highest + SeqNum.delta(seq, (int) highest);
    }

    /** The 64-bit position of {@code seq} without moving the high-water mark. */
    public long peek(int seq) {
        return started ? position(highest, seq) : Integer.toUnsignedLong(seq);
    }

    public long highest() {
        return highest;
    }

    /** Restores a line saved with {@link #highest()}. */
    public void restore(long savedHighest, boolean savedStarted) {
        highest = savedHighest;
        started = savedStarted;
    }
}
