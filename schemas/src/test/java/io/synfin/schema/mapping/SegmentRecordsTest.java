package io.synfin.schema.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.core.flow.Addresses;
import io.synfin.core.segment.Segment;
import io.synfin.core.segment.SegmentOptions;
import io.synfin.core.segment.TcpFlags;
import io.synfin.schema.TcpSegment;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The wire record back to the tracker's value: round trips, unsigned edges, and impossible fields named. */
class SegmentRecordsTest {

    private static final byte[] V4_A = Addresses.parse("10.0.0.5");
    private static final byte[] V4_B = Addresses.parse("192.168.7.9");
    private static final byte[] V6_A = Addresses.parse("fd77::1");
    private static final byte[] V6_B = Addresses.parse("fd77::2");

    private static Segment plainAck() {
        // seq and ack above 2^31: the raw 32-bit values read as negative ints and must survive unsigned
        return new Segment(1_700_000_000_123_456L, 7, V4_A, V4_B, 40000, 443, 0xF000_0001, 0x8000_0000,
                TcpFlags.ACK, 501, 0, 40, 64, SegmentOptions.NONE, false);
    }

    private static Segment synWithOptions() {
        SegmentOptions options = new SegmentOptions(44, 1460, 7, true, new int[] {0xFFFF_FF00, 0x10, 5, 9},
                0xFFFF_FFF0L, 0L, new int[] {30, 254});
        return new Segment(1_700_000_001_000_000L, 0, V6_A, V6_B, 65535, 0, 12345, 0,
                TcpFlags.SYN | TcpFlags.ECE | TcpFlags.CWR | TcpFlags.NS, 65535, 0, 84, 255, options, false);
    }

    private static void assertSameSegment(Segment actual, Segment expected) {
        assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
    }

    @Test
    void aPlainAckSurvivesTheRoundTripWithUnsignedSequenceNumbers() {
        TcpSegment wire = SegmentRecords.toAvro(plainAck(), 3);
        assertThat(wire.getSeq()).isEqualTo(0xF000_0001L);
        assertThat(wire.getAck()).isEqualTo(0x8000_0000L);
        assertThat(wire.getOptions()).isNull();
        assertThat(SegmentRecords.problem(wire)).isNull();
        assertSameSegment(SegmentRecords.toSegment(wire), plainAck());
    }

    @Test
    void anIpv6SynKeepsEveryOptionAndFlag() {
        TcpSegment wire = SegmentRecords.toAvro(synWithOptions(), 1);
        assertThat(wire.getOptions().getSackBlocks()).hasSize(2);
        assertThat(wire.getOptions().getSackBlocks().get(0).getLeft()).isEqualTo(0xFFFF_FF00L);
        Segment back = SegmentRecords.toSegment(wire);
        assertSameSegment(back, synWithOptions());
        assertThat(back.ipVersion()).isEqualTo(6);
        assertThat(back.options().hasTimestamps()).isTrue();
    }

    @Test
    void aTwentyByteHeaderWithoutOptionsIsSentAsNull() {
        assertThat(SegmentRecords.toSegment(SegmentRecords.toAvro(plainAck(), 0)).options())
                .isSameAs(SegmentOptions.NONE);
    }

    @Test
    void aBadChecksumIsNotOnTheWireSoTheSegmentReadsAsUnchecked() {
        Segment bad = new Segment(1L, 0, V4_A, V4_B, 1, 2, 3, 4, TcpFlags.ACK, 5, 0, 40, 64, SegmentOptions.NONE, true);
        assertThat(SegmentRecords.toSegment(SegmentRecords.toAvro(bad, 0)).checksumBad()).isFalse();
    }

    @Test
    void impossibleFieldsAreNamed() {
        TcpSegment wrongLength = SegmentRecords.toAvro(plainAck(), 0);
        wrongLength.setSrcAddr(ByteBuffer.wrap(new byte[5]));
        assertThat(SegmentRecords.problem(wrongLength)).contains("5 and 4 bytes");

        TcpSegment mixed = SegmentRecords.toAvro(plainAck(), 0);
        mixed.setDstAddr(ByteBuffer.wrap(V6_B.clone()));
        assertThat(SegmentRecords.problem(mixed)).contains("4 and 16 bytes");

        TcpSegment port = SegmentRecords.toAvro(plainAck(), 0);
        port.setDstPort(65536);
        assertThat(SegmentRecords.problem(port)).contains("65536");

        TcpSegment seq = SegmentRecords.toAvro(plainAck(), 0);
        seq.setSeq(1L << 32);
        assertThat(SegmentRecords.problem(seq)).contains("seq 4294967296");

        TcpSegment negativeAck = SegmentRecords.toAvro(plainAck(), 0);
        negativeAck.setAck(-1L);
        assertThat(SegmentRecords.problem(negativeAck)).contains("ack -1");

        TcpSegment flags = SegmentRecords.toAvro(plainAck(), 0);
        flags.setFlags(0x200);
        assertThat(SegmentRecords.problem(flags)).contains("flags 0x200");

        TcpSegment window = SegmentRecords.toAvro(plainAck(), 0);
        window.setWindow(70000);
        assertThat(SegmentRecords.problem(window)).contains("window 70000");

        TcpSegment length = SegmentRecords.toAvro(plainAck(), 0);
        length.setPayloadLen(-3);
        assertThat(SegmentRecords.problem(length)).contains("payload -3");

        TcpSegment header = SegmentRecords.toAvro(synWithOptions(), 0);
        header.getOptions().setTcpHeaderLen(64);
        assertThat(SegmentRecords.problem(header)).contains("header length 64");
    }
}
