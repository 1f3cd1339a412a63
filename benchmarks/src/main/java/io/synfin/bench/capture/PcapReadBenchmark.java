package io.synfin.bench.capture;

import io.synfin.agent.capture.CaptureException;
import io.synfin.agent.capture.CaptureFiles;
import io.synfin.agent.capture.CaptureSource;
import io.synfin.agent.capture.FrameHandler;
import io.synfin.agent.capture.RawFrame;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Frames per second read from a capture file (in the page cache) through each {@link CaptureFiles.ReadMode},
 * for classic pcap and pcapng. The file holds 2^20 small Ethernet/IPv4/TCP frames of 66 to 80 bytes.
 * Score = frames/s; the handler reads the TCP flags byte of each frame, as the decoder would touch it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class PcapReadBenchmark {

    static final int FRAMES = 1 << 20;
    private static final long SEED = 20261129L;
    /** Ethernet (14) + IPv4 (20) + TCP (20..40): bare ACK 54, ACK+timestamps 66, SYN 74, SYN-ACK 78, 80. */
    private static final int[] FRAME_LENGTHS = {66, 66, 66, 74, 78, 80};
    private static final int TCP_FLAGS_OFFSET = 14 + 20 + 13;

    @Param({"MAPPED", "CHANNEL", "STREAM"})
    public CaptureFiles.ReadMode mode;

    @Param({"pcap", "pcapng"})
    public String format;

    private Path file;
    private final FlagCounter counter = new FlagCounter();

    @Setup(Level.Trial)
    public void writeCapture() throws IOException {
        file = Files.createTempFile("synfin-bench-", "." + format);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            if (format.equals("pcap")) {
                writePcap(out);
            } else {
                writePcapng(out);
            }
        }
    }

    @TearDown(Level.Trial)
    public void deleteCapture() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long readAll() throws CaptureException {
        try (CaptureSource source = CaptureFiles.open(file, mode)) {
            long frames = source.run(counter);
            if (frames != FRAMES) {
                throw new IllegalStateException("read " + frames + " frames, wrote " + FRAMES);
            }
            return counter.flagSum;
        }
    }

    /** Touches one header byte per frame so the read cannot be optimised away. */
    static final class FlagCounter implements FrameHandler {
        long flagSum;

        @Override
        public void onFrame(RawFrame frame) {
            flagSum += frame.buffer().get(frame.offset() + TCP_FLAGS_OFFSET);
        }
    }

    static void writePcap(OutputStream out) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1);
        out.write(header.array());
        Random random = new Random(SEED);
        ByteBuffer record = ByteBuffer.allocate(16 + 80).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < FRAMES; i++) {
            int length = FRAME_LENGTHS[random.nextInt(FRAME_LENGTHS.length)];
            record.clear();
            record.putInt(1_700_000_000 + i / 100_000).putInt(i % 1_000_000).putInt(length).putInt(length);
            putFrame(record, length, i, random);
            out.write(record.array(), 0, record.position());
        }
    }

    static void writePcapng(OutputStream out) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(28 + 20).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L).putInt(28);
        head.putInt(1).putInt(20).putShort((short) 1).putShort((short) 0).putInt(262144).putInt(20);
        out.write(head.array());
        Random random = new Random(SEED);
        ByteBuffer block = ByteBuffer.allocate(32 + 80).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < FRAMES; i++) {
            int length = FRAME_LENGTHS[random.nextInt(FRAME_LENGTHS.length)];
            int padded = (length + 3) & ~3;
            long micros = 1_700_000_000_000_000L + i * 10L;
            block.clear();
            block.putInt(6).putInt(32 + padded).putInt(0).putInt((int) (micros >>> 32)).putInt((int) micros);
            block.putInt(length).putInt(length);
            putFrame(block, length, i, random);
            block.put(new byte[padded - length]).putInt(32 + padded);
            out.write(block.array(), 0, block.position());
        }
    }

    /** A plausible Ethernet/IPv4/TCP frame: 1000 client ports against one server, ACK/PSH/SYN/FIN mixes. */
    private static void putFrame(ByteBuffer b, int length, int i, Random random) {
        ByteOrder saved = b.order();
        b.order(ByteOrder.BIG_ENDIAN);
        b.putInt(0x02000000).putShort((short) 1).putInt(0x02000000).putShort((short) 2).putShort((short) 0x0800);
        int ipLength = length - 14;
        b.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) i).putShort((short) 0x4000);
        b.put((byte) 64).put((byte) 6).putShort((short) 0).putInt(0x0A000001).putInt(0x0A000002);
        int tcpLength = ipLength - 20;
        b.putShort((short) (40000 + i % 1000)).putShort((short) 443).putInt(random.nextInt()).putInt(random.nextInt());
        int flags = tcpLength >= 40 ? 0x02 : (random.nextInt(16) == 0 ? 0x11 : 0x10);
        b.put((byte) ((tcpLength / 4) << 4)).put((byte) flags).putShort((short) 64240).putInt(0);
        b.put(new byte[tcpLength - 20]);
        b.order(saved);
    }
}
