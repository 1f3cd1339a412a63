package io.synfin.agent.decode;

import static io.synfin.agent.decode.Fixtures.concat;
import static io.synfin.agent.decode.Fixtures.ethernet;
import static io.synfin.agent.decode.Fixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.agent.capture.LinkType;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One field of a valid fixture changed at its offset (or the capture cut) → the one status it
 * deserves, counted once, nothing thrown.
 */
class MalformedFrameTest {

    // Offsets in Fixtures.ethIpv4Syn(): Ethernet 14, IPv4 header 24 (IHL 6), TCP header 40.
    private static final int IP = 14;
    private static final int TCP = IP + 24;
    private static final int OPTIONS = TCP + 20;
    // Offsets in Fixtures.ethIpv6ExtensionChain(): the hop-by-hop header follows the 40-byte IPv6 header.
    private static final int IP6 = 14;
    private static final int HOP_BY_HOP = IP6 + 40;

    private record Case(String name, int linkType, byte[] frame, int capturedLength, DecodeStatus expected) {}

    private static Arguments mutated(String name, byte[] valid, Consumer<byte[]> change, DecodeStatus expected) {
        change.accept(valid);
        return Arguments.of(name, new Case(name, LinkType.ETHERNET, valid, valid.length, expected));
    }

    private static Arguments cut(String name, int linkType, byte[] valid, int capturedLength, DecodeStatus expected) {
        return Arguments.of(name, new Case(name, linkType, valid, capturedLength, expected));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // ---- IPv4 ----
                mutated("IHL 4", Fixtures.ethIpv4Syn(), f -> f[IP] = 0x44, DecodeStatus.IPV4_IHL_BELOW_5),
                mutated("IP version 6 behind EtherType IPv4", Fixtures.ethIpv4Syn(), f -> f[IP] = 0x66,
                        DecodeStatus.IP_VERSION_MISMATCH),
                mutated("total length 16", Fixtures.ethIpv4Syn(), f -> f[IP + 3] = 16,
                        DecodeStatus.IPV4_TOTAL_LENGTH_BELOW_HEADER),
                mutated("total length 256 in a 78-byte frame", Fixtures.ethIpv4Syn(), f -> f[IP + 2] = 1,
                        DecodeStatus.IPV4_TOTAL_LENGTH_PAST_CAPTURE),
                mutated("protocol UDP", Fixtures.ethIpv4Syn(), f -> f[IP + 9] = 17, DecodeStatus.NOT_TCP),
                mutated("fragment offset 8", Fixtures.ethIpv4Syn(), f -> f[IP + 7] = 1, DecodeStatus.IP_FRAGMENT),
                mutated("total length leaves 10 TCP bytes", Fixtures.ethIpv4AckPadded(), f -> f[IP + 3] = 30,
                        DecodeStatus.TCP_HEADER_TOO_SHORT),
                cut("IPv4 header of 10 bytes", LinkType.RAW, java.util.Arrays.copyOf(Fixtures.ipv4Ack(), 10), 10,
                        DecodeStatus.IPV4_HEADER_TOO_SHORT),
                // ---- TCP ----
                mutated("data offset 4", Fixtures.ethIpv4Syn(), f -> f[TCP + 12] = 0x41,
                        DecodeStatus.TCP_DATA_OFFSET_BELOW_5),
                mutated("data offset 15 in a 20-byte segment", Fixtures.ethIpv4AckPadded(),
                        f -> f[IP + 20 + 12] = (byte) 0xF0, DecodeStatus.TCP_DATA_OFFSET_PAST_SEGMENT),
                mutated("window scale length 4 runs past the header", Fixtures.ethIpv4Syn(),
                        f -> f[OPTIONS + 18] = 4, DecodeStatus.TCP_OPTIONS_OVERRUN),
                mutated("last option kind without a length byte", Fixtures.ethIpv4Syn(),
                        f -> { f[OPTIONS + 17] = 1; f[OPTIONS + 18] = 1; f[OPTIONS + 19] = 3; },
                        DecodeStatus.TCP_OPTIONS_OVERRUN),
                mutated("MSS length 5", Fixtures.ethIpv4Syn(), f -> f[OPTIONS + 1] = 5,
                        DecodeStatus.TCP_OPTION_BAD_LENGTH),
                mutated("MSS length 1", Fixtures.ethIpv4Syn(), f -> f[OPTIONS + 1] = 1,
                        DecodeStatus.TCP_OPTION_BAD_LENGTH),
                mutated("timestamps length 8", Fixtures.ethIpv4Syn(), f -> f[OPTIONS + 7] = 8,
                        DecodeStatus.TCP_OPTION_BAD_LENGTH),
                mutated("SACK length 17", Fixtures.ethIpv6ExtensionChain(), f -> f[HOP_BY_HOP + 52 + 20 + 15] = 17,
                        DecodeStatus.TCP_OPTION_BAD_LENGTH),
                cut("snaplen inside the TCP options", LinkType.ETHERNET, Fixtures.ethIpv4Syn(), OPTIONS + 10,
                        DecodeStatus.TRUNCATED_BY_SNAPLEN),
                cut("snaplen inside the fixed TCP header", LinkType.ETHERNET, Fixtures.ethIpv4Syn(), TCP + 12,
                        DecodeStatus.TRUNCATED_BY_SNAPLEN),
                cut("snaplen inside the IPv4 header", LinkType.ETHERNET, Fixtures.ethIpv4Syn(), IP + 10,
                        DecodeStatus.TRUNCATED_BY_SNAPLEN),
                // ---- IPv6 ----
                mutated("hop-by-hop length 255 runs past the datagram", Fixtures.ethIpv6ExtensionChain(),
                        f -> f[HOP_BY_HOP + 1] = (byte) 0xFF, DecodeStatus.IPV6_EXTENSION_CHAIN_OVERRUN),
                mutated("payload length 20 ends inside the chain", Fixtures.ethIpv6ExtensionChain(),
                        f -> f[IP6 + 5] = 20, DecodeStatus.IPV6_EXTENSION_CHAIN_OVERRUN),
                mutated("payload length 256", Fixtures.ethIpv6ExtensionChain(), f -> f[IP6 + 4] = 1,
                        DecodeStatus.IPV6_PAYLOAD_LENGTH_PAST_CAPTURE),
                mutated("IPv6 fragment offset 8", Fixtures.ethIpv6ExtensionChain(), f -> f[HOP_BY_HOP + 16 + 3] = 0x08,
                        DecodeStatus.IP_FRAGMENT),
                mutated("next header 59", Fixtures.ethIpv6ExtensionChain(), f -> f[HOP_BY_HOP + 8 + 8 + 8 + 12 + 8] = 59,
                        DecodeStatus.NOT_TCP),
                mutated("version 4 behind EtherType IPv6", Fixtures.ethIpv6Data(), f -> f[IP6] = 0x40,
                        DecodeStatus.IP_VERSION_MISMATCH),
                cut("snaplen inside the extension chain", LinkType.ETHERNET, Fixtures.ethIpv6ExtensionChain(),
                        HOP_BY_HOP + 17, DecodeStatus.TRUNCATED_BY_SNAPLEN),
                cut("IPv6 header of 30 bytes", LinkType.RAW, java.util.Arrays.copyOf(Fixtures.ipv6Data(), 30), 30,
                        DecodeStatus.IPV6_HEADER_TOO_SHORT),
                cut("raw IPv6 under the IPv4 link type", LinkType.IPV4, Fixtures.ipv6Data(), 63,
                        DecodeStatus.IP_VERSION_MISMATCH),
                cut("raw IP version 5", LinkType.RAW, hex("5000000000000000"), 8, DecodeStatus.NOT_IP),
                cut("empty raw frame", LinkType.RAW, new byte[0], 0, DecodeStatus.NOT_IP),
                // ---- link layers ----
                cut("unknown link type 147", 147, Fixtures.ethIpv4Syn(), 78, DecodeStatus.UNKNOWN_LINK_TYPE),
                cut("Ethernet header of 13 bytes", LinkType.ETHERNET, Fixtures.ethIpv4Syn(), 13,
                        DecodeStatus.LINK_HEADER_TRUNCATED),
                cut("VLAN tag cut", LinkType.ETHERNET, Fixtures.vlanIpv4Ack(), 16, DecodeStatus.LINK_HEADER_TRUNCATED),
                cut("MPLS stack without bottom of stack", LinkType.ETHERNET,
                        concat(ethernet("8847"), hex("00010040", "00011040")), 22, DecodeStatus.LINK_HEADER_TRUNCATED),
                cut("PBB inner Ethernet cut", LinkType.ETHERNET, Fixtures.pbbIpv4Ack(), 30,
                        DecodeStatus.LINK_HEADER_TRUNCATED),
                cut("SLL header of 15 bytes", LinkType.LINUX_SLL, Fixtures.sllIpv4Ack(), 15,
                        DecodeStatus.LINK_HEADER_TRUNCATED),
                cut("SLL2 header of 19 bytes", LinkType.LINUX_SLL2, Fixtures.sll2Ipv6Data(), 19,
                        DecodeStatus.LINK_HEADER_TRUNCATED),
                cut("NULL header of 3 bytes", LinkType.NULL, Fixtures.nullLittleEndianIpv4Ack(), 3,
                        DecodeStatus.LINK_HEADER_TRUNCATED),
                mutated("802.3 length field", Fixtures.ethIpv4Syn(), f -> { f[12] = 0x00; f[13] = 0x40; },
                        DecodeStatus.NOT_IP),
                mutated("ARP", Fixtures.ethIpv4Syn(), f -> f[13] = 0x06, DecodeStatus.NOT_IP),
                mutated("PPP protocol LCP", Fixtures.pppoeIpv6Data(), f -> { f[20] = (byte) 0xc0; f[21] = 0x21; },
                        DecodeStatus.NOT_IP),
                mutated("MPLS payload with first nibble 0", Fixtures.mplsIpv4Ack(), f -> f[22] = 0x00,
                        DecodeStatus.NOT_IP),
                cut("NULL family 7", LinkType.NULL, concat(hex("07000000"), Fixtures.ipv4Ack()), 44, DecodeStatus.NOT_IP));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void countedAsItsStatusAndNothingThrown(String name, Case c) {
        SegmentDecoder decoder = new SegmentDecoder(true);
        DecodedSegment out = new DecodedSegment();

        DecodeStatus status = decoder.decode(
                c.linkType(), ByteBuffer.wrap(c.frame()), 0, c.capturedLength(), c.frame().length, out);

        assertThat(status).isEqualTo(c.expected());
        assertThat(decoder.counters().count(c.expected())).isEqualTo(1);
        assertThat(decoder.counters().total()).isEqualTo(1);
    }
}
