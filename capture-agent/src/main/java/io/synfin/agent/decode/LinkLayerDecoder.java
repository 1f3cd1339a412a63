package io.synfin.agent.decode;

import io.synfin.agent.capture.LinkType;
import java.nio.ByteBuffer;

/**
 * Finds the IP header behind a frame's first header, per LINKTYPE_* (tcpdump.org link-layer header
 * types registry), and hands Ethernet-family types on to {@link EtherTypeDecoder}.
 *
 * <pre>
 * Ethernet II (LINKTYPE_ETHERNET, 1)          Linux cooked v1 (LINKTYPE_LINUX_SLL, 113)
 *  0                   1                        0                   1
 *  +-------------------+                        +-------------------+
 *  | destination (6)   |  0                     | packet type (2)   |  0
 *  | source (6)        |  6                     | ARPHRD type (2)   |  2
 *  | type/length (2)   | 12                     | addr length (2)   |  4
 *  +-------------------+ 14                     | address (8)       |  6
 *                                               | protocol (2)      | 14
 * Linux cooked v2 (LINKTYPE_LINUX_SLL2, 276)    +-------------------+ 16
 *  +-------------------+
 *  | protocol (2)      |  0                   NULL (0) / LOOP (108)
 *  | reserved (2)      |  2                     +-------------------+
 *  | interface idx (4) |  4                     | address family (4)|  0  host order / network order
 *  | ARPHRD type (2)   |  8                     +-------------------+  4
 *  | packet type (1)   | 10
 *  | addr length (1)   | 11                   RAW (101, 12, 14): IP version in the first nibble
 *  | address (8)       | 12                   IPV4 (228), IPV6 (229): that version only
 *  +-------------------+ 20
 * </pre>
 */
final class LinkLayerDecoder {

    static final int ETHERNET_HEADER_LEN = 14;
    static final int ETHERNET_TYPE_OFFSET = 12;
    static final int SLL_HEADER_LEN = 16;
    static final int SLL_PROTOCOL_OFFSET = 14;
    static final int SLL2_HEADER_LEN = 20;
    static final int SLL2_PROTOCOL_OFFSET = 0;
    static final int NULL_HEADER_LEN = 4;

    // Address family values of the BSD loopback header: AF_INET is 2 everywhere; AF_INET6 is 24
    // (NetBSD/OpenBSD), 28 (FreeBSD) or 30 (macOS), which is why the pcap format lists all three.
    static final int AF_INET = 2;
    static final int AF_INET6_BSD = 24;
    static final int AF_INET6_FREEBSD = 28;
    static final int AF_INET6_DARWIN = 30;

    private LinkLayerDecoder() {}

    /**
     * Decodes the link layer of the captured bytes {@code [pos, capEnd)}; on {@link DecodeStatus#OK}
     * sets {@code out.l3Offset} and {@code out.l3Version} (0 when the first nibble decides).
     */
    static DecodeStatus decode(int linkType, ByteBuffer buf, int pos, int capEnd, DecodedSegment out) {
        switch (linkType) {
            case LinkType.ETHERNET:
                return etherTypeAt(buf, pos, capEnd, ETHERNET_HEADER_LEN, ETHERNET_TYPE_OFFSET, out);
            case LinkType.LINUX_SLL:
                // The protocol field holds an EtherType; the special values 1 (802.3) and 4 (802.2 LLC)
                // fall below 1500 and end as NOT_IP like any length field.
                return etherTypeAt(buf, pos, capEnd, SLL_HEADER_LEN, SLL_PROTOCOL_OFFSET, out);
            case LinkType.LINUX_SLL2:
                return etherTypeAt(buf, pos, capEnd, SLL2_HEADER_LEN, SLL2_PROTOCOL_OFFSET, out);
            case LinkType.RAW:
            case LinkType.DLT_RAW_12:
            case LinkType.DLT_RAW_14:
                return ip(pos, 0, out);
            case LinkType.IPV4:
                return ip(pos, 4, out);
            case LinkType.IPV6:
                return ip(pos, 6, out);
            case LinkType.NULL:
                if (capEnd - pos < NULL_HEADER_LEN) {
                    return DecodeStatus.LINK_HEADER_TRUNCATED;
                }
                int hostFamily = buf.getInt(pos);
                // Written in the capturing host's order: every family value fits in 16 bits, so high
                // bits set mean the bytes are little-endian (as libpcap and Wireshark reason).
                if ((hostFamily & 0xFFFF0000) != 0) {
                    hostFamily = Integer.reverseBytes(hostFamily);
                }
                return family(hostFamily, pos + NULL_HEADER_LEN, out);
            case LinkType.LOOP:
                if (capEnd - pos < NULL_HEADER_LEN) {
                    return DecodeStatus.LINK_HEADER_TRUNCATED;
                }
                return family(buf.getInt(pos), pos + NULL_HEADER_LEN, out);
            default:
                return DecodeStatus.UNKNOWN_LINK_TYPE;
        }
    }

    private static DecodeStatus etherTypeAt(
            ByteBuffer buf, int pos, int capEnd, int headerLen, int typeOffset, DecodedSegment out) {
        if (capEnd - pos < headerLen) {
            return DecodeStatus.LINK_HEADER_TRUNCATED;
        }
        return EtherTypeDecoder.decode(buf.getShort(pos + typeOffset) & 0xFFFF, buf, pos + headerLen, capEnd, out);
    }

    private static DecodeStatus family(int family, int l3Offset, DecodedSegment out) {
        switch (family) {
            case AF_INET:
                return ip(l3Offset, 4, out);
            case AF_INET6_BSD:
            case AF_INET6_FREEBSD:
            case AF_INET6_DARWIN:
                return ip(l3Offset, 6, out);
            default:
                return DecodeStatus.NOT_IP;
        }
    }

    static DecodeStatus ip(int l3Offset, int version, DecodedSegment out) {
        out.l3Offset = l3Offset;
        out.l3Version = version;
        return DecodeStatus.OK;
    }
}
