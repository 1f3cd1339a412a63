package io.synfin.agent.decode;

import java.nio.ByteBuffer;

/**
 * Follows an EtherType through the tags, label stacks and shims between the link header and IP:
 * 802.1Q/802.1ad VLAN tags, MPLS label stacks, PPPoE sessions, 802.1ah PBB and Cisco FabricPath.
 *
 * <pre>
 * 802.1Q / 802.1ad tag (after type 0x8100, 0x88a8, 0x9100)
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-----+-+-----------------------+-------------------------------+
 * | PCP |D|       VLAN id         |      next EtherType           |
 * +-----+-+-----------------------+-------------------------------+
 * MPLS label stack entry (RFC 3032 §2.1; 0x8847, 0x8848), repeated until S = 1
 * +---------------------------------------+-----+-+---------------+
 * |                 Label                 | TC  |S|      TTL      |
 * +---------------------------------------+-----+-+---------------+
 * PPPoE session (RFC 2516 §4; 0x8864) then PPP protocol (RFC 1661 §2)
 * +-------+-------+---------------+-------------------------------+
 * |  VER  | TYPE  |     CODE      |          SESSION_ID           |
 * +-------+-------+---------------+-------------------------------+
 * |            LENGTH             |  PPP protocol (0x0021/0x0057) |
 * +-------------------------------+-------------------------------+
 * 802.1ah I-tag (0x88e7): PCP/DEI/UCA/res (8 bits), I-SID (24 bits), then a whole inner
 * Ethernet header (destination 6, source 6, type 2).
 * FabricPath (0x8903): FTag (10 bits) / TTL (6 bits), then a whole inner Ethernet header.
 * </pre>
 */
final class EtherTypeDecoder {

    static final int VLAN_TAG_LEN = 4;
    static final int VLAN_TCI_OFFSET = 0;
    static final int VLAN_TYPE_OFFSET = 2;
    static final int VLAN_ID_MASK = 0x0FFF;
    static final int MPLS_ENTRY_LEN = 4;
    /** The bottom-of-stack bit S of a label stack entry (RFC 3032 §2.1). */
    static final int MPLS_BOTTOM_OF_STACK = 0x100;
    static final int PPPOE_HEADER_LEN = 6;
    static final int PPP_PROTOCOL_OFFSET = 6;
    static final int PPPOE_SESSION_LEN = PPPOE_HEADER_LEN + 2;
    /** PPP protocol numbers of IPv4 (RFC 1332) and IPv6 (RFC 5072). */
    static final int PPP_IPV4 = 0x0021;
    static final int PPP_IPV6 = 0x0057;
    static final int INNER_ETHERNET_TYPE_OFFSET = 12;
    static final int PBB_ITAG_LEN = 4;
    static final int FABRICPATH_FTAG_LEN = 2;

    private EtherTypeDecoder() {}

    /**
     * Follows {@code etherType}, whose payload starts at {@code pos}, until an IP header; on OK sets
     * {@code out.l3Offset} and {@code out.l3Version}. Each step consumes at least 4 bytes and checks
     * them against {@code capEnd}, so the loop ends on any input.
     */
    static DecodeStatus decode(int etherType, ByteBuffer buf, int pos, int capEnd, DecodedSegment out) {
        if (etherType == EtherType.IPV4) {
            // Untagged IPv4, most frames: skip the switch.
            return LinkLayerDecoder.ip(pos, 4, out);
        }
        int type = etherType;
        int p = pos;
        while (true) {
            switch (type) {
                case EtherType.IPV4:
                    return LinkLayerDecoder.ip(p, 4, out);
                case EtherType.IPV6:
                    return LinkLayerDecoder.ip(p, 6, out);
                case EtherType.VLAN:
                case EtherType.QINQ:
                case EtherType.QINQ_LEGACY:
                    if (capEnd - p < VLAN_TAG_LEN) {
                        return DecodeStatus.LINK_HEADER_TRUNCATED;
                    }
                    out.addVlan(buf.getShort(p + VLAN_TCI_OFFSET) & VLAN_ID_MASK);
                    type = buf.getShort(p + VLAN_TYPE_OFFSET) & 0xFFFF;
                    p += VLAN_TAG_LEN;
                    break;
                case EtherType.MPLS_UNICAST:
                case EtherType.MPLS_MULTICAST:
                    return mpls(buf, p, capEnd, out);
                case EtherType.PPPOE_SESSION:
                    if (capEnd - p < PPPOE_SESSION_LEN) {
                        return DecodeStatus.LINK_HEADER_TRUNCATED;
                    }
                    int ppp = buf.getShort(p + PPP_PROTOCOL_OFFSET) & 0xFFFF;
                    if (ppp == PPP_IPV4) {
                        return LinkLayerDecoder.ip(p + PPPOE_SESSION_LEN, 4, out);
                    }
                    return ppp == PPP_IPV6 ? LinkLayerDecoder.ip(p + PPPOE_SESSION_LEN, 6, out) : DecodeStatus.NOT_IP;
                case EtherType.PBB:
                case EtherType.FABRICPATH:
                    // Both carry a whole inner Ethernet header after their own 4- or 2-byte shim.
                    int inner = p + (type == EtherType.PBB ? PBB_ITAG_LEN : FABRICPATH_FTAG_LEN);
                    if (capEnd - inner < LinkLayerDecoder.ETHERNET_HEADER_LEN) {
                        return DecodeStatus.LINK_HEADER_TRUNCATED;
                    }
                    type = buf.getShort(inner + INNER_ETHERNET_TYPE_OFFSET) & 0xFFFF;
                    p = inner + LinkLayerDecoder.ETHERNET_HEADER_LEN;
                    break;
                default:
                    // ARP, LLDP, 802.3 length fields and everything else that is not IP.
                    return DecodeStatus.NOT_IP;
            }
        }
    }

    /**
     * Skips the label stack to the entry with S set; the payload type is not signalled (RFC 3032 §3),
     * so it is taken from the first nibble as Wireshark's default heuristic does: 4 IPv4, 6 IPv6.
     */
    private static DecodeStatus mpls(ByteBuffer buf, int pos, int capEnd, DecodedSegment out) {
        int p = pos;
        while (true) {
            if (capEnd - p < MPLS_ENTRY_LEN) {
                return DecodeStatus.LINK_HEADER_TRUNCATED;
            }
            int entry = buf.getInt(p);
            p += MPLS_ENTRY_LEN;
            if ((entry & MPLS_BOTTOM_OF_STACK) != 0) {
                break;
            }
        }
        if (p >= capEnd) {
            return DecodeStatus.LINK_HEADER_TRUNCATED;
        }
        int version = (buf.get(p) >> 4) & 0x0F;
        if (version == 4 || version == 6) {
            return LinkLayerDecoder.ip(p, version, out);
        }
        // A pseudowire control word (first nibble 0) or an Ethernet pseudowire: not IP here.
        return DecodeStatus.NOT_IP;
    }
}
