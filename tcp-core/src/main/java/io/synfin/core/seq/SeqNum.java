package io.synfin.core.seq;

/**
 * Serial-number arithmetic on 32-bit TCP sequence numbers (RFC 1982, RFC 9293 §3.4): every comparison
 * of two sequence or acknowledgment numbers in SynFin goes through this class, never through {@code <}.
 */
public final class SeqNum {

    private SeqNum() {}

    /** True when {@code a} comes strictly before {@code b} in sequence space (Linux {@code before()}). */
    public static boolean before(int a, int b) {
        return a - b < 0;
    }

    /** True when {@code a} comes strictly after {@code b} in sequence space. */
    public static boolean after(int a, int b) {
        return b - a < 0;
    }

    /** True when {@code lo <= s <= hi} in sequence space, the range measured forward from {@code lo}. */
    public static boolean between(int s, int lo, int hi) {
        return Integer.toUnsignedLong(s - lo) <= Integer.toUnsignedLong(hi - lo);
    }

    /** Signed distance from {@code b} to {@code a}; meaningful while the two are within 2^31. */
    public static int delta(int a, int b) {
        return a - b;
    }
}
