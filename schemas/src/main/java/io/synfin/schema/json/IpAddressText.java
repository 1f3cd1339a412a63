package io.synfin.schema.json;

import java.nio.ByteBuffer;

/**
 * IP addresses as text without a resolver: IPv4 as a dotted quad, IPv6 in the canonical form of RFC 5952
 * (lower-case hex, no leading zeros, the longest run of two or more zero groups as {@code ::}).
 */
public final class IpAddressText {

    private static final int IPV4_BYTES = 4;
    private static final int IPV6_BYTES = 16;
    private static final int IPV6_GROUPS = 8;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private IpAddressText() {}

    /** True when {@code length} is the length of an IPv4 or IPv6 address. */
    public static boolean isAddressLength(int length) {
        return length == IPV4_BYTES || length == IPV6_BYTES;
    }

    /** The address text of a 4- or 16-byte address. */
    public static String format(byte[] address) {
        return append(new StringBuilder(39), ByteBuffer.wrap(address)).toString();
    }

    /**
     * Appends the address held in {@code address}'s remaining bytes (4 or 16) without moving its position.
     *
     * @throws IllegalArgumentException when the remaining bytes are neither 4 nor 16
     */
    public static StringBuilder append(StringBuilder out, ByteBuffer address) {
        int start = address.position();
        switch (address.remaining()) {
            case IPV4_BYTES -> appendIpv4(out, address, start);
            case IPV6_BYTES -> appendIpv6(out, address, start);
            default -> throw new IllegalArgumentException(
                    String.format("an IP address has 4 or 16 bytes, not %d", address.remaining()));
        }
        return out;
    }

    private static void appendIpv4(StringBuilder out, ByteBuffer address, int start) {
        for (int i = 0; i < IPV4_BYTES; i++) {
            if (i > 0) {
                out.append('.');
            }
            out.append(address.get(start + i) & 0xFF);
        }
    }

    private static void appendIpv6(StringBuilder out, ByteBuffer address, int start) {
        int[] groups = new int[IPV6_GROUPS];
        for (int i = 0; i < IPV6_GROUPS; i++) {
            groups[i] = (address.get(start + 2 * i) & 0xFF) << 8 | (address.get(start + 2 * i + 1) & 0xFF);
        }
        // RFC 5952 §5: IPv4-mapped addresses (::ffff:0:0/96) keep the IPv4 part as a dotted quad.
        if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0
                && groups[5] == 0xFFFF) {
            out.append("::ffff:");
            appendIpv4(out, address, start + 12);
            return;
        }
        // RFC 5952 §4.2: compress the longest run of zero groups, the first one on a tie, never a single group.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < IPV6_GROUPS; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int runEnd = i;
            while (runEnd < IPV6_GROUPS && groups[runEnd] == 0) {
                runEnd++;
            }
            if (runEnd - i > bestLength) {
                bestStart = i;
                bestLength = runEnd - i;
            }
            i = runEnd;
        }
        for (int i = 0; i < IPV6_GROUPS; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLength) {
                out.append(':');
            }
            appendHexGroup(out, groups[i]);
        }
    }

    /** RFC 5952 §4.1 and §4.3: no leading zeros, lower case. */
    private static void appendHexGroup(StringBuilder out, int group) {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            int nibble = (group >> shift) & 0xF;
            if (nibble != 0 || started || shift == 0) {
                out.append(HEX[nibble]);
                started = true;
            }
        }
    }
}
