package io.synfin.agent.capture;

import static io.synfin.agent.capture.CaptureWriter.frameBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureFilesTest {

    @TempDir
    Path dir;

    @Test
    void magicNumberChoosesTheReaderWhateverTheFileIsCalled() throws Exception {
        Path pcapng = dir.resolve("looks-like.pcap");
        Files.write(pcapng, CaptureWriter.pcapng(ByteOrder.LITTLE_ENDIAN).bytes());
        Path pcap = dir.resolve("looks-like.pcapng");
        Files.write(pcap, CaptureWriter.pcap(ByteOrder.LITTLE_ENDIAN, true, 0, 1).bytes());

        try (CaptureSource a = CaptureFiles.open(pcapng.toString());
                CaptureSource b = CaptureFiles.open(pcap.toString())) {
            assertThat(a).isInstanceOf(PcapngFileSource.class);
            assertThat(b).isInstanceOf(PcapFileSource.class);
            assertThat(a.description()).isEqualTo(pcapng.toString());
        }
    }

    @Test
    void dashReadsStandardInputAndLeavesItOpen() throws Exception {
        byte[] bytes = CaptureWriter.pcap(ByteOrder.BIG_ENDIAN, false, 65535, LinkType.ETHERNET)
                .record(1, 2, frameBytes(66, 1), 66)
                .record(3, 4, frameBytes(70, 2), 70)
                .bytes();
        InputStream saved = System.in;
        ClosingTracker stdin = new ClosingTracker(bytes);
        System.setIn(stdin);
        try (CaptureSource source = CaptureFiles.open("-")) {
            FrameLog log = new FrameLog();
            source.run(log);

            assertThat(source.description()).isEqualTo("stdin");
            assertThat(log.frames).extracting(FrameLog.Seen::bytes).containsExactly(frameBytes(66, 1), frameBytes(70, 2));
        } finally {
            System.setIn(saved);
        }
        assertThat(stdin.closed).isFalse();
    }

    @Test
    void missingFileIsACaptureExceptionNamingIt() {
        String missing = dir.resolve("nope.pcap").toString();

        assertThatThrownBy(() -> CaptureFiles.open(missing))
                .isInstanceOf(CaptureException.class)
                .hasMessage(missing + ": no such file");
    }

    /** Standard input stand-in that records whether anyone closed it. */
    private static final class ClosingTracker extends ByteArrayInputStream {
        boolean closed;

        ClosingTracker(byte[] bytes) {
            super(bytes);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
