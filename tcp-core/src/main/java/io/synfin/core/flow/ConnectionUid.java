package io.synfin.core.flow;

/**
 * The connection identifier on every record and anomaly: {@code "C"} + base62 of a 64-bit digest, Zeek
 * style, derived from the flow key, the originator's initial sequence number and the start time (SPEC
 * §4), so it is stable across replays and restarts and distinct for each reuse of a 4-tuple.
 */
public final class ConnectionUid {

    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private ConnectionUid() {}

    public static String of(FlowKey key, int isn, long startMicros) {
        return text(digest(key, isn, startMicros));
    }

    /** The 64-bit digest behind the uid: a tracker keeps this and makes the text only when asked. */
    public static long digest(FlowKey key, int isn, long startMicros) {
        return mix(key.hash64() ^ mix(Integer.toUnsignedLong(isn) * 0x9E3779B97F4A7C15L ^ startMicros));
    }

    /** The uid text of a digest: "C" and eleven base62 digits, least significant first. */
    public static String text(long h) {
        StringBuilder text = new StringBuilder(12).append('C');
        // The first digit takes the unsigned division; what is left is below 2^63 and divides signed.
        text.append(BASE62[(int) Long.remainderUnsigned(h, 62)]);
        long v = Long.divideUnsigned(h, 62);
        for (int i = 1; i < 11; i++) {
            text.append(BASE62[(int) (v % 62)]);
            v /= 62;
        }
        return text.toString();
    }

    /** The digest a uid text was made from (the inverse of {@link #text(long)}). */
    public static long parse(String uid) {
        if (uid.length() != 12 || uid.charAt(0) != 'C') {
            throw new IllegalArgumentException("not a connection uid: " + uid);
        }
        // Digits 1..10 give the quotient h / 62 (below 2^59, no overflow); then h = digit0 + 62 * quotient.
        long quotient = 0;
        for (int i = 11; i >= 2; i--) {
            quotient = quotient * 62 + digit(uid, i);
        }
        return digit(uid, 1) + 62 * quotient;
    }

    private static int digit(String uid, int at) {
        char c = uid.charAt(at);
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'Z' ? c - 'A' + 10 : c >= 'a' && c <= 'z' ? c - 'a' + 36 : -1;
        if (d < 0) {
            throw new IllegalArgumentException("not a connection uid: " + uid);
        }
        return d;
    }

    // SplitMix64 finaliser: spreads every input bit over the whole output.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
