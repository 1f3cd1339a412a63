package io.synfin.agent.capture;

import static io.synfin.agent.capture.CaptureWriter.frameBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the corruption tests share: read damaged bytes through a {@link Readers} way, keep the frames
 * delivered before the damage and the {@link CaptureException} that must follow them.
 */
abstract class CorruptionTestBase {

    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    static final int PCAP_RECORD = 16 + 66;

    @TempDir
    Path dir;

    /** What a read of damaged bytes gave: the frames before the damage and the error. */
    record Outcome(FrameLog log, CaptureException error) {}

    Outcome read(Readers reader, byte[] bytes) {
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
    static CaptureWriter pcapWith(int frames, ByteOrder order) {
        CaptureWriter w = CaptureWriter.pcap(order, false, 65535, LinkType.ETHERNET);
        for (int i = 0; i < frames; i++) {
            w.record(1_700_000_000L + i, 0, frameBytes(66, i), 66);
        }
        return w;
    }

    /** A valid pcapng: SHB (28 bytes), one IDB, {@code frames} EPBs. */
    static CaptureWriter pcapngWith(int frames, ByteOrder order) {
        CaptureWriter w = CaptureWriter.pcapng(order).interfaceDescription(LinkType.ETHERNET, 65535, -1, 0);
        for (int i = 0; i < frames; i++) {
            w.enhancedPacket(0, i, frameBytes(66, i), 66);
        }
        return w;
    }
}
