package io.synfin.core.analysis;

/**
 * One finding of the per-segment analysis, named after Wireshark's {@code tcp.analysis.*} flags; a
 * segment's findings travel as an {@code int} mask of {@link #bit()} values.
 *
 * <p>As Wireshark's display filter does, {@link #RETRANSMISSION} is also set on fast and spurious
 * retransmissions, so it means "any retransmission".
 */
public enum AnalysisFlag {
    RETRANSMISSION,
    FAST_RETRANSMISSION,
    SPURIOUS_RETRANSMISSION,
    OUT_OF_ORDER,
    LOST_SEGMENT,
    DUP_ACK,
    ZERO_WINDOW,
    ZERO_WINDOW_PROBE,
    WINDOW_FULL,
    WINDOW_UPDATE,
    KEEP_ALIVE,
    /** The segment acknowledges data never seen in the other direction (Wireshark: "ACKed unseen segment"). */
    ACKED_UNSEEN,
    /** A pure ACK answering a keep-alive; Wireshark does not count it as a duplicate ACK. */
    KEEP_ALIVE_ACK,
    /** A pure ACK answering a zero-window probe; Wireshark does not count it as a duplicate ACK. */
    ZERO_WINDOW_PROBE_ACK;

    private static final AnalysisFlag[] VALUES = values();

    private final int bit = 1 << ordinal();

    public int bit() {
        return bit;
    }

    public static boolean has(int mask, AnalysisFlag flag) {
        return (mask & flag.bit) != 0;
    }

    /** The set flags joined by {@code |}, or {@code none}; for logs and test messages only. */
    public static String toString(int mask) {
        StringBuilder text = new StringBuilder();
        for (AnalysisFlag flag : VALUES) {
            if (has(mask, flag)) {
                text.append(text.length() == 0 ? "" : "|").append(flag.name());
            }
        }
        return text.length() == 0 ? "none" : text.toString();
    }
}
