package io.synfin.agent.decode;

/**
 * A count per {@link DecodeStatus}; every decoded frame adds one to exactly one count. Not thread
 * safe: one instance per decoding thread, merged with {@link #addAll(DecodeCounters)}.
 */
public final class DecodeCounters {

    private final long[] counts = new long[DecodeStatus.count()];

    /** Counts one frame that ended as {@code status}. */
    public void increment(DecodeStatus status) {
        counts[status.ordinal()]++;
    }

    public long count(DecodeStatus status) {
        return counts[status.ordinal()];
    }

    /** Frames counted, whatever their status. */
    public long total() {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }

    /** Adds every count of {@code other} into this set. */
    public void addAll(DecodeCounters other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
    }

    public void reset() {
        java.util.Arrays.fill(counts, 0);
    }

    /** {@code status=count} for the non-zero counts in enum order, e.g. {@code OK=10 NOT_TCP=2}. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                if (text.length() > 0) {
                    text.append(' ');
                }
                text.append(DecodeStatus.of(i).name()).append('=').append(counts[i]);
            }
        }
        return text.length() == 0 ? "none" : text.toString();
    }

    @Override
    public String toString() {
        return "DecodeCounters[total=" + total() + " " + summary() + "]";
    }
}
