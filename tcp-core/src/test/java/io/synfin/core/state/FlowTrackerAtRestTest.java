package io.synfin.core.state;

import static io.synfin.core.segment.TcpFlags.ACK;
import static io.synfin.core.segment.TcpFlags.FIN;
import static io.synfin.core.segment.TcpFlags.PSH;
import static io.synfin.core.segment.TcpFlags.RST;
import static io.synfin.core.segment.TcpFlags.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.core.TrackerConfig;
import io.synfin.core.segment.Segment;
import io.synfin.core.segment.SegmentOptions;
import org.junit.jupiter.api.Test;

/** When a tracker only waits for its deadline ({@link FlowTracker#atRest()}), and when it does not. */
class FlowTrackerAtRestTest {

    private static final long T0 = 1_767_225_600_000_000L;
    private static final byte[] CLIENT = {10, 1, 2, 3};
    private static final byte[] SERVER = {10, 9, 8, 7};

    private static Segment client(long dt, int flags, int seq, int ack, int len) {
        return new Segment(T0 + dt, 0, CLIENT, SERVER, 40_000, 80, seq, ack, flags, 502, len, 40 + len, 64,
                SegmentOptions.NONE, false);
    }

    private static Segment server(long dt, int flags, int seq, int ack, int len) {
        return new Segment(T0 + dt, 0, SERVER, CLIENT, 80, 40_000, seq, ack, flags, 509, len, 40 + len, 64,
                SegmentOptions.NONE, false);
    }

    private static FlowTracker established() {
        FlowTracker t = new FlowTracker(TrackerConfig.DEFAULTS, false);
        t.onSegment(client(0, SYN, 100, 0, 0), e -> {});
        t.onSegment(server(10, SYN | ACK, 500, 101, 0), e -> {});
        t.onSegment(client(20, ACK, 101, 501, 0), e -> {});
        t.onSegment(client(30, ACK | PSH, 101, 501, 10), e -> {});
        return t;
    }

    @Test
    void anEmptyTrackerAndAnOpenConnectionAreNotAtRest() {
        assertThat(new FlowTracker(TrackerConfig.DEFAULTS).atRest()).isFalse();
        FlowTracker syn = new FlowTracker(TrackerConfig.DEFAULTS);
        syn.onSegment(client(0, SYN, 100, 0, 0));
        assertThat(syn.atRest()).as("SYN sent").isFalse();
        assertThat(established().atRest()).as("established").isFalse();
    }

    @Test
    void aHalfCloseIsNotAtRestTheFullCloseIs() {
        FlowTracker t = established();
        t.onSegment(client(40, FIN | ACK, 111, 501, 0), e -> {});
        t.onSegment(server(50, ACK, 501, 112, 0), e -> {});
        assertThat(t.atRest()).as("client FIN acknowledged, server still open").isFalse();
        t.onSegment(server(60, FIN | ACK, 501, 112, 0), e -> {});
        assertThat(t.atRest()).as("server LAST_ACK").isFalse();
        t.onSegment(client(70, ACK, 112, 502, 0), e -> {});
        assertThat(t.current().originatorState()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(t.atRest()).as("TIME_WAIT and CLOSED").isTrue();
    }

    @Test
    void aResetConnectionIsAtRest() {
        FlowTracker t = established();
        t.onSegment(server(40, RST | ACK, 501, 111, 0), e -> {});
        assertThat(t.isEmpty()).isFalse();
        assertThat(t.atRest()).isTrue();
    }
}
