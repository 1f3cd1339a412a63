package io.synfin.agent.capture;

import static io.synfin.agent.capture.CaptureWriter.frameBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged input never crashes and never passes silently: the good frames before the damage arrive,
 * then a {@link CaptureException} names the input and the byte offset of the damaged record. Here:
 * damage any input can have, and damage to classic pcap files.
 */
class CorruptPcapTest extends CorruptionTestBase {

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

    @Test
    void fileTruncatedWhileItIsReadIsACleanErrorByDefault() throws Exception {
        int frames = 40_000; // 3.3 MB: more than the reader's 1 MiB buffer holds
        Path file = dir.resolve("shrinking.pcap");
        Files.write(file, pcapWith(frames, LE).bytes());
        long cut = 24 + 30_000L * PCAP_RECORD + 5;
        FrameLog log = new FrameLog();

        CaptureException error = catchThrowableOfType(CaptureException.class, () -> {
            try (CaptureSource source = CaptureFiles.open(file.toString());
                    RandomAccessFile shrink = new RandomAccessFile(file.toFile(), "rw")) {
                shrink.setLength(cut); // as a rotating writer might, after the reader opened the file
                source.run(log);
            }
        });

        assertThat(log.frames).hasSize(30_000);
        assertThat(error.offset()).isEqualTo(cut - 5);
        assertThat(error).hasMessageContaining("truncated record header: 5 of 16 bytes (frame 30001)");
    }
}
