package io.synfin.core.state;

import java.util.Arrays;

/**
 * What one endpoint was seen sending, on its 64-bit sequence line, so that an acknowledgment can tell
 * which of the acknowledged bytes were never seen (content gaps, Zeek's {@code missed_bytes}): the end
 * of the data seen without a hole, and up to {@link #MAX_BLOCKS} blocks seen beyond holes.
 *
 * <p>A reassembler keeps every block; a header-only tracker needs only their bounds. The bound keeps
 * the state small against hostile traffic: when a ninth block would be kept, the highest one is
 * forgotten, and its bytes count as missed if they are acknowledged without being seen again.
 */
final class ContentGaps {

    static final int MAX_BLOCKS = 8;
    /** Slots a snapshot takes: the contiguous end, the block count, the block bounds. */
    static final int SNAPSHOT_SLOTS = 2 + 2 * MAX_BLOCKS;

    /** End of the data seen without a hole from the start: what the peer may ACK without a gap. */
    private long high;
    /** Sorted, disjoint, non-adjacent blocks above {@link #high}: start, end pairs; null until needed. */
    private long[] blocks;
    private int count;
    /** Holes the last {@link #acknowledgedTo} crossed: Zeek reports each hole as one gap. */
    private int holes;

    /** Restarts the line: data is contiguous up to {@code end}, nothing beyond is known. */
    void reset(long end) {
        high = end;
        count = 0;
    }

    long high() {
        return high;
    }

    int holes() {
        return holes;
    }

    /** Notes payload [from, to): it extends the contiguous data, or is kept as a block beyond a hole. */
    void dataSeen(long from, long to) {
        if (to <= high) {
            return;
        }
        if (from <= high) {
            high = to;
            absorbBlocks();
            return;
        }
        insertBlock(from, to);
    }

    /**
     * The peer acknowledged up to {@code ack}: returns the bytes below it never seen and moves the
     * contiguous end there (as a reassembler trims to the acknowledged point); {@link #holes()} then
     * says how many separate holes those bytes formed.
     */
    long acknowledgedTo(long ack) {
        holes = 0;
        if (ack <= high) {
            return 0;
        }
        long missing = 0;
        long pos = high;
        while (count > 0 && blocks[0] < ack) {
            missing += blocks[0] - pos;
            holes++;
            pos = Math.max(pos, blocks[1]);
            removeFirst();
        }
        if (pos < ack) {
            missing += ack - pos;
            holes++;
            pos = ack;
        }
        high = pos;
        absorbBlocks();
        return missing;
    }

    /** Blocks that now start at or below the contiguous end join it (a filled hole is no gap). */
    private void absorbBlocks() {
        while (count > 0 && blocks[0] <= high) {
            high = Math.max(high, blocks[1]);
            removeFirst();
        }
    }

    private void removeFirst() {
        count--;
        System.arraycopy(blocks, 2, blocks, 0, 2 * count);
    }

    private void insertBlock(long from, long to) {
        if (blocks == null) {
            blocks = new long[2 * (MAX_BLOCKS + 1)];
        }
        // Find the first block that ends at or after `from` (it may overlap or touch the new one).
        int i = 0;
        while (i < count && blocks[2 * i + 1] < from) {
            i++;
        }
        // Merge every block that overlaps or touches [from, to).
        int j = i;
        while (j < count && blocks[2 * j] <= to) {
            from = Math.min(from, blocks[2 * j]);
            to = Math.max(to, blocks[2 * j + 1]);
            j++;
        }
        int merged = j - i;
        if (merged != 1) {
            System.arraycopy(blocks, 2 * j, blocks, 2 * i + 2, 2 * (count - j));
            count += 1 - merged;
        }
        blocks[2 * i] = from;
        blocks[2 * i + 1] = to;
        if (count > MAX_BLOCKS) {
            count = MAX_BLOCKS;
        }
    }

    void snapshot(long[] out, int at) {
        out[at] = high;
        out[at + 1] = count;
        Arrays.fill(out, at + 2, at + SNAPSHOT_SLOTS, 0);
        if (count > 0) {
            System.arraycopy(blocks, 0, out, at + 2, 2 * count);
        }
    }

    void restore(long[] in, int at) {
        high = in[at];
        count = (int) in[at + 1];
        if (count > 0) {
            blocks = new long[2 * (MAX_BLOCKS + 1)];
            System.arraycopy(in, at + 2, blocks, 0, 2 * count);
        }
    }
}
