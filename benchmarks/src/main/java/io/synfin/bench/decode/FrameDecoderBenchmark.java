package io.synfin.bench.decode;

import io.synfin.agent.capture.LinkType;
import io.synfin.agent.decode.DecodeStatus;
import io.synfin.agent.decode.DecodedSegment;
import io.synfin.agent.decode.SegmentDecoder;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Header decoding throughput on one thread: a fixed, shuffled mix of {@value #FRAMES} frames (plain
 * ACKs, data segments with timestamps, SYNs with options, IPv6, VLAN-tagged) decoded into one reused
 * {@link DecodedSegment}. The score is frames per second (one operation = one frame).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameDecoderBenchmark {

    /** A power of two, so the mix is a whole number of cache-friendly pages of offsets. */
    static final int FRAMES = 1024;

    @Param({"heap", "direct"})
    public String buffer;

    @Param({"false"})
    public boolean verifyChecksums;

    private ByteBuffer frames;
    private final int[] offsets = new int[FRAMES];
    private final int[] lengths = new int[FRAMES];
    private final int[] linkTypes = new int[FRAMES];
    private SegmentDecoder decoder;
    private final DecodedSegment out = new DecodedSegment();

    @Setup
    public void setUp() {
        decoder = new SegmentDecoder(verifyChecksums);
        BenchFrames mix = new BenchFrames(new SplittableRandom(42));
        byte[][] built = new byte[FRAMES][];
        int total = 0;
        for (int i = 0; i < FRAMES; i++) {
            built[i] = mix.next();
            linkTypes[i] = LinkType.ETHERNET;
            total += built[i].length;
        }
        frames = "direct".equals(buffer) ? ByteBuffer.allocateDirect(total) : ByteBuffer.allocate(total);
        int at = 0;
        for (int i = 0; i < FRAMES; i++) {
            frames.put(at, built[i]);
            offsets[i] = at;
            lengths[i] = built[i].length;
            at += built[i].length;
        }
        for (int i = 0; i < FRAMES; i++) {
            DecodeStatus status = decoder.decode(linkTypes[i], frames, offsets[i], lengths[i], lengths[i], out);
            if (status != DecodeStatus.OK) {
                throw new IllegalStateException("frame " + i + " of the mix decodes as " + status);
            }
        }
    }

    /** Decodes the whole mix once; returns a value that depends on every frame so nothing is elided. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long decodeMix() {
        long acc = 0;
        for (int f = 0; f < FRAMES; f++) {
            DecodeStatus status = decoder.decode(linkTypes[f], frames, offsets[f], lengths[f], lengths[f], out);
            acc += status.ordinal() + out.seq() + out.payloadLen();
        }
        return acc;
    }
}
