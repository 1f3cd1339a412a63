package io.synfin.agent.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.agent.capture.LinkType;
import io.synfin.core.segment.Segment;
import io.synfin.core.segment.SegmentOptions;
import io.synfin.core.segment.TcpFlags;
import io.synfin.schema.SackBlock;
import io.synfin.schema.TcpOptions;
import io.synfin.schema.TcpSegment;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** toAvro and toSegment, field by field, as the .avsc and the tracker's record document them. */
class DecodedSegmentConversionTest {

    private static final long TS_NANOS = 1_700_000_000_123_456_789L;

    private final SegmentDecoder decoder = new SegmentDecoder();
    private final DecodedSegment out = new DecodedSegment();

    private void decode(int linkType, byte[] frame) {
        assertThat(decoder.decode(linkType, ByteBuffer.wrap(frame), 0, frame.length, frame.length, out))
                .isEqualTo(DecodeStatus.OK);
        out.setTsMicros(TS_NANOS / 1000);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }

    @Test
    void plainAckToAvroHasNullOptionsAndFragmentAndUnsignedSeq() {
        decode(LinkType.ETHERNET, Fixtures.vlanIpv4Ack());

        TcpSegment avro = out.toAvro(7, 3);

        assertThat(avro.getTs()).isEqualTo(1_700_000_000_123_456L);
        assertThat(avro.getDomain()).isEqualTo(7);
        assertThat(avro.getAgentId()).isEqualTo(3);
        assertThat(bytes(avro.getSrcAddr())).containsExactly(192, 168, 0, 1);
        assertThat(bytes(avro.getDstAddr())).containsExactly(192, 168, 0, 199);
        assertThat(avro.getSrcPort()).isEqualTo(50000);
        assertThat(avro.getDstPort()).isEqualTo(80);
        assertThat(avro.getSeq()).isEqualTo(2587565101L);
        assertThat(avro.getAck()).isEqualTo(4096L);
        assertThat(avro.getFlags()).isEqualTo(TcpFlags.ACK);
        assertThat(avro.getWindow()).isEqualTo(501);
        assertThat(avro.getPayloadLen()).isZero();
        assertThat(avro.getIpTotalLen()).isEqualTo(40);
        assertThat(avro.getTtl()).isEqualTo(64);
        assertThat(avro.getIpId()).isEqualTo(0x1c46);
        assertThat(avro.getFragment()).isNull();
        assertThat(avro.getVlanIds()).containsExactly(100);
        assertThat(avro.getOptions()).isNull();
    }

    @Test
    void synToAvroCarriesEveryOption() {
        decode(LinkType.ETHERNET, Fixtures.ethIpv4Syn());

        TcpSegment avro = out.toAvro(1, 1);

        assertThat(avro.getSeq()).isEqualTo(4294967280L);
        assertThat(avro.getFlags()).isEqualTo(0x1C2);
        assertThat(avro.getVlanIds()).isEmpty();
        TcpOptions options = avro.getOptions();
        assertThat(options.getTcpHeaderLen()).isEqualTo(40);
        assertThat(options.getMss()).isEqualTo(1460);
        assertThat(options.getWindowScale()).isEqualTo(7);
        assertThat(options.getSackPermitted()).isTrue();
        assertThat(options.getSackBlocks()).isEmpty();
        assertThat(options.getTsVal()).isEqualTo(123456L);
        assertThat(options.getTsEcr()).isEqualTo(0L);
        assertThat(options.getUnknownKinds()).isEmpty();
    }

    @Test
    void ipv6FragmentToAvroHasFragmentSackBlocksAndUnknownKinds() {
        decode(LinkType.ETHERNET, Fixtures.ethIpv6ExtensionChain());

        TcpSegment avro = out.toAvro(2, 9);

        assertThat(avro.getSrcAddr().remaining()).isEqualTo(16);
        assertThat(avro.getDstAddr().remaining()).isEqualTo(16);
        assertThat(avro.getIpTotalLen()).isEqualTo(153);
        assertThat(avro.getPayloadLen()).isEqualTo(5);
        assertThat(avro.getIpId()).isEqualTo(0xdeadbeef);
        assertThat(avro.getFragment().getOffset()).isZero();
        assertThat(avro.getFragment().getMoreFragments()).isTrue();
        assertThat(avro.getAck()).isEqualTo(2147483648L);
        TcpOptions options = avro.getOptions();
        assertThat(options.getTcpHeaderLen()).isEqualTo(56);
        assertThat(options.getMss()).isNull();
        assertThat(options.getWindowScale()).isNull();
        assertThat(options.getSackPermitted()).isFalse();
        assertThat(options.getSackBlocks()).containsExactly(
                new SackBlock(0x1000L, 0x1100L), new SackBlock(2147483648L, 2147483664L));
        assertThat(options.getTsVal()).isEqualTo(0x11223344L);
        assertThat(options.getTsEcr()).isEqualTo(0x55667788L);
        assertThat(options.getUnknownKinds()).containsExactly(34);
    }

    @Test
    void plainAckToSegmentUsesNoneOptions() {
        decode(LinkType.RAW, Fixtures.ipv4Ack());

        Segment segment = out.toSegment(5);

        assertThat(segment.tsMicros()).isEqualTo(1_700_000_000_123_456L);
        assertThat(segment.domain()).isEqualTo(5);
        assertThat(segment.ipVersion()).isEqualTo(4);
        assertThat(segment.srcAddr()).containsExactly(192, 168, 0, 1);
        assertThat(segment.dstAddr()).containsExactly(192, 168, 0, 199);
        assertThat(segment.srcPort()).isEqualTo(50000);
        assertThat(segment.dstPort()).isEqualTo(80);
        assertThat(segment.seq()).isEqualTo(0x9a3b1c2d);
        assertThat(segment.ack()).isEqualTo(4096);
        assertThat(segment.flags()).isEqualTo(TcpFlags.ACK);
        assertThat(segment.window()).isEqualTo(501);
        assertThat(segment.payloadLen()).isZero();
        assertThat(segment.ipTotalLen()).isEqualTo(40);
        assertThat(segment.ttl()).isEqualTo(64);
        assertThat(segment.options()).isSameAs(SegmentOptions.NONE);
        assertThat(segment.checksumBad()).isFalse();
    }

    @Test
    void toSegmentSharesAnAddressArrayOnlyForTheSameAddress() {
        decode(LinkType.RAW, Fixtures.ipv4Ack());
        Segment first = out.toSegment(1);
        decode(LinkType.RAW, Fixtures.ipv4Ack());
        Segment again = out.toSegment(1);
        assertThat(again.srcAddr()).isSameAs(first.srcAddr());
        assertThat(again.dstAddr()).isSameAs(first.dstAddr());

        // an IPv6 frame in between, then the same IPv4 addresses from another frame
        decode(LinkType.ETHERNET, Fixtures.ethIpv6ExtensionChain());
        Segment v6 = out.toSegment(1);
        assertThat(v6.srcAddr()).hasSize(16);
        decode(LinkType.ETHERNET, Fixtures.vlanIpv4Ack());
        Segment other = out.toSegment(1);
        assertThat(other.srcAddr()).containsExactly(192, 168, 0, 1).isSameAs(first.srcAddr());
        assertThat(other.dstAddr()).containsExactly(192, 168, 0, 199);
        assertThat(first.srcAddr()).containsExactly(192, 168, 0, 1);
        assertThat(first.dstAddr()).containsExactly(192, 168, 0, 199);
    }

    @Test
    void optionsToSegment() {
        decode(LinkType.ETHERNET, Fixtures.ethIpv6ExtensionChain());

        Segment segment = out.toSegment(1);

        assertThat(segment.ipVersion()).isEqualTo(6);
        assertThat(segment.payloadLen()).isEqualTo(5);
        SegmentOptions options = segment.options();
        assertThat(options.headerLen()).isEqualTo(56);
        assertThat(options.hasMss()).isFalse();
        assertThat(options.hasWindowScale()).isFalse();
        assertThat(options.sackPermitted()).isFalse();
        assertThat(options.sackBlocks()).containsExactly(0x1000, 0x1100, 0x80000000, 0x80000010);
        assertThat(options.tsVal()).isEqualTo(0x11223344L);
        assertThat(options.tsEcr()).isEqualTo(0x55667788L);
        assertThat(options.unknownKinds()).containsExactly(34);
    }

    @Test
    void synOptionsToSegment() {
        decode(LinkType.ETHERNET, Fixtures.ethIpv4Syn());

        SegmentOptions options = out.toSegment(1).options();

        assertThat(options.headerLen()).isEqualTo(40);
        assertThat(options.mss()).isEqualTo(1460);
        assertThat(options.windowScale()).isEqualTo(7);
        assertThat(options.sackPermitted()).isTrue();
        assertThat(options.sackBlocks()).isEmpty();
        assertThat(options.hasTimestamps()).isTrue();
        assertThat(options.tsVal()).isEqualTo(123456L);
        assertThat(options.tsEcr()).isZero();
    }

    @Test
    void conversionsCopyRatherThanShareTheSink() {
        decode(LinkType.RAW, Fixtures.ipv4Ack());
        Segment first = out.toSegment(1);
        decode(LinkType.ETHERNET, Fixtures.ethIpv4Syn());
        assertThat(first.srcAddr()).containsExactly(192, 168, 0, 1);
    }

    @Test
    void toStringIsATcpdumpLikeLine() {
        decode(LinkType.ETHERNET, Fixtures.ethIpv4Syn());
        assertThat(out.toString()).isEqualTo(
                "10.0.0.1.54321 > 10.0.0.2.443: SEWe seq 4294967280 ack 0 win 64240 len 0"
                        + " mss 1460 wscale 7 sackOK TS val 123456 ecr 0");
    }
}
