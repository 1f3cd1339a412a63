package io.synfin.agent.decode;

import io.synfin.agent.capture.LinkType;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;

/**
 * Valid frames, written field by field with one comment per field, for the decoder tests. Every
 * method returns a fresh array so a test may mutate it. The TCP checksums are the right ones
 * (tshark -o tcp.check_checksum:TRUE reports them good).
 */
final class Fixtures {

    /** A frame with the link type it is captured under. */
    record Frame(String name, int linkType, byte[] bytes) {}

    private Fixtures() {}

    static byte[] hex(String... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String field : fields) {
            out.writeBytes(HexFormat.of().parseHex(field.replace(" ", "")));
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    // ---- network layers ----

    /** A 20-byte IPv4 header, 192.168.0.1 > 192.168.0.199, DF, TTL 64, TCP. */
    private static byte[] ipv4Header(String totalLength, String identification) {
        return hex(
                "45",           // version 4, IHL 5
                "00",           // DSCP / ECN
                totalLength,    // total length
                identification, // identification
                "4000",         // flags DF, fragment offset 0
                "40",           // TTL 64
                "06",           // protocol TCP
                "0000",         // header checksum (not checked)
                "c0a80001",     // source 192.168.0.1
                "c0a800c7");    // destination 192.168.0.199
    }

    /** IPv4 + a plain 20-byte TCP ACK, 40 bytes: 192.168.0.1:50000 > 192.168.0.199:80. */
    static byte[] ipv4Ack() {
        return concat(ipv4Header("0028", "1c46"), hex( // total length 40, identification 0x1c46
                "c350",         // source port 50000
                "0050",         // destination port 80
                "9a3b1c2d",     // sequence number 2587565101 (above 2^31)
                "00001000",     // acknowledgment number 4096
                "50",           // data offset 5, reserved 0, AE 0
                "10",           // flags ACK
                "01f5",         // window 501
                "a1bd",         // checksum
                "0000"));       // urgent pointer
    }

    /** IPv4 with a 4-byte IP option + TCP SYN with MSS, SACK-permitted, timestamps, NOP, WS: 64 bytes. */
    static byte[] ipv4SynWithOptions() {
        return hex(
                "46",           // version 4, IHL 6 (one option word)
                "00",           // DSCP / ECN
                "0040",         // total length 64
                "0001",         // identification 1
                "4000",         // flags DF, fragment offset 0
                "3f",           // TTL 63
                "06",           // protocol TCP
                "0000",         // header checksum (not checked)
                "0a000001",     // source 10.0.0.1
                "0a000002",     // destination 10.0.0.2
                "01010100",     // IP options: NOP NOP NOP EOL
                "d431",         // source port 54321
                "01bb",         // destination port 443
                "fffffff0",     // sequence number 4294967280
                "00000000",     // acknowledgment number 0
                "a1",           // data offset 10, reserved 0, AE (NS) set
                "c2",           // flags CWR ECE SYN
                "faf0",         // window 64240
                "7f2d",         // checksum
                "0000",         // urgent pointer
                "020405b4",     // MSS 1460
                "0402",         // SACK permitted
                "080a0001e24000000000", // timestamps TSval 123456 TSecr 0
                "01",           // NOP
                "030307");      // window scale 7
    }

    /** IPv4 + TCP ACK with the aligned NOP NOP timestamps layout and 4 bytes of data, 56 bytes. */
    static byte[] ipv4DataWithTimestamps() {
        return concat(ipv4Header("0038", "beef"), hex( // total length 56, identification 0xbeef
                "c350",         // source port 50000
                "0050",         // destination port 80
                "00000001",     // sequence number 1
                "00000002",     // acknowledgment number 2
                "80",           // data offset 8
                "18",           // flags PSH ACK
                "ffff",         // window 65535
                "0000",         // checksum (not verified by the tests that use this fixture)
                "0000",         // urgent pointer
                "0101",         // NOP NOP
                "080a", "fedcba98", "00000007", // timestamps TSval 0xfedcba98 TSecr 7
                "44415441"));   // payload "DATA"
    }

    /** IPv6 + TCP PSH/ACK carrying "abc" (odd length for the checksum), 63 bytes. */
    static byte[] ipv6Data() {
        return hex(
                "60000000",     // version 6, traffic class 0, flow label 0
                "0017",         // payload length 23
                "06",           // next header TCP
                "40",           // hop limit 64
                "20010db8000000000000000000000001", // source 2001:db8::1
                "20010db8000000000000000000000002", // destination 2001:db8::2
                "1f90",         // source port 8080
                "c001",         // destination port 49153
                "00000100",     // sequence number 256
                "80000000",     // acknowledgment number 2147483648
                "50",           // data offset 5
                "18",           // flags PSH ACK
                "0400",         // window 1024
                "2b60",         // checksum
                "0000",         // urgent pointer
                "616263");      // payload "abc"
    }

    /**
     * IPv6 with hop-by-hop, routing, fragment (offset 0, M set), AH, mobility and destination options
     * headers, then TCP with timestamps, two SACK blocks and an unknown kind 34, and 5 bytes of data.
     */
    static byte[] ipv6ExtensionChain() {
        return hex(
                "60000000",     // version 6, traffic class 0, flow label 0
                "0071",         // payload length 113 (52 extension + 56 TCP + 5 data)
                "00",           // next header hop-by-hop
                "20",           // hop limit 32
                "20010db8000000000000000000000001", // source 2001:db8::1
                "20010db8000000000000000000000002", // destination 2001:db8::2
                "2b", "00", "010400000000",          // hop-by-hop: next routing, len 0 (8 bytes), PadN 4
                "2c", "00", "00", "00", "00000000",  // routing: next fragment, len 0, type 0, segments left 0
                "33", "00", "0001", "deadbeef",      // fragment: next AH, offset 0 with M set, id 0xdeadbeef
                "87", "01", "0000", "00001000", "00000001", // AH: next mobility, len 1 (12 bytes), SPI, seq
                "3c", "00", "00", "00", "0000", "0000",     // mobility: next dest options, len 0, type, res, cksum, data
                "06", "00", "010400000000",          // destination options: next TCP, len 0, PadN 4
                "1f90",         // source port 8080
                "c001",         // destination port 49153
                "00000100",     // sequence number 256
                "80000000",     // acknowledgment number 2147483648
                "e0",           // data offset 14
                "18",           // flags PSH ACK
                "0400",         // window 1024
                "0000",         // checksum (a fragment: not verifiable)
                "0000",         // urgent pointer
                "0101",         // NOP NOP
                "080a1122334455667788", // timestamps TSval 0x11223344 TSecr 0x55667788
                "0101",         // NOP NOP
                "0512", "00001000", "00001100", "80000000", "80000010", // SACK, 2 blocks
                "2202",         // kind 34 (TCP Fast Open cookie request), length 2: unknown to SynFin
                "0101",         // NOP NOP
                "68656c6c6f");  // payload "hello"
    }

    // ---- link layers ----

    static byte[] ethernet(String type) {
        return hex(
                "001122334455", // destination MAC
                "66778899aabb", // source MAC
                type);          // EtherType
    }

    /** Ethernet + IPv4 SYN with options (78 bytes). */
    static byte[] ethIpv4Syn() {
        return concat(ethernet("0800"), ipv4SynWithOptions());
    }

    /** Ethernet + IPv4 ACK padded to the 60-byte minimum with a 6-byte trailer that is not payload. */
    static byte[] ethIpv4AckPadded() {
        return concat(ethernet("0800"), ipv4Ack(), hex("000000000000")); // trailer padding
    }

    static byte[] ethIpv6ExtensionChain() {
        return concat(ethernet("86dd"), ipv6ExtensionChain());
    }

    static byte[] ethIpv6Data() {
        return concat(ethernet("86dd"), ipv6Data());
    }

    static byte[] vlanIpv4Ack() {
        return concat(ethernet("8100"), hex(
                "e064",         // 802.1Q TCI: PCP 7, DEI 0, VLAN id 100
                "0800"),        // inner EtherType IPv4
                ipv4Ack());
    }

    static byte[] qinqIpv4Ack() {
        return concat(ethernet("88a8"), hex(
                "000a",         // 802.1ad S-tag TCI: VLAN id 10
                "8100",         // next EtherType 802.1Q
                "2014",         // C-tag TCI: PCP 1, VLAN id 20
                "0800"),        // inner EtherType IPv4
                ipv4Ack());
    }

    static byte[] sllIpv4Ack() {
        return concat(hex(
                "0000",         // packet type: to us
                "0001",         // ARPHRD_ETHER
                "0006",         // link-layer address length 6
                "0011223344550000", // address, padded to 8
                "0800"),        // protocol IPv4
                ipv4Ack());
    }

    static byte[] sll2Ipv6Data() {
        return concat(hex(
                "86dd",         // protocol IPv6
                "0000",         // reserved
                "00000002",     // interface index 2
                "0001",         // ARPHRD_ETHER
                "04",           // packet type: outgoing
                "06",           // link-layer address length 6
                "66778899aabb0000"), // address, padded to 8
                ipv6Data());
    }

    static byte[] nullLittleEndianIpv4Ack() {
        return concat(hex("02000000"), ipv4Ack()); // AF_INET 2 in little-endian host order
    }

    static byte[] nullBigEndianIpv6Data() {
        return concat(hex("0000001e"), ipv6Data()); // AF_INET6 30 (macOS) in big-endian host order
    }

    static byte[] loopIpv6Data() {
        return concat(hex("00000018"), ipv6Data()); // AF_INET6 24 (OpenBSD), network order
    }

    static byte[] mplsIpv4Ack() {
        return concat(ethernet("8847"), hex(
                "00010040",     // label 16, TC 0, S 0, TTL 64
                "00011140"),    // label 17, TC 0, S 1 (bottom of stack), TTL 64
                ipv4Ack());
    }

    static byte[] pppoeIpv6Data() {
        return concat(ethernet("8864"), hex(
                "11",           // PPPoE version 1, type 1
                "00",           // code 0 (session data)
                "1234",         // session id
                "0041",         // length 65: PPP protocol (2) + IPv6 (63)
                "0057"),        // PPP protocol IPv6
                ipv6Data());
    }

    static byte[] pbbIpv4Ack() {
        return concat(ethernet("88a8"), hex(
                "0005",         // B-tag TCI: backbone VLAN id 5
                "88e7",         // next EtherType 802.1ah
                "000f4240",     // I-tag: PCP 0, DEI 0, UCA 0, I-SID 1000000
                "0a0b0c0d0e0f", // customer destination MAC
                "010203040506", // customer source MAC
                "0800"),        // inner EtherType IPv4
                ipv4Ack());
    }

    static byte[] fabricPathIpv4Ack() {
        return concat(hex(
                "020000010000", // outer destination (switch 1)
                "020000020000", // outer source (switch 2)
                "8903",         // EtherType FabricPath
                "0060",         // FTag 1, TTL 32
                "001122334455", // inner destination MAC
                "66778899aabb", // inner source MAC
                "8100",         // inner EtherType 802.1Q
                "00c8",         // TCI: VLAN id 200
                "0800"),        // EtherType IPv4
                ipv4Ack());
    }

    /** Every valid fixture with its link type: the fuzz test's seeds. */
    static List<Frame> all() {
        return List.of(
                new Frame("eth-ipv4-syn", LinkType.ETHERNET, ethIpv4Syn()),
                new Frame("eth-ipv4-ack-padded", LinkType.ETHERNET, ethIpv4AckPadded()),
                new Frame("eth-ipv6-ext", LinkType.ETHERNET, ethIpv6ExtensionChain()),
                new Frame("eth-ipv6-data", LinkType.ETHERNET, ethIpv6Data()),
                new Frame("vlan", LinkType.ETHERNET, vlanIpv4Ack()),
                new Frame("qinq", LinkType.ETHERNET, qinqIpv4Ack()),
                new Frame("sll", LinkType.LINUX_SLL, sllIpv4Ack()),
                new Frame("sll2", LinkType.LINUX_SLL2, sll2Ipv6Data()),
                new Frame("raw", LinkType.RAW, ipv4Ack()),
                new Frame("raw-ipv4-ts", LinkType.RAW, ipv4DataWithTimestamps()),
                new Frame("raw-ipv4", LinkType.IPV4, ipv4SynWithOptions()),
                new Frame("raw-ipv6", LinkType.IPV6, ipv6ExtensionChain()),
                new Frame("null-le", LinkType.NULL, nullLittleEndianIpv4Ack()),
                new Frame("null-be", LinkType.NULL, nullBigEndianIpv6Data()),
                new Frame("loop", LinkType.LOOP, loopIpv6Data()),
                new Frame("mpls", LinkType.ETHERNET, mplsIpv4Ack()),
                new Frame("pppoe", LinkType.ETHERNET, pppoeIpv6Data()),
                new Frame("pbb", LinkType.ETHERNET, pbbIpv4Ack()),
                new Frame("fabricpath", LinkType.ETHERNET, fabricPathIpv4Ack()));
    }
}
