package io.synfin.agent.decode;

import java.nio.ByteBuffer;

/**
 * Decodes an IPv6 header (RFC 8200 §3) and walks its extension headers (RFC 8200 §4) to TCP.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Source Address (16 octets)                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |               Destination Address (16 octets)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * Extension header (hop-by-hop 0, routing 43, destination options 60, mobility 135):
 * | Next Header   | Hdr Ext Len (8-octet units, not counting the first 8) | ...
 * Authentication header 51 (RFC 4302 §2): | Next Header | Payload Len (4-octet units, minus 2) | ...
 * Fragment header 44 (RFC 8200 §4.5), 8 octets:
 * | Next Header   |   Reserved    |      Fragment Offset    |Res|M|
 * |                         Identification                        |
 * </pre>
 *
 * <p>A fragment header with a non-zero offset ends as {@link DecodeStatus#IP_FRAGMENT}: the TCP
 * header is only in the first fragment. An extension header that runs past the datagram ends as
 * {@link DecodeStatus#IPV6_EXTENSION_CHAIN_OVERRUN}; past the captured bytes of a snaplen-cut
 * frame, as {@link DecodeStatus#TRUNCATED_BY_SNAPLEN}. Next header 59 and non-TCP protocols are
 * {@link DecodeStatus#NOT_TCP}.
 */
final class Ipv6Decoder {

    static final int HEADER_LEN = 40;
    static final int VERSION_OFFSET = 0;
    static final int PAYLOAD_LENGTH_OFFSET = 4;
    static final int NEXT_HEADER_OFFSET = 6;
    static final int HOP_LIMIT_OFFSET = 7;
    static final int SRC_OFFSET = 8;
    static final int DST_OFFSET = 24;
    static final int ADDRESS_LEN = 16;

    // Next-header values (IANA "IPv6 Extension Header Types", RFC 8200 §4, RFC 4302, RFC 6275).
    static final int HOP_BY_HOP = 0;
    static final int TCP = 6;
    static final int ROUTING = 43;
    static final int FRAGMENT = 44;
    static final int AUTHENTICATION = 51;
    static final int NO_NEXT_HEADER = 59;
    static final int DESTINATION_OPTIONS = 60;
    static final int MOBILITY = 135;

    static final int EXT_NEXT_OFFSET = 0;
    static final int EXT_LENGTH_OFFSET = 1;
    static final int EXT_MIN_LEN = 2;
    static final int FRAGMENT_HEADER_LEN = 8;
    static final int FRAGMENT_FIELD_OFFSET = 2;
    static final int FRAGMENT_ID_OFFSET = 4;
    /** Fragment offset in the upper 13 bits, already in bytes when the low 3 bits are masked. */
    static final int FRAGMENT_OFFSET_BYTES_MASK = 0xFFF8;
    static final int FRAGMENT_MORE = 0x0001;

    private Ipv6Decoder() {}

    /** As {@link Ipv4Decoder#decode}. */
    static DecodeStatus decode(ByteBuffer buf, int pos, int capEnd, int wireEnd, DecodedSegment out) {
        if (capEnd - pos < HEADER_LEN) {
            return capEnd < wireEnd && wireEnd - pos >= HEADER_LEN
                    ? DecodeStatus.TRUNCATED_BY_SNAPLEN
                    : DecodeStatus.IPV6_HEADER_TOO_SHORT;
        }
        if (((buf.get(pos + VERSION_OFFSET) >> 4) & 0x0F) != 6) {
            return DecodeStatus.IP_VERSION_MISMATCH;
        }
        int payloadLen = buf.getShort(pos + PAYLOAD_LENGTH_OFFSET) & 0xFFFF;
        if (payloadLen > wireEnd - pos - HEADER_LEN) {
            return DecodeStatus.IPV6_PAYLOAD_LENGTH_PAST_CAPTURE;
        }
        int ipEnd = pos + HEADER_LEN + payloadLen;
        int next = buf.get(pos + NEXT_HEADER_OFFSET) & 0xFF;
        int p = pos + HEADER_LEN;
        boolean fragment = false;
        boolean more = false;
        int fragmentId = 0;
        // Every extension header is at least 8 bytes, so the walk ends within the datagram.
        while (next != TCP) {
            int len;
            switch (next) {
                case HOP_BY_HOP:
                case ROUTING:
                case DESTINATION_OPTIONS:
                case MOBILITY:
                case AUTHENTICATION:
                    if (ipEnd - p < EXT_MIN_LEN) {
                        return DecodeStatus.IPV6_EXTENSION_CHAIN_OVERRUN;
                    }
                    if (capEnd - p < EXT_MIN_LEN) {
                        return DecodeStatus.TRUNCATED_BY_SNAPLEN;
                    }
                    int units = buf.get(p + EXT_LENGTH_OFFSET) & 0xFF;
                    // AH counts 4-octet units minus 2 (RFC 4302 §2.2); the others 8-octet units
                    // not counting the first 8 (RFC 8200 §4.3).
                    len = next == AUTHENTICATION ? (units + 2) << 2 : (units + 1) << 3;
                    break;
                case FRAGMENT:
                    if (ipEnd - p < FRAGMENT_HEADER_LEN) {
                        return DecodeStatus.IPV6_EXTENSION_CHAIN_OVERRUN;
                    }
                    if (capEnd - p < FRAGMENT_HEADER_LEN) {
                        return DecodeStatus.TRUNCATED_BY_SNAPLEN;
                    }
                    int field = buf.getShort(p + FRAGMENT_FIELD_OFFSET) & 0xFFFF;
                    if ((field & FRAGMENT_OFFSET_BYTES_MASK) != 0) {
                        return DecodeStatus.IP_FRAGMENT;
                    }
                    fragment = true;
                    more = (field & FRAGMENT_MORE) != 0;
                    fragmentId = buf.getInt(p + FRAGMENT_ID_OFFSET);
                    len = FRAGMENT_HEADER_LEN;
                    break;
                default:
                    // 59 (no next header), ESP, ICMPv6, UDP and anything else.
                    return DecodeStatus.NOT_TCP;
            }
            if (ipEnd - p < len) {
                return DecodeStatus.IPV6_EXTENSION_CHAIN_OVERRUN;
            }
            next = buf.get(p + EXT_NEXT_OFFSET) & 0xFF;
            p += len;
        }
        out.ipVersion = 6;
        out.ipTotalLen = HEADER_LEN + payloadLen;
        out.ttl = buf.get(pos + HOP_LIMIT_OFFSET) & 0xFF;
        out.ipId = fragmentId;
        out.fragment = fragment;
        out.moreFragments = more;
        out.fragmentOffset = 0;
        buf.get(pos + SRC_OFFSET, out.srcAddr, 0, ADDRESS_LEN);
        buf.get(pos + DST_OFFSET, out.dstAddr, 0, ADDRESS_LEN);
        out.l4Offset = p;
        out.l4End = ipEnd;
        return DecodeStatus.OK;
    }
}
