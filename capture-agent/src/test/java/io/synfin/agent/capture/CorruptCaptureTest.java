package io.synfin.agent.capture;

import static io.synfin.agent.capture.CaptureWriter.frameBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged input never crashes and never passes silently: the good frames before the damage arrive,
 * then a {@link CaptureException} names the input and the byte offset of the damaged record.
 */
class CorruptCaptureTest {

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int PCAP_RECORD = 16 + 66;

    @TempDir
    Path dir;

    /** What a read of damaged bytes gave: the frames before the damage and the error. */
    private record Outcome(FrameLog log, CaptureException error) {}

    private Outcome read(Readers reader, byte[] bytes) {
        FrameLog log = new FrameLog();
        CaptureException error = catchThrowableOfType(CaptureException.class, () -> {
            try (CaptureSource source = reader.open(bytes, dir)) {
                source.run(log);
            }
        });
        assertThat(error).as("corrupt input must raise CaptureException").isNotNull();
        assertThat(error.source()).isEqualTo(reader == Readers.INPUT_STREAM ? "stdin" : dir.resolve(reader.name() + ".cap").toString());
        return new Outcome(log, error);
    }

    /** A valid little-endian pcap with {@code frames} 66-byte frames (records of 82 bytes from offset 24). */
    private static CaptureWriter pcapWith(int frames, ByteOrder order) {
        CaptureWriter w = CaptureWriter.pcap(order, false, 65535, LinkType.ETHERNET);
        for (int i = 0; i < frames; i++) {
            w.record(1_700_000_000L + i, 0, frameBytes(66, i), 66);
        }
        return w;
    }

    /** A valid pcapng: SHB (28 bytes), one IDB, {@code frames} EPBs. */
    private static CaptureWriter pcapngWith(int frames, ByteOrder order) {
        CaptureWriter w = CaptureWriter.pcapng(order).interfaceDescription(LinkType.ETHERNET, 65535, -1, 0);
        for (int i = 0; i < frames; i++) {
            w.enhancedPacket(0, i, frameBytes(66, i), 66);
        }
        return w;
    }

    @ParameterizedTest
    @EnumSource(Readers.class)
    void emptyInputIsReportedAtOffsetZero(Readers reader) {
        Outcome outcome = read(reader, new byte[0]);

        assertThat(outcome.error().offset()).isZero();
        assertThat(outcome.error()).hasMessageContaining("empty file");
    }

    @ParameterizedTest
    @EnumSource(Readers.class)
    void inputShorterThanAMagicNumberIsTruncated(Readers reader) {
        Outcome outcome = read(reader, new byte[] {(byte) 0xd4, (byte) 0xc3});

        assertThat(outcome.error()).hasMessageContaining("at byte offset 0").hasMessageContaining("truncated");
    }

    @ParameterizedTest
    @EnumSource(Readers.class)
    void randomBytesAreNotACapture(Readers reader) {
        byte[] bytes = new byte[4096];
        new Random(42).nextBytes(bytes);

        Outcome outcome = read(reader, bytes);

        assertThat(outcome.error().offset()).isZero();
        assertThat(outcome.error()).hasMessageContaining("not a pcap or pcapng file");
    }

    @ParameterizedTest
    @EnumSource(Readers.class)
    void wrongMagicIsNamedInHex(Readers reader) {
        byte[] bytes = pcapWith(2, ByteOrder.BIG_ENDIAN).bytes();
        bytes[3] = 0x00; // a1b2c300

        Outcome outcome = read(reader, bytes);

        assertThat(outcome.error()).hasMessageContaining("magic 0xa1b2c300");
        assertThat(outcome.log().frames).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Readers.class)
    void truncatedPcapFileHeaderIsReported(Readers reader) {
        byte[] bytes = Arrays.copyOf(pcapWith(0, LE).bytes(), 10);

        Outcome outcome = read(reader, bytes);

        assertThat(outcome.error().offset()).isZero();
        assertThat(outcome.error()).hasMessageContaining("truncated pcap file header: 10 of 24 bytes");
    }

    @ParameterizedTest
    @MethodSource("io.synfin.agent.capture.Readers#withBothByteOrders")
    void cutInsideARecordHeaderDeliversTheFramesBeforeIt(Readers reader, ByteOrder order) {
        byte[] whole = pcapWith(4, order).bytes();
        long fourth = 24 + 3L * PCAP_RECORD;

        Outcome outcome = read(reader, Arrays.copyOf(whole, (int) fourth + 9));

        assertThat(outcome.log().frames).hasSize(3);
        assertThat(outcome.log().frames.get(2).bytes()).isEqualTo(frameBytes(66, 2));
        assertThat(outcome.error().offset()).isEqualTo(fourth);
        assertThat(outcome.error()).hasMessageContaining("truncated record header: 9 of 16 bytes (frame 4)");
    }

    @ParameterizedTest
    @MethodSource("io.synfin.agent.capture.Readers#withBothByteOrders")
    void cutInsideARecordBodyDeliversTheFramesBeforeIt(Readers reader, ByteOrder order) {
        byte[] whole = pcapWith(4, order).bytes();
        long third = 24 + 2L * PCAP_RECORD;

        Outcome outcome = read(reader, Arrays.copyOf(whole, (int) third + 16 + 40));

        assertThat(outcome.log().frames).hasSize(2);
        assertThat(outcome.error().offset()).isEqualTo(third);
        assertThat(outcome.error()).hasMessageContaining("truncated record: 40 of 66 captured bytes (frame 3)");
    }

    @ParameterizedTest
    @EnumSource(Readers.class)
    void capturedLengthAboveTheSnaplenIsCorrupt(Readers reader) {
        byte[] bytes = CaptureWriter.pcap(LE, false, 128, LinkType.ETHERNET)
                .record(1, 0, frameBytes(100, 0), 100)
                .record(2, 0, frameBytes(129, 1), 129)
                .bytes();

        Outcome outcome = read(reader, bytes);

        assertThat(outcome.log().frames).hasSize(1);
        assertThat(outcome.error().offset()).isEqualTo(24 + 16 + 100);
        assertThat(outcome.error()).hasMessageContaining("captured length 129 exceeds the snaplen 128");
    }

    @ParameterizedTest
    @EnumSource(Readers.class)
    void absurdCapturedLengthIsCorruptEvenWithoutASnaplen(Readers reader) {
        byte[] bytes = pcapWith(1, LE).bytes();
        ByteBuffer.wrap(bytes).order(LE).putInt(16, 0).putInt(24 + 8, 0x7fffffff);

        Outcome outcome = read(reader, bytes);

        assertThat(outcome.log().frames).isEmpty();
        assertThat(outcome.error().offset()).isEqualTo(24);
        assertThat(outcome.error()).hasMessageContaining("captured length 2147483647 exceeds the snaplen 268435456");
    }

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
