package io.synfin.bench.core;

import io.synfin.cli.gen.SyntheticTraffic;
import io.synfin.core.TrackerConfig;
import io.synfin.core.anomaly.Anomaly;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.segment.Segment;
import io.synfin.core.segment.SegmentOptions;
import io.synfin.core.state.FlowTable;
import io.synfin.core.state.FlowTracker;
import io.synfin.core.state.Step;
import io.synfin.core.state.TrackerEvent;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Connection tracking throughput on one thread: {@value #SEGMENTS} segments of the traffic
 * {@code synfin generate} writes (thousands of concurrent connections, every ending SynFin tells apart)
 * go through a fresh {@link FlowTable} per invocation, timers and the end-of-input flush included. The
 * score is segments per second (one operation = one segment).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class TrackerBenchmark {

    static final int SEGMENTS = 1 << 20;
    /** The defaults of {@code synfin generate}: seed 1, 5000 new connections per second, 2026-01-01. */
    private static final long SEED = 1;
    private static final int RATE = 5000;
    private static final long START_MICROS = 1_767_225_600_000_000L;

    private final Segment[] segments = new Segment[SEGMENTS];
    /** For {@link #perKeyTrackers}: the index of each segment's flow, as a keyed runtime routes it. */
    private final int[] flowOf = new int[SEGMENTS];
    private int flows;

    /** Counts what the tracker emits and hands it to the blackhole, so no output is optimized away. */
    private static final class CountingSink implements FlowTable.Sink {
        final Blackhole hole;
        long records;
        long anomalies;

        CountingSink(Blackhole hole) {
            this.hole = hole;
        }

        @Override
        public void record(ConnectionSummary summary) {
            records++;
            hole.consume(summary);
        }

        @Override
        public void anomaly(Anomaly anomaly) {
            anomalies++;
            hole.consume(anomaly);
        }
    }

    @Setup
    public void setUp() {
        SyntheticTraffic traffic = new SyntheticTraffic(SEED, SEGMENTS, RATE, START_MICROS);
        SyntheticTraffic.Packet p = new SyntheticTraffic.Packet();
        int n = 0;
        while (traffic.next(p)) {
            // the IP total length PcapWriter writes: 20-byte IPv4 and TCP headers, no options
            segments[n++] = new Segment(p.tsMicros, 0, ipv4(p.srcAddr), ipv4(p.dstAddr), p.srcPort, p.dstPort, p.seq,
                    p.ack, p.flags, p.window, p.payloadLen, 40 + p.payloadLen, 64, SegmentOptions.NONE, false);
        }
        if (n != SEGMENTS) {
            throw new IllegalStateException("generator stopped after " + n + " segments");
        }
        java.util.Map<io.synfin.core.flow.FlowKey, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < SEGMENTS; i++) {
            flowOf[i] = index.computeIfAbsent(io.synfin.core.flow.FlowKey.of(segments[i]), k -> index.size());
        }
        flows = index.size();
    }

    private static byte[] ipv4(int addr) {
        return new byte[] {(byte) (addr >>> 24), (byte) (addr >>> 16), (byte) (addr >>> 8), (byte) addr};
    }

    /** Every segment through the per-key offline driver, then the end-of-input flush. */
    @Benchmark
    @OperationsPerInvocation(SEGMENTS)
    public long flowTable(Blackhole hole) {
        CountingSink sink = new CountingSink(hole);
        FlowTable table = new FlowTable(TrackerConfig.DEFAULTS, sink);
        for (Segment s : segments) {
            table.onSegment(s);
        }
        table.finish();
        return sink.records + sink.anomalies;
    }

    /**
     * The tracker alone, as a keyed runtime runs it: the flow of each segment is already known (Flink's
     * keyBy routes it, keyed state finds its tracker), so this measures {@link FlowTracker} — due
     * deadlines fired before the segment, as the job's function does, then the segment — without the
     * offline table's key lookup and deadline heap. It uses the sink-driven methods (no {@link Step} per
     * segment) and no RFC state-change events, which a runtime that emits only records and anomalies needs.
     */
    @Benchmark
    @OperationsPerInvocation(SEGMENTS)
    public long perKeyTrackers(Blackhole hole) {
        FlowTracker[] trackers = new FlowTracker[flows];
        long[] events = new long[1];
        java.util.function.Consumer<TrackerEvent> sink = e -> {
            events[0]++;
            hole.consume(e);
        };
        for (int i = 0; i < SEGMENTS; i++) {
            Segment s = segments[i];
            FlowTracker t = trackers[flowOf[i]];
            if (t == null) {
                t = new FlowTracker(TrackerConfig.DEFAULTS, false);
                trackers[flowOf[i]] = t;
            } else if (t.nextDeadline() <= s.tsMicros()) {
                t.onTimer(s.tsMicros(), sink);
            }
            hole.consume(t.onSegment(s, sink));
        }
        return events[0];
    }

    /**
     * As {@link #perKeyTrackers}, through the {@link Step} methods with every RFC state-change event made:
     * the way the Flink job's function calls the tracker today.
     */
    @Benchmark
    @OperationsPerInvocation(SEGMENTS)
    public long perKeyTrackersSteps(Blackhole hole) {
        FlowTracker[] trackers = new FlowTracker[flows];
        long events = 0;
        for (int i = 0; i < SEGMENTS; i++) {
            Segment s = segments[i];
            FlowTracker t = trackers[flowOf[i]];
            if (t == null) {
                t = new FlowTracker(TrackerConfig.DEFAULTS);
                trackers[flowOf[i]] = t;
            } else if (t.nextDeadline() <= s.tsMicros()) {
                events += t.onTimer(s.tsMicros()).events().size();
            }
            Step step = t.onSegment(s);
            events += step.events().size();
            hole.consume(step);
        }
        return events;
    }
}
