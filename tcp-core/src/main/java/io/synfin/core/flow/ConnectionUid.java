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
        long h = mix(key.hash64() ^ mix(Integer.toUnsignedLong(isn) * 0x9E3779B97F4A7C15L ^ startMicros));
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

    // SplitMix64 finaliser: spreads every input bit over the whole output.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
