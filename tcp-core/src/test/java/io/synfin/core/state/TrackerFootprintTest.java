package io.synfin.core.state;

import static io.synfin.core.segment.TcpFlags.ACK;
import static io.synfin.core.segment.TcpFlags.FIN;
import static io.synfin.core.segment.TcpFlags.PSH;
import static io.synfin.core.segment.TcpFlags.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.core.TrackerConfig;
import io.synfin.core.analysis.DirectionAnalysis;
import io.synfin.core.anomaly.AnomalyType;
import io.synfin.core.record.CloseKind;
import io.synfin.core.record.ZeekEndpointState;
import io.synfin.core.segment.Segment;
import io.synfin.core.segment.SegmentOptions;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

/**
 * Pins the heap a live {@link FlowTracker} retains per connection: the Flink job keeps one per open
 * connection in heap keyed state, and the offline table keeps tens of thousands at once (TIME_WAIT lasts
 * 2 MSL). Objects every tracker shares (the config, enum constants, shared empty values) are not counted.
 * The bounds are the sizes measured with compressed references (any heap below 32 GB).
 */
class TrackerFootprintTest {

    static {
        // JOL reads field offsets of records (TrackerConfig, Segment) only this way on JDK 17.
        System.setProperty("jol.magicFieldOffset", "true");
    }

    private static final long T0 = 1_767_225_600_000_000L;
    private static final byte[] CLIENT = {10, 1, 2, 3};
    private static final byte[] SERVER = {(byte) 192, (byte) 168, 7, 9};
    private static final SegmentOptions SYN_OPTIONS =
            new SegmentOptions(40, 1460, 7, true, new int[0], 1000, 0, new int[0]);

    private static Segment fromClient(long dt, int flags, int seq, int ack, int len, SegmentOptions options) {
        return new Segment(T0 + dt, 0, CLIENT, SERVER, 40_000, 443, seq, ack, flags, 502, len, 40 + len, 64, options,
                false);
    }

    private static Segment fromServer(long dt, int flags, int seq, int ack, int len, SegmentOptions options) {
        return new Segment(T0 + dt, 0, SERVER, CLIENT, 443, 40_000, seq, ack, flags, 509, len, 40 + len, 64, options,
                false);
    }

    /** Handshake with options, a request and a two-segment answer, each acknowledged. */
    private static FlowTracker open() {
        FlowTracker t = new FlowTracker(TrackerConfig.DEFAULTS);
        t.onSegment(fromClient(0, SYN, 1000, 0, 0, SYN_OPTIONS));
        t.onSegment(fromServer(100, SYN | ACK, 5000, 1001, 0, SYN_OPTIONS));
        t.onSegment(fromClient(200, ACK, 1001, 5001, 0, SegmentOptions.NONE));
        t.onSegment(fromClient(300, ACK | PSH, 1001, 5001, 300, SegmentOptions.NONE));
        t.onSegment(fromServer(400, ACK, 5001, 1301, 1400, SegmentOptions.NONE));
        t.onSegment(fromServer(410, ACK | PSH, 6401, 1301, 600, SegmentOptions.NONE));
        t.onSegment(fromClient(500, ACK, 1301, 7001, 0, SegmentOptions.NONE));
        return t;
    }

    /** Bytes of the objects reachable from {@code tracker} that are not shared with every other tracker. */
    private static GraphLayout retained(FlowTracker tracker) {
        GraphLayout shared = GraphLayout.parseInstance(TrackerConfig.DEFAULTS, ZeekEndpointState.values(),
                TcpState.values(), CloseKind.values(), AnomalyType.values(), new DirectionAnalysis().counters(), "");
        return GraphLayout.parseInstance(tracker).subtract(shared);
    }

    /** Prints the size and the objects by class (the figures in benchmarks/README-figures.md). */
    private static long report(String what, FlowTracker tracker) {
        GraphLayout layout = retained(tracker);
        System.out.printf("retained heap of a FlowTracker, %s: %d bytes%n%s", what, layout.totalSize(),
                layout.toFootprint());
        return layout.totalSize();
    }

    @Test
    void openConnectionAfterHandshakeAndData() {
        FlowTracker t = open();
        assertThat(t.current().originatorState()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(report("open after handshake and data", t)).isLessThanOrEqualTo(712);
    }

    @Test
    void timeWait() {
        FlowTracker t = open();
        t.onSegment(fromClient(600, FIN | ACK, 1301, 7001, 0, SegmentOptions.NONE));
        t.onSegment(fromServer(700, FIN | ACK, 7001, 1302, 0, SegmentOptions.NONE));
        t.onSegment(fromClient(800, ACK, 1302, 7002, 0, SegmentOptions.NONE));
        assertThat(t.current().originatorState()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(report("TIME_WAIT", t)).isLessThanOrEqualTo(712);
    }

    @Test
    void midStreamPartial() {
        FlowTracker t = new FlowTracker(TrackerConfig.DEFAULTS);
        t.onSegment(fromClient(0, ACK | PSH, 77_000, 99_000, 500, SegmentOptions.NONE));
        t.onSegment(fromServer(50, ACK, 99_000, 77_500, 0, SegmentOptions.NONE));
        t.onSegment(fromServer(60, ACK | PSH, 99_000, 77_500, 200, SegmentOptions.NONE));
        assertThat(t.current().originatorState()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(report("mid-stream partial", t)).isLessThanOrEqualTo(712);
    }
}
