package io.synfin.agent.decode;

import java.nio.ByteBuffer;

/**
 * Verifies a TCP checksum: the ones' complement sum over the pseudo-header and the whole segment
 * (RFC 9293 §3.1 for IPv4, RFC 8200 §8.1 for IPv6) is all ones when the checksum is right.
 */
final class TcpChecksum {

    /** IANA protocol number of TCP, the pseudo-header's protocol / next-header field. */
    static final int PROTOCOL_TCP = 6;

    private TcpChecksum() {}

    /** True when the segment {@code [pos, pos + length)} sums right with {@code out}'s addresses. */
    static boolean verify(ByteBuffer buf, int pos, int length, DecodedSegment out) {
        int addrLen = out.ipVersion == 4 ? 4 : 16;
        // The pseudo-header: source, destination, protocol, TCP length. 2^16 is 1 modulo 0xFFFF, so
        // summing 32-bit words and folding the carries gives the 16-bit ones' complement sum
        // (RFC 1071 §2 (B), byte-order and word-size independence).
        long sum = PROTOCOL_TCP + (long) length;
        for (int i = 0; i < addrLen; i += 4) {
            sum += intAt(out.srcAddr, i) & 0xFFFFFFFFL;
            sum += intAt(out.dstAddr, i) & 0xFFFFFFFFL;
        }
        int p = pos;
        int end = pos + length;
        while (end - p >= 4) {
            sum += buf.getInt(p) & 0xFFFFFFFFL;
            p += 4;
        }
        if (end - p >= 2) {
            sum += buf.getShort(p) & 0xFFFFL;
            p += 2;
        }
        if (end - p == 1) {
            // An odd last byte is padded with a zero octet on the right (RFC 9293 §3.1).
            sum += (buf.get(p) & 0xFFL) << 8;
        }
        return fold(sum) == 0xFFFF;
    }

    private static int intAt(byte[] bytes, int i) {
        return (bytes[i] & 0xFF) << 24 | (bytes[i + 1] & 0xFF) << 16
                | (bytes[i + 2] & 0xFF) << 8 | (bytes[i + 3] & 0xFF);
    }

    private static int fold(long sum) {
        long s = sum;
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }
}
