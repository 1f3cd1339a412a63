package io.synfin.agent.capture;

import static io.synfin.agent.capture.CaptureWriter.frameBytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A pcap larger than 2 GiB, one mapping's limit: a sparse file of empty records (all-zero 16-byte
 * headers, which are valid: no bytes captured) with real frames on both sides of the 2 GiB mark.
 */
class LargeFileTest {

    private static final long TWO_GIB = 1L << 31;
    private static final int HEADER = 24;
    private static final int RECORD = 16;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = CaptureFiles.ReadMode.class, names = {"MAPPED", "CHANNEL"})
    void framesBeyondTwoGibibytesAreReadWithTheirOffsets(CaptureFiles.ReadMode mode) throws Exception {
        byte[] marker = frameBytes(66, 7);
        byte[] head = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, false, 65535, LinkType.ETHERNET)
                .record(1, 0, marker, 66)
                .bytes();
        long firstEmpty = head.length;
        // Empty records up to the 2 GiB mark, then a marker frame whose header straddles it.
        long straddling = firstEmpty + ((TWO_GIB - firstEmpty) / RECORD) * RECORD;
        byte[] tail = CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, false, 65535, LinkType.ETHERNET)
                .record(2, 0, marker, 66)
                .bytes();
        Path file = dir.resolve("large.pcap");
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.write(head);
            out.seek(straddling);
            out.write(tail, HEADER, tail.length - HEADER);
        }
        long emptyRecords = (straddling - firstEmpty) / RECORD;

        CountingLog log = new CountingLog();
        try (CaptureSource source = CaptureFiles.open(file, mode)) {
            assertThat(source.run(log)).isEqualTo(emptyRecords + 2);
        }

        assertThat(straddling).isLessThan(TWO_GIB);
        assertThat(straddling + RECORD + 66).isGreaterThan(TWO_GIB);
        assertThat(log.lastOffset).isEqualTo(straddling);
        assertThat(log.lastBytes).isEqualTo(marker);
        assertThat(log.lastNumber).isEqualTo(emptyRecords + 2);
        assertThat(log.capturedBytes).isEqualTo(2L * 66);
    }

    /** Counts without keeping 134 million frames; remembers the last one. */
    private static final class CountingLog implements FrameHandler {
        long capturedBytes;
        long lastOffset;
        long lastNumber;
        byte[] lastBytes;

        @Override
        public void onFrame(RawFrame frame) {
            capturedBytes += frame.capturedLength();
            if (frame.capturedLength() > 0) {
                lastOffset = frame.fileOffset();
                lastNumber = frame.frameNumber();
                lastBytes = frame.copyBytes();
            }
        }
    }
}
