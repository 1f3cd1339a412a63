package io.synfin.agent.decode;

import java.nio.ByteBuffer;

/**
 * Decodes an IPv4 header (RFC 791 §3.1) up to the start of its TCP payload.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The datagram ends at the total length: Ethernet pads short frames to 60 bytes, and that trailer
 * is not payload. A total length of 0 is a TSO capture and takes the frame's length instead. A
 * later fragment (offset above 0) carries no TCP header and ends as {@link DecodeStatus#IP_FRAGMENT}
 * (after the protocol check: a non-TCP fragment is {@link DecodeStatus#NOT_TCP}); a first fragment
 * is decoded with its fragment info recorded.
 */
final class Ipv4Decoder {

    static final int MIN_HEADER_LEN = 20;
    // The first three 32-bit words are read whole (three bounds checks instead of seven):
    /** Version (4 bits), IHL (4), type of service (8), total length (16). */
    static final int VERSION_IHL_TOS_LENGTH_OFFSET = 0;
    /** Identification (16), flags (3), fragment offset (13). */
    static final int ID_FLAGS_FRAGMENT_OFFSET = 4;
    /** TTL (8), protocol (8), header checksum (16). */
    static final int TTL_PROTOCOL_CHECKSUM_OFFSET = 8;
    static final int SRC_OFFSET = 12;
    static final int DST_OFFSET = 16;
    /** The MF bit of the flags field (RFC 791 §3.1). */
    static final int MORE_FRAGMENTS = 0x2000;
    /** Fragment offset, in 8-octet units. */
    static final int FRAGMENT_OFFSET_MASK = 0x1FFF;
    /** IANA protocol number of TCP. */
    static final int PROTOCOL_TCP = 6;

    private Ipv4Decoder() {}

    /**
     * Decodes the header at {@code pos}; {@code capEnd} ends the captured bytes and {@code wireEnd}
     * the frame as it was on the wire. On OK sets {@code out.l4Offset} and {@code out.l4End}.
     */
    static DecodeStatus decode(ByteBuffer buf, int pos, int capEnd, int wireEnd, DecodedSegment out) {
        int captured = capEnd - pos;
        if (captured < MIN_HEADER_LEN) {
            return capEnd < wireEnd && wireEnd - pos >= MIN_HEADER_LEN
                    ? DecodeStatus.TRUNCATED_BY_SNAPLEN
                    : DecodeStatus.IPV4_HEADER_TOO_SHORT;
        }
        int word0 = buf.getInt(pos + VERSION_IHL_TOS_LENGTH_OFFSET);
        if ((word0 >>> 28) != 4) {
            return DecodeStatus.IP_VERSION_MISMATCH;
        }
        int headerLen = ((word0 >>> 24) & 0x0F) << 2;
        if (headerLen < MIN_HEADER_LEN) {
            return DecodeStatus.IPV4_IHL_BELOW_5;
        }
        int totalLen = word0 & 0xFFFF;
        if (totalLen == 0) {
            // A sender's own capture of a TCP segmentation offload datagram carries total length 0;
            // as Wireshark does, presume TSO and take the length of the frame on the wire.
            totalLen = wireEnd - pos;
        }
        if (totalLen < headerLen) {
            return DecodeStatus.IPV4_TOTAL_LENGTH_BELOW_HEADER;
        }
        if (totalLen > wireEnd - pos) {
            return DecodeStatus.IPV4_TOTAL_LENGTH_PAST_CAPTURE;
        }
        if (headerLen > captured) {
            // totalLen fits the wire length but not the capture: only the snaplen can explain it.
            return DecodeStatus.TRUNCATED_BY_SNAPLEN;
        }
        int word2 = buf.getInt(pos + TTL_PROTOCOL_CHECKSUM_OFFSET);
        if (((word2 >>> 16) & 0xFF) != PROTOCOL_TCP) {
            return DecodeStatus.NOT_TCP;
        }
        int word1 = buf.getInt(pos + ID_FLAGS_FRAGMENT_OFFSET);
        if ((word1 & FRAGMENT_OFFSET_MASK) != 0) {
            return DecodeStatus.IP_FRAGMENT;
        }
        boolean more = (word1 & MORE_FRAGMENTS) != 0;
        out.ipVersion = 4;
        out.ipTotalLen = totalLen;
        out.ttl = word2 >>> 24;
        out.ipId = word1 >>> 16;
        out.fragment = more;
        out.moreFragments = more;
        out.fragmentOffset = 0;
        putInt(out.srcAddr, buf.getInt(pos + SRC_OFFSET));
        putInt(out.dstAddr, buf.getInt(pos + DST_OFFSET));
        out.l4Offset = pos + headerLen;
        out.l4End = pos + totalLen;
        return DecodeStatus.OK;
    }

    static void putInt(byte[] target, int value) {
        target[0] = (byte) (value >>> 24);
        target[1] = (byte) (value >>> 16);
        target[2] = (byte) (value >>> 8);
        target[3] = (byte) value;
    }
}
