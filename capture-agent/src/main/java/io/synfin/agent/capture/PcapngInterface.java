package io.synfin.agent.capture;

/**
 * One pcapng Interface Description Block as the reader needs it: link type, snaplen, and the
 * conversion of its timestamp units to nanoseconds ({@code if_tsresol}, {@code if_tsoffset};
 * draft-ietf-opsawg-pcapng §4.2).
 */
final class PcapngInterface {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** if_tsresol: the high bit chooses a power of 2, else a power of 10 (draft §4.2, option 9). */
    static final int TSRESOL_BINARY_BIT = 0x80;
    /** Default if_tsresol: microseconds. */
    static final int DEFAULT_TSRESOL = 6;
    /** 10^18 is the largest power of ten in a long. */
    private static final int MAX_DECIMAL_EXPONENT = 18;
    private static final int MAX_BINARY_EXPONENT = 63;
    /** Fractions of up to 34 bits times 10^9 (< 2^30) still fit an unsigned long. */
    private static final int EXACT_FRACTION_BITS = 34;

    final int linkType;
    final int snaplen;
    private final boolean binary;
    private final int exponent;
    /** Decimal resolutions: multiply units by this (exponent <= 9) or divide by it (exponent > 9). */
    private final long decimalFactor;
    private final long offsetNanos;

    private PcapngInterface(int linkType, int snaplen, boolean binary, int exponent, long offsetSeconds) {
        this.linkType = linkType;
        this.snaplen = snaplen;
        this.binary = binary;
        this.exponent = exponent;
        this.decimalFactor = binary ? 0 : pow10(Math.abs(9 - exponent));
        this.offsetNanos = offsetSeconds * NANOS_PER_SECOND;
    }

    /**
     * @param tsresol the raw if_tsresol byte
     * @return the interface, or null when the resolution cannot be represented (a corrupt block)
     */
    static PcapngInterface of(int linkType, int snaplen, int tsresol, long offsetSeconds) {
        boolean binary = (tsresol & TSRESOL_BINARY_BIT) != 0;
        int exponent = tsresol & ~TSRESOL_BINARY_BIT;
        if (exponent > (binary ? MAX_BINARY_EXPONENT : MAX_DECIMAL_EXPONENT)) {
            return null;
        }
        return new PcapngInterface(linkType, snaplen, binary, exponent, offsetSeconds);
    }

    /** Nanoseconds since the epoch for a timestamp of {@code units} (an unsigned 64-bit count). */
    long toNanos(long units) {
        if (!binary) {
            long nanos = exponent <= 9 ? units * decimalFactor : Long.divideUnsigned(units, decimalFactor);
            return nanos + offsetNanos;
        }
        long seconds = units >>> exponent;
        long fraction = units & ((1L << exponent) - 1);
        long fractionNanos;
        if (exponent <= EXACT_FRACTION_BITS) {
            fractionNanos = (fraction * NANOS_PER_SECOND) >>> exponent;
        } else {
            fractionNanos = ((fraction >>> (exponent - EXACT_FRACTION_BITS)) * NANOS_PER_SECOND) >>> EXACT_FRACTION_BITS;
        }
        return seconds * NANOS_PER_SECOND + fractionNanos + offsetNanos;
    }

    private static long pow10(int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }
}
