package io.synfin.bench.capture;

import io.synfin.agent.capture.CaptureException;
import io.synfin.agent.capture.CaptureFiles;
import io.synfin.agent.capture.CaptureSource;
import io.synfin.agent.decode.DecodeStatus;
import io.synfin.agent.decode.DecodedSegment;
import io.synfin.agent.decode.SegmentDecoder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The whole file → segments path of the agent and of {@code synfin analyze}: a capture file in the page
 * cache read by the default reader and every frame decoded into one reused {@link DecodedSegment}.
 * Same 2^20-frame files as {@link PcapReadBenchmark}. Score = segments/s (target ≥ 5 million per core).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class FileToSegmentsBenchmark {

    @Param({"pcap", "pcapng"})
    public String format;

    private Path file;
    private final SegmentDecoder decoder = new SegmentDecoder();
    private final DecodedSegment segment = new DecodedSegment();

    @Setup(Level.Trial)
    public void writeCapture() throws IOException {
        file = Files.createTempFile("synfin-bench-", "." + format);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            if (format.equals("pcap")) {
                PcapReadBenchmark.writePcap(out);
            } else {
                PcapReadBenchmark.writePcapng(out);
            }
        }
    }

    @TearDown(Level.Trial)
    public void deleteCapture() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    @OperationsPerInvocation(PcapReadBenchmark.FRAMES)
    public long fileToSegments() throws CaptureException {
        long[] ok = {0};
        try (CaptureSource source = CaptureFiles.open(file.toString())) {
            source.run(frame -> {
                if (decoder.decode(frame, segment) == DecodeStatus.OK) {
                    ok[0] += segment.seq();
                }
            });
        }
        if (decoder.counters().count(DecodeStatus.OK) % PcapReadBenchmark.FRAMES != 0) {
            throw new IllegalStateException("not every frame decoded: " + decoder.counters().summary());
        }
        return ok[0];
    }
}
