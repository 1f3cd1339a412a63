package io.synfin.agent.decode;

import static io.synfin.agent.decode.Fixtures.concat;
import static io.synfin.agent.decode.Fixtures.ethernet;
import static io.synfin.agent.decode.Fixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.synfin.agent.capture.LinkType;
import io.synfin.agent.capture.RawFrame;
import io.synfin.core.segment.TcpFlags;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Every field of every valid fixture, per link type and encapsulation. */
class SegmentDecoderTest {

    private static final byte[] ADDR_192_168_0_1 = {(byte) 192, (byte) 168, 0, 1};
    private static final byte[] ADDR_192_168_0_199 = {(byte) 192, (byte) 168, 0, (byte) 199};
    private static final byte[] ADDR_2001_DB8_1 = hex("20010db8000000000000000000000001");
    private static final byte[] ADDR_2001_DB8_2 = hex("20010db8000000000000000000000002");

    private final SegmentDecoder decoder = new SegmentDecoder();
    private final DecodedSegment out = new DecodedSegment();

    private DecodeStatus decode(int linkType, byte[] frame) {
        return decoder.decode(linkType, ByteBuffer.wrap(frame), 0, frame.length, frame.length, out);
    }

    /** The fields of {@link Fixtures#ipv4Ack()}. */
    private void assertIpv4Ack() {
        assertThat(out.ipVersion()).isEqualTo(4);
        assertThat(out.copySrcAddr()).containsExactly(ADDR_192_168_0_1);
        assertThat(out.copyDstAddr()).containsExactly(ADDR_192_168_0_199);
        assertThat(out.ipTotalLen()).isEqualTo(40);
        assertThat(out.ttl()).isEqualTo(64);
        assertThat(out.ipId()).isEqualTo(0x1c46);
        assertThat(out.isFragment()).isFalse();
        assertThat(out.srcPort()).isEqualTo(50000);
        assertThat(out.dstPort()).isEqualTo(80);
        assertThat(Integer.toUnsignedLong(out.seq())).isEqualTo(2587565101L);
        assertThat(out.ack()).isEqualTo(4096);
        assertThat(out.flags()).isEqualTo(TcpFlags.ACK);
        assertThat(out.window()).isEqualTo(501);
        assertThat(out.tcpHeaderLen()).isEqualTo(20);
        assertThat(out.payloadLen()).isZero();
        assertThat(out.hasOptions()).isFalse();
        assertThat(out.mss()).isEqualTo(-1);
        assertThat(out.windowScale()).isEqualTo(-1);
        assertThat(out.sackPermitted()).isFalse();
        assertThat(out.hasTimestamps()).isFalse();
        assertThat(out.sackBlockCount()).isZero();
        assertThat(out.unknownKindCount()).isZero();
        assertThat(out.checksum()).isEqualTo(ChecksumState.NOT_CHECKED);
    }

    /** The fields of {@link Fixtures#ipv6Data()}. */
    private void assertIpv6Data() {
        assertThat(out.ipVersion()).isEqualTo(6);
        assertThat(out.addrLength()).isEqualTo(16);
        assertThat(out.copySrcAddr()).containsExactly(ADDR_2001_DB8_1);
        assertThat(out.copyDstAddr()).containsExactly(ADDR_2001_DB8_2);
        assertThat(out.ipTotalLen()).isEqualTo(63);
        assertThat(out.ttl()).isEqualTo(64);
        assertThat(out.ipId()).isZero();
        assertThat(out.isFragment()).isFalse();
        assertThat(out.srcPort()).isEqualTo(8080);
        assertThat(out.dstPort()).isEqualTo(49153);
        assertThat(out.seq()).isEqualTo(256);
        assertThat(Integer.toUnsignedLong(out.ack())).isEqualTo(2147483648L);
        assertThat(out.flags()).isEqualTo(TcpFlags.PSH | TcpFlags.ACK);
        assertThat(out.window()).isEqualTo(1024);
        assertThat(out.tcpHeaderLen()).isEqualTo(20);
        assertThat(out.payloadLen()).isEqualTo(3);
        assertThat(out.hasOptions()).isFalse();
        assertThat(out.vlanCount()).isZero();
    }

    @Test
    void ethernetIpv4SynWithIpAndTcpOptions() {
        assertThat(decode(LinkType.ETHERNET, Fixtures.ethIpv4Syn())).isEqualTo(DecodeStatus.OK);

        assertThat(out.linkType()).isEqualTo(LinkType.ETHERNET);
        assertThat(out.ipVersion()).isEqualTo(4);
        assertThat(out.copySrcAddr()).containsExactly(10, 0, 0, 1);
        assertThat(out.copyDstAddr()).containsExactly(10, 0, 0, 2);
        assertThat(out.ipTotalLen()).isEqualTo(64);
        assertThat(out.ttl()).isEqualTo(63);
        assertThat(out.ipId()).isEqualTo(1);
        assertThat(out.isFragment()).isFalse();
        assertThat(out.vlanCount()).isZero();
        assertThat(out.srcPort()).isEqualTo(54321);
        assertThat(out.dstPort()).isEqualTo(443);
        assertThat(Integer.toUnsignedLong(out.seq())).isEqualTo(4294967280L);
        assertThat(out.ack()).isZero();
        assertThat(out.flags()).isEqualTo(TcpFlags.NS | TcpFlags.CWR | TcpFlags.ECE | TcpFlags.SYN);
        assertThat(out.window()).isEqualTo(64240);
        assertThat(out.tcpHeaderLen()).isEqualTo(40);
        assertThat(out.payloadLen()).isZero();
        assertThat(out.hasOptions()).isTrue();
        assertThat(out.mss()).isEqualTo(1460);
        assertThat(out.windowScale()).isEqualTo(7);
        assertThat(out.sackPermitted()).isTrue();
        assertThat(out.hasTimestamps()).isTrue();
        assertThat(out.tsVal()).isEqualTo(123456);
        assertThat(out.tsEcr()).isZero();
        assertThat(out.sackBlockCount()).isZero();
        assertThat(out.unknownKindCount()).isZero();
        assertThat(decoder.counters().count(DecodeStatus.OK)).isEqualTo(1);
    }

    @Test
    void ethernetTrailerPaddingIsNotPayload() {
        byte[] frame = Fixtures.ethIpv4AckPadded();
        assertThat(frame).hasSize(60);

        assertThat(decode(LinkType.ETHERNET, frame)).isEqualTo(DecodeStatus.OK);

        assertIpv4Ack();
    }

    @Test
    void ipv6ExtensionChainToTcpWithSackAndUnknownOption() {
        assertThat(decode(LinkType.ETHERNET, Fixtures.ethIpv6ExtensionChain())).isEqualTo(DecodeStatus.OK);

        assertThat(out.ipVersion()).isEqualTo(6);
        assertThat(out.copySrcAddr()).containsExactly(ADDR_2001_DB8_1);
        assertThat(out.copyDstAddr()).containsExactly(ADDR_2001_DB8_2);
        assertThat(out.ipTotalLen()).isEqualTo(153);
        assertThat(out.ttl()).isEqualTo(32);
        assertThat(out.isFragment()).isTrue();
        assertThat(out.fragmentOffset()).isZero();
        assertThat(out.moreFragments()).isTrue();
        assertThat(out.ipId()).isEqualTo(0xdeadbeef);
        assertThat(out.srcPort()).isEqualTo(8080);
        assertThat(out.dstPort()).isEqualTo(49153);
        assertThat(out.flags()).isEqualTo(TcpFlags.PSH | TcpFlags.ACK);
        assertThat(out.tcpHeaderLen()).isEqualTo(56);
        assertThat(out.payloadLen()).isEqualTo(5);
        assertThat(out.mss()).isEqualTo(-1);
        assertThat(out.windowScale()).isEqualTo(-1);
        assertThat(out.sackPermitted()).isFalse();
        assertThat(out.hasTimestamps()).isTrue();
        assertThat(out.tsVal()).isEqualTo(0x11223344);
        assertThat(out.tsEcr()).isEqualTo(0x55667788);
        assertThat(out.sackBlockCount()).isEqualTo(2);
        assertThat(out.sackLeft(0)).isEqualTo(0x1000);
        assertThat(out.sackRight(0)).isEqualTo(0x1100);
        assertThat(out.sackLeft(1)).isEqualTo(0x80000000);
        assertThat(out.sackRight(1)).isEqualTo(0x80000010);
        assertThat(out.unknownKindCount()).isEqualTo(1);
        assertThat(out.unknownKind(0)).isEqualTo(34);
    }

    @Test
    void alignedTimestampsLayout() {
        assertThat(decode(LinkType.RAW, Fixtures.ipv4DataWithTimestamps())).isEqualTo(DecodeStatus.OK);

        assertThat(out.ipTotalLen()).isEqualTo(56);
        assertThat(out.ipId()).isEqualTo(0xbeef);
        assertThat(out.seq()).isEqualTo(1);
        assertThat(out.ack()).isEqualTo(2);
        assertThat(out.flags()).isEqualTo(TcpFlags.PSH | TcpFlags.ACK);
        assertThat(out.window()).isEqualTo(65535);
        assertThat(out.tcpHeaderLen()).isEqualTo(32);
        assertThat(out.payloadLen()).isEqualTo(4);
        assertThat(out.hasTimestamps()).isTrue();
        assertThat(out.tsVal()).isEqualTo(0xfedcba98);
        assertThat(out.tsEcr()).isEqualTo(7);
        assertThat(out.mss()).isEqualTo(-1);
        assertThat(out.windowScale()).isEqualTo(-1);
        assertThat(out.sackPermitted()).isFalse();
        assertThat(out.sackBlockCount()).isZero();
        assertThat(out.unknownKindCount()).isZero();
    }

    @Test
    void timestampsInAnotherLayoutTakeTheGeneralPath() {
        byte[] frame = Fixtures.ipv4DataWithTimestamps();
        frame[40] = 8;  // timestamps first ...
        frame[41] = 10;
        System.arraycopy(Fixtures.hex("fedcba98", "00000007", "0101"), 0, frame, 42, 10); // ... then NOP NOP
        assertThat(decode(LinkType.RAW, frame)).isEqualTo(DecodeStatus.OK);
        assertThat(out.tsVal()).isEqualTo(0xfedcba98);
        assertThat(out.tsEcr()).isEqualTo(7);
    }

    @Test
    void singleVlanTag() {
        assertThat(decode(LinkType.ETHERNET, Fixtures.vlanIpv4Ack())).isEqualTo(DecodeStatus.OK);
        assertIpv4Ack();
        assertThat(out.vlanCount()).isEqualTo(1);
        assertThat(out.vlanId(0)).isEqualTo(100);
    }

    @Test
    void qinqRecordsOuterThenInnerVlan() {
        assertThat(decode(LinkType.ETHERNET, Fixtures.qinqIpv4Ack())).isEqualTo(DecodeStatus.OK);
        assertIpv4Ack();
        assertThat(out.vlanCount()).isEqualTo(2);
        assertThat(out.vlanId(0)).isEqualTo(10);
        assertThat(out.vlanId(1)).isEqualTo(20);
    }

    @Test
    void legacyQinqTypeAndThirdTagIsSkipped() {
        byte[] frame = concat(ethernet("9100"), hex(
                "0001", "88a8",  // tag VLAN 1, next 802.1ad
                "0002", "8100",  // tag VLAN 2, next 802.1Q
                "0003", "0800"), // tag VLAN 3 (beyond the two recorded), next IPv4
                Fixtures.ipv4Ack());
        assertThat(decode(LinkType.ETHERNET, frame)).isEqualTo(DecodeStatus.OK);
        assertIpv4Ack();
        assertThat(out.vlanCount()).isEqualTo(2);
        assertThat(out.vlanId(0)).isEqualTo(1);
        assertThat(out.vlanId(1)).isEqualTo(2);
    }

    @Test
    void linuxCookedV1() {
        assertThat(decode(LinkType.LINUX_SLL, Fixtures.sllIpv4Ack())).isEqualTo(DecodeStatus.OK);
        assertIpv4Ack();
        assertThat(out.linkType()).isEqualTo(LinkType.LINUX_SLL);
    }

    @Test
    void linuxCookedV2() {
        assertThat(decode(LinkType.LINUX_SLL2, Fixtures.sll2Ipv6Data())).isEqualTo(DecodeStatus.OK);
        assertIpv6Data();
    }

    @Test
    void rawIpInEveryNumbering() {
        for (int linkType : new int[] {LinkType.RAW, LinkType.DLT_RAW_12, LinkType.DLT_RAW_14, LinkType.IPV4}) {
            assertThat(decode(linkType, Fixtures.ipv4Ack())).as("link type %d", linkType).isEqualTo(DecodeStatus.OK);
            assertIpv4Ack();
        }
        for (int linkType : new int[] {LinkType.RAW, LinkType.IPV6}) {
            assertThat(decode(linkType, Fixtures.ipv6Data())).as("link type %d", linkType).isEqualTo(DecodeStatus.OK);
            assertIpv6Data();
        }
    }

    @Test
    void bsdLoopbackInEitherByteOrder() {
        assertThat(decode(LinkType.NULL, Fixtures.nullLittleEndianIpv4Ack())).isEqualTo(DecodeStatus.OK);
        assertIpv4Ack();
        assertThat(decode(LinkType.NULL, Fixtures.nullBigEndianIpv6Data())).isEqualTo(DecodeStatus.OK);
        assertIpv6Data();
        byte[] freeBsdLittleEndian = concat(hex("1c000000"), Fixtures.ipv6Data()); // AF_INET6 28, little-endian
        assertThat(decode(LinkType.NULL, freeBsdLittleEndian)).isEqualTo(DecodeStatus.OK);
        assertIpv6Data();
    }

    @Test
    void openBsdLoop() {
        assertThat(decode(LinkType.LOOP, Fixtures.loopIpv6Data())).isEqualTo(DecodeStatus.OK);
        assertIpv6Data();
    }

    @Test
    void mplsLabelStack() {
        assertThat(decode(LinkType.ETHERNET, Fixtures.mplsIpv4Ack())).isEqualTo(DecodeStatus.OK);
        assertIpv4Ack();
    }

    @Test
    void mplsMulticastWithIpv6Payload() {
        byte[] frame = concat(ethernet("8848"), hex("00011140"), Fixtures.ipv6Data()); // one label, S set
        assertThat(decode(LinkType.ETHERNET, frame)).isEqualTo(DecodeStatus.OK);
        assertIpv6Data();
    }

    @Test
    void pppoeSession() {
        assertThat(decode(LinkType.ETHERNET, Fixtures.pppoeIpv6Data())).isEqualTo(DecodeStatus.OK);
        assertIpv6Data();
    }

    @Test
    void providerBackboneBridging() {
        assertThat(decode(LinkType.ETHERNET, Fixtures.pbbIpv4Ack())).isEqualTo(DecodeStatus.OK);
        assertIpv4Ack();
        assertThat(out.vlanCount()).isEqualTo(1);
        assertThat(out.vlanId(0)).isEqualTo(5);
    }

    @Test
    void fabricPath() {
        assertThat(decode(LinkType.ETHERNET, Fixtures.fabricPathIpv4Ack())).isEqualTo(DecodeStatus.OK);
        assertIpv4Ack();
        assertThat(out.vlanCount()).isEqualTo(1);
        assertThat(out.vlanId(0)).isEqualTo(200);
    }

    @Test
    void totalLengthZeroIsTakenAsSegmentationOffloadAndTheFrameLengthIsUsed() {
        byte[] tso = Fixtures.concat(Fixtures.ipv4Ack(), new byte[3000]); // 3000 bytes of payload
        tso[2] = 0;
        tso[3] = 0; // total length 0, as a sender's capture of a TSO datagram shows it
        assertThat(decode(LinkType.RAW, tso)).isEqualTo(DecodeStatus.OK);
        assertThat(out.ipTotalLen()).isEqualTo(3040);
        assertThat(out.payloadLen()).isEqualTo(3000);
    }

    @Test
    void firstIpv4FragmentIsDecodedWithItsFragmentInfo() {
        byte[] ip = Fixtures.ipv4Ack();
        ip[6] = 0x20; // flags: MF set, offset 0
        assertThat(decode(LinkType.RAW, ip)).isEqualTo(DecodeStatus.OK);
        assertThat(out.isFragment()).isTrue();
        assertThat(out.moreFragments()).isTrue();
        assertThat(out.fragmentOffset()).isZero();
        assertThat(out.srcPort()).isEqualTo(50000);
    }

    @Test
    void snaplenCutPayloadStillYieldsSegmentWithIpPayloadLength() {
        byte[] frame = Fixtures.ethIpv6Data();
        int headersOnly = frame.length - 3;
        DecodeStatus status = decoder.decode(LinkType.ETHERNET, ByteBuffer.wrap(frame), 0, headersOnly, frame.length, out);
        assertThat(status).isEqualTo(DecodeStatus.OK);
        assertIpv6Data();
    }

    @Test
    void rawFrameOverloadSetsTheCaptureTime() {
        byte[] frame = Fixtures.ethIpv4Syn();
        RawFrame raw = new RawFrame().set(
                LinkType.ETHERNET, 0, 1_700_000_000_123_456_789L, ByteBuffer.wrap(frame), 0, frame.length,
                frame.length, 1, 24);
        assertThat(decoder.decode(raw, out)).isEqualTo(DecodeStatus.OK);
        assertThat(out.tsMicros()).isEqualTo(1_700_000_000_123_456L);
    }

    @Test
    void frameAtAnOffsetInsideALargerBuffer() {
        byte[] frame = Fixtures.vlanIpv4Ack();
        byte[] buffer = new byte[frame.length + 100];
        System.arraycopy(frame, 0, buffer, 37, frame.length);
        DecodeStatus status = decoder.decode(LinkType.ETHERNET, ByteBuffer.wrap(buffer), 37, frame.length, frame.length, out);
        assertThat(status).isEqualTo(DecodeStatus.OK);
        assertIpv4Ack();
    }

    @Test
    void reusedSinkForgetsThePreviousFramesOptionsAndTags() {
        decode(LinkType.ETHERNET, Fixtures.ethIpv6ExtensionChain());
        decode(LinkType.ETHERNET, Fixtures.qinqIpv4Ack());
        assertThat(decode(LinkType.RAW, Fixtures.ipv4Ack())).isEqualTo(DecodeStatus.OK);
        assertIpv4Ack();
        assertThat(out.vlanCount()).isZero();
        assertThat(decoder.counters().count(DecodeStatus.OK)).isEqualTo(3);
    }

    @Test
    void callerBugsAreIllegalArguments() {
        byte[] frame = Fixtures.ipv4Ack();
        assertThatThrownBy(() -> decoder.decode(LinkType.RAW, ByteBuffer.wrap(frame), 1, frame.length, frame.length, out))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decoder.decode(LinkType.RAW, ByteBuffer.wrap(frame), -1, 4, 4, out))
                .isInstanceOf(IllegalArgumentException.class);
        ByteBuffer littleEndian = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        assertThatThrownBy(() -> decoder.decode(LinkType.RAW, littleEndian, 0, frame.length, frame.length, out))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(decoder.counters().total()).isZero();
    }
}
