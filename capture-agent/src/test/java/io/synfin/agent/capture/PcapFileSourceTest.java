package io.synfin.agent.capture;

import static io.synfin.agent.capture.CaptureWriter.frameBytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class PcapFileSourceTest {

    private static final long SECONDS = 1_700_000_000L;

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("io.synfin.agent.capture.Readers#withBothByteOrders")
    void microsecondFileDeliversEveryFrameWithItsBytesTimeAndOffset(Readers reader, ByteOrder order) throws Exception {
        byte[] bytes = CaptureWriter.pcap(order, false, 65535, LinkType.ETHERNET)
                .record(SECONDS, 123_456, frameBytes(66, 1), 66)
                .record(SECONDS + 1, 999_999, frameBytes(80, 2), 1514)
                .record(SECONDS + 2, 0, frameBytes(74, 3), 74)
                .bytes();

        FrameLog log = reader.readAll(bytes, dir);

        assertThat(log.frames).hasSize(3);
        FrameLog.Seen first = log.frames.get(0);
        assertThat(first.linkType()).isEqualTo(LinkType.ETHERNET);
        assertThat(first.interfaceId()).isZero();
        assertThat(first.timestampNanos()).isEqualTo(SECONDS * 1_000_000_000L + 123_456_000L);
        assertThat(first.bytes()).isEqualTo(frameBytes(66, 1));
        assertThat(first.frameNumber()).isEqualTo(1);
        assertThat(first.fileOffset()).isEqualTo(24);
        FrameLog.Seen second = log.frames.get(1);
        assertThat(second.bytes()).isEqualTo(frameBytes(80, 2));
        assertThat(second.originalLength()).isEqualTo(1514);
        assertThat(second.timestampNanos()).isEqualTo((SECONDS + 1) * 1_000_000_000L + 999_999_000L);
        assertThat(second.fileOffset()).isEqualTo(24 + 16 + 66);
        assertThat(log.frames.get(2).frameNumber()).isEqualTo(3);
        assertThat(log.frames.get(2).bytes()).isEqualTo(frameBytes(74, 3));
    }

    @ParameterizedTest
    @MethodSource("io.synfin.agent.capture.Readers#withBothByteOrders")
    void nanosecondVariantKeepsTheNanoseconds(Readers reader, ByteOrder order) throws Exception {
        byte[] bytes = CaptureWriter.pcap(order, true, 262144, LinkType.LINUX_SLL2)
                .record(SECONDS, 123_456_789, frameBytes(70, 9), 70)
                .bytes();

        FrameLog log = reader.readAll(bytes, dir);

        assertThat(log.frames).singleElement().satisfies(f -> {
            assertThat(f.timestampNanos()).isEqualTo(SECONDS * 1_000_000_000L + 123_456_789L);
            assertThat(f.linkType()).isEqualTo(LinkType.LINUX_SLL2);
        });
    }

    @Test
    void headerFieldsAreExposedWithTheFcsBitsMaskedOffTheLinkType() throws Exception {
        // libpcap's layout: FCS length in 16-bit words in bits 28-31, "FCS length present" at bit 26.
        int linkField = (2 << 28) | 0x0400_0000 | LinkType.ETHERNET;
        byte[] bytes = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, true, 1500, linkField)
                .record(SECONDS, 1, frameBytes(64, 0), 64)
                .bytes();

        try (PcapFileSource source = (PcapFileSource) Readers.MAPPED.open(bytes, dir)) {
            assertThat(source.linkType()).isEqualTo(LinkType.ETHERNET);
            assertThat(source.fcsLength()).isEqualTo(4);
            assertThat(source.snaplen()).isEqualTo(1500);
            assertThat(source.littleEndian()).isTrue();
            assertThat(source.nanosecondTimestamps()).isTrue();
            FrameLog log = new FrameLog();
            source.run(log);
            assertThat(log.frames).singleElement().extracting(FrameLog.Seen::linkType).isEqualTo(LinkType.ETHERNET);
        }
    }

    @Test
    void reservedLinkTypeBitsWithoutTheFcsFlagGiveNoFcsLength() throws Exception {
        byte[] bytes = CaptureWriter.pcap(ByteOrder.BIG_ENDIAN, false, 1500, 0x0010_0000 | LinkType.RAW).bytes();

        try (PcapFileSource source = (PcapFileSource) Readers.MAPPED.open(bytes, dir)) {
            assertThat(source.linkType()).isEqualTo(LinkType.RAW);
            assertThat(source.fcsLength()).isZero();
            assertThat(source.littleEndian()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Readers.class)
    void stopReturnsAfterTheCurrentFrameAndTheNextRunContinues(Readers reader) throws Exception {
        CaptureWriter writer = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, false, 65535, LinkType.ETHERNET);
        for (int i = 0; i < 5; i++) {
            writer.record(SECONDS + i, 0, frameBytes(60, i), 60);
        }
        try (CaptureSource source = reader.open(writer.bytes(), dir)) {
            List<Long> numbers = new ArrayList<>();
            long first = source.run(frame -> {
                numbers.add(frame.frameNumber());
                if (frame.frameNumber() == 2) {
                    source.stop();
                }
            });
            long rest = source.run(frame -> numbers.add(frame.frameNumber()));

            assertThat(first).isEqualTo(2);
            assertThat(rest).isEqualTo(3);
            assertThat(numbers).containsExactly(1L, 2L, 3L, 4L, 5L);
        }
    }

    @ParameterizedTest
    @EnumSource(Readers.class)
    void headerOnlyFileHasNoFrames(Readers reader) throws Exception {
        byte[] bytes = CaptureWriter.pcap(ByteOrder.BIG_ENDIAN, false, 65535, LinkType.ETHERNET).bytes();

        assertThat(reader.readAll(bytes, dir).frames).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Readers.class)
    void framesLargerThanTheReadWindowAreDeliveredWhole(Readers reader) throws Exception {
        byte[] jumbo = frameBytes(9000, 5);
        byte[] bytes = CaptureWriter.pcap(ByteOrder.BIG_ENDIAN, false, 0, LinkType.ETHERNET)
                .record(SECONDS, 0, frameBytes(60, 1), 60)
                .record(SECONDS, 1, jumbo, 9000)
                .record(SECONDS, 2, frameBytes(60, 2), 60)
                .bytes();

        FrameLog log = reader.readAll(bytes, dir);

        assertThat(log.frames).extracting(f -> f.bytes().length).containsExactly(60, 9000, 60);
        assertThat(log.frames.get(1).bytes()).isEqualTo(jumbo);
    }
}
