package io.synfin.agent.capture;

import static io.synfin.agent.capture.CaptureWriter.frameBytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Damaged pcapng input: the frames before the damaged block, then the block's offset in the error. */
class CorruptPcapngTest extends CorruptionTestBase {

    @ParameterizedTest
    @EnumSource(Readers.class)
    void truncatedSectionHeaderIsReported(Readers reader) {
        byte[] bytes = Arrays.copyOf(pcapngWith(0, LE).bytes(), 12);

        Outcome outcome = read(reader, bytes);

        assertThat(outcome.error().offset()).isZero();
        assertThat(outcome.error()).hasMessageContaining("truncated section header: 12 bytes");
    }

    @ParameterizedTest
    @EnumSource(Readers.class)
    void sectionHeaderWithAnUnknownByteOrderMagicIsCorrupt(Readers reader) {
        byte[] bytes = pcapngWith(1, LE).bytes();
        bytes[8] = 0x11;

        Outcome outcome = read(reader, bytes);

        assertThat(outcome.error().offset()).isZero();
        assertThat(outcome.error()).hasMessageContaining("byte-order magic");
    }

    @ParameterizedTest
    @MethodSource("io.synfin.agent.capture.Readers#withBothByteOrders")
    void blockLengthThatIsNotAMultipleOfFourIsCorrupt(Readers reader, ByteOrder order) {
        CaptureWriter w = pcapngWith(2, order);
        int third = w.size();
        byte[] bytes = w.enhancedPacket(0, 9, frameBytes(66, 9), 66).bytes();
        ByteBuffer.wrap(bytes).order(order).putInt(third + 4, 98);

        Outcome outcome = read(reader, bytes);

        assertThat(outcome.log().frames).hasSize(2);
        assertThat(outcome.error().offset()).isEqualTo(third);
        assertThat(outcome.error()).hasMessageContaining("block total length 98 is not a multiple of 4");
    }

    @ParameterizedTest
    @EnumSource(Readers.class)
    void blockLengthBelowTheMinimumOrAboveTheSanityBoundIsCorrupt(Readers reader) {
        CaptureWriter w = pcapngWith(1, LE);
        int second = w.size();
        byte[] small = w.enhancedPacket(0, 9, frameBytes(66, 9), 66).bytes();
        byte[] huge = small.clone();
        ByteBuffer.wrap(small).order(LE).putInt(second + 4, 8);
        ByteBuffer.wrap(huge).order(LE).putInt(second + 4, 0x7ffffffc);

        assertThat(read(reader, small).error().offset()).isEqualTo(second);
        Outcome outcome = read(reader, huge);
        assertThat(outcome.log().frames).hasSize(1);
        assertThat(outcome.error().offset()).isEqualTo(second);
        assertThat(outcome.error()).hasMessageContaining("block total length 2147483644");
    }

    @ParameterizedTest
    @MethodSource("io.synfin.agent.capture.Readers#withBothByteOrders")
    void trailingLengthThatDisagreesIsCorrupt(Readers reader, ByteOrder order) {
        CaptureWriter w = pcapngWith(1, order);
        int second = w.size();
        byte[] bytes = w.enhancedPacket(0, 9, frameBytes(66, 9), 66).bytes();
        ByteBuffer.wrap(bytes).order(order).putInt(bytes.length - 4, 96);

        Outcome outcome = read(reader, bytes);

        assertThat(outcome.log().frames).hasSize(1);
        assertThat(outcome.error().offset()).isEqualTo(second);
        assertThat(outcome.error()).hasMessageContaining("block total length 100 and trailing length 96 differ");
    }

    @ParameterizedTest
    @MethodSource("io.synfin.agent.capture.Readers#withBothByteOrders")
    void blockCutShortDeliversTheFramesBeforeIt(Readers reader, ByteOrder order) {
        CaptureWriter w = pcapngWith(3, order);
        int fourth = w.size();
        byte[] bytes = w.enhancedPacket(0, 9, frameBytes(66, 9), 66).bytes();

        Outcome midBody = read(reader, Arrays.copyOf(bytes, fourth + 50));
        Outcome midHeader = read(reader, Arrays.copyOf(bytes, fourth + 6));

        assertThat(midBody.log().frames).hasSize(3);
        assertThat(midBody.error().offset()).isEqualTo(fourth);
        assertThat(midBody.error()).hasMessageContaining("truncated block: 50 of 100 bytes");
        assertThat(midHeader.log().frames).hasSize(3);
        assertThat(midHeader.error().offset()).isEqualTo(fourth);
        assertThat(midHeader.error()).hasMessageContaining("truncated block header: 6 of 8 bytes");
    }

    @ParameterizedTest
    @MethodSource("io.synfin.agent.capture.Readers#withBothByteOrders")
    void packetNamingAnUndescribedInterfaceIsCorrupt(Readers reader, ByteOrder order) {
        CaptureWriter w = pcapngWith(1, order);
        int second = w.size();
        byte[] bytes = w.enhancedPacket(1, 9, frameBytes(66, 9), 66).bytes();

        Outcome outcome = read(reader, bytes);

        assertThat(outcome.log().frames).hasSize(1);
        assertThat(outcome.error().offset()).isEqualTo(second);
        assertThat(outcome.error()).hasMessageContaining("names interface 1 but the section describes 1");
    }

    @ParameterizedTest
    @EnumSource(Readers.class)
    void simplePacketWithoutAnyInterfaceIsCorrupt(Readers reader) {
        byte[] bytes = CaptureWriter.pcapng(LE).simplePacket(frameBytes(60, 1), 60).bytes();

        Outcome outcome = read(reader, bytes);

        assertThat(outcome.error().offset()).isEqualTo(28);
        assertThat(outcome.error()).hasMessageContaining("names interface 0 but the section describes 0");
    }

    @ParameterizedTest
    @EnumSource(Readers.class)
    void capturedLengthBeyondItsBlockOrTheInterfaceSnaplenIsCorrupt(Readers reader) {
        CaptureWriter w = CaptureWriter.pcapng(LE).interfaceDescription(LinkType.ETHERNET, 64, -1, 0);
        int first = w.size();
        byte[] beyondBlock = w.enhancedPacket(0, 1, frameBytes(60, 1), 60).bytes();
        ByteBuffer.wrap(beyondBlock).order(LE).putInt(first + 20, 61);
        byte[] beyondSnaplen = CaptureWriter.pcapng(LE).interfaceDescription(LinkType.ETHERNET, 64, -1, 0)
                .enhancedPacket(0, 1, frameBytes(65, 1), 65).bytes();

        assertThat(read(reader, beyondBlock).error())
                .hasMessageContaining("captured length 61 exceeds the 60 bytes of its block");
        Outcome outcome = read(reader, beyondSnaplen);
        assertThat(outcome.error().offset()).isEqualTo(first);
        assertThat(outcome.error()).hasMessageContaining("captured length 65 exceeds the interface snaplen 64");
    }

    @ParameterizedTest
    @EnumSource(Readers.class)
    void unsupportedMajorVersionIsCorrupt(Readers reader) {
        byte[] bytes = pcapngWith(1, ByteOrder.BIG_ENDIAN).bytes();
        bytes[13] = 2;

        Outcome outcome = read(reader, bytes);

        assertThat(outcome.error().offset()).isZero();
        assertThat(outcome.error()).hasMessageContaining("unsupported pcapng major version 2");
    }

    @ParameterizedTest
    @EnumSource(Readers.class)
    void interfaceWithAnUnrepresentableResolutionIsCorrupt(Readers reader) {
        byte[] bytes = CaptureWriter.pcapng(LE).interfaceDescription(LinkType.ETHERNET, 0, 19, 0).bytes();

        Outcome outcome = read(reader, bytes);

        assertThat(outcome.error().offset()).isEqualTo(28);
        assertThat(outcome.error()).hasMessageContaining("if_tsresol 0x13 cannot be represented");
    }

    @ParameterizedTest
    @EnumSource(Readers.class)
    void interfaceOptionOverrunningItsBlockIsCorrupt(Readers reader) {
        ByteBuffer body = ByteBuffer.allocate(16).order(LE);
        body.putShort((short) LinkType.ETHERNET).putShort((short) 0).putInt(0);
        body.putShort((short) 2).putShort((short) 40).putInt(0); // if_name claims 40 bytes, 4 remain
        byte[] bytes = CaptureWriter.pcapng(LE).block(PcapngFileSource.INTERFACE_DESCRIPTION_TYPE, body.array()).bytes();

        Outcome outcome = read(reader, bytes);

        assertThat(outcome.error().offset()).isEqualTo(28);
        assertThat(outcome.error()).hasMessageContaining("interface option 2 overruns its block");
    }
}
