package io.synfin.bench.schema;

import io.synfin.core.segment.TcpFlags;
import io.synfin.schema.TcpSegment;
import io.synfin.schema.json.AvroJson;
import io.synfin.schema.serde.DecodeResult;
import io.synfin.schema.serde.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The agent's per-segment publish cost: a TcpSegment to single-object bytes; and, for the consumers, the
 * decode and the one-line JSON of the same records. Plain ACKs of many flows, cycled from a fixed set.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SegmentEncodeBenchmark {

    // A power of two, so the index wraps with a mask.
    private static final int RECORDS = 1024;

    private final SingleObjectCodec<TcpSegment> codec = SingleObjectCodec.forType(TcpSegment.class);
    private final TcpSegment[] segments = new TcpSegment[RECORDS];
    private final byte[][] encoded = new byte[RECORDS][];
    private final StringBuilder line = new StringBuilder(512);
    private int next;

    @Setup
    public void setUp() {
        Random random = new Random(1);
        long ts = 1_773_480_413_589_793L;
        for (int i = 0; i < RECORDS; i++) {
            segments[i] = TcpSegment.newBuilder()
                    .setTs(ts + i * 37L)
                    .setDomain(1)
                    .setAgentId(1)
                    .setSrcAddr(ByteBuffer.wrap(new byte[] {10, 1, (byte) random.nextInt(256), (byte) random.nextInt(256)}))
                    .setDstAddr(ByteBuffer.wrap(new byte[] {10, 2, 0, (byte) random.nextInt(256)}))
                    .setSrcPort(32768 + random.nextInt(28232))
                    .setDstPort(443)
                    .setSeq(random.nextInt() & 0xFFFFFFFFL)
                    .setAck(random.nextInt() & 0xFFFFFFFFL)
                    .setFlags(TcpFlags.ACK)
                    .setWindow(501)
                    .setPayloadLen(0)
                    .setIpTotalLen(40)
                    .setTtl(64)
                    .setIpId(random.nextInt(65536))
                    .setFragment(null)
                    .setVlanIds(List.of())
                    .setOptions(null)
                    .build();
            encoded[i] = codec.encode(segments[i]);
        }
        if (!(codec.decode(encoded[0]) instanceof DecodeResult.Decoded)) {
            throw new IllegalStateException("setup records do not decode");
        }
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(segments[next++ & (RECORDS - 1)]);
    }

    @Benchmark
    public DecodeResult<TcpSegment> decode() {
        return codec.decode(encoded[next++ & (RECORDS - 1)]);
    }

    @Benchmark
    public int json() {
        line.setLength(0);
        return AvroJson.append(line, segments[next++ & (RECORDS - 1)]).length();
    }
}
