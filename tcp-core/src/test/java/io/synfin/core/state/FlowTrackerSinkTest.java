package io.synfin.core.state;

import static io.synfin.core.segment.TcpFlags.ACK;
import static io.synfin.core.segment.TcpFlags.FIN;
import static io.synfin.core.segment.TcpFlags.PSH;
import static io.synfin.core.segment.TcpFlags.RST;
import static io.synfin.core.segment.TcpFlags.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.core.TrackerConfig;
import io.synfin.core.anomaly.Anomaly;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.segment.Segment;
import io.synfin.core.segment.SegmentOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sink-driven {@link FlowTracker} methods hand over exactly the events, in the same order, and the
 * same deadlines as the {@link Step} methods, port reuse in TIME_WAIT and timers included.
 */
class FlowTrackerSinkTest {

    private static final long T0 = 1_767_225_600_000_000L;
    private static final long MS = 1000;
    private static final byte[] A = {10, 0, 0, 1};
    private static final byte[] B = {10, 0, 0, 2};

    private static Segment ab(long t, int flags, long seq, long ack, int len) {
        return new Segment(T0 + t, 0, A, B, 40_000, 80, (int) seq, (int) ack, flags, 1000, len, 40 + len, 64,
                SegmentOptions.NONE, false);
    }

    private static Segment ba(long t, int flags, long seq, long ack, int len) {
        return new Segment(T0 + t, 0, B, A, 80, 40_000, (int) seq, (int) ack, flags, 1000, len, 40 + len, 64,
                SegmentOptions.NONE, false);
    }

    /** A full connection into TIME_WAIT, a new SYN on the same tuple, then a refused retry after a gap. */
    private static List<Segment> traffic() {
        return List.of(
                ab(0, SYN, 100, 0, 0), ba(MS, SYN | ACK, 900, 101, 0), ab(2 * MS, ACK, 101, 901, 0),
                ab(3 * MS, ACK | PSH, 101, 901, 50), ba(4 * MS, ACK, 901, 151, 0),
                // data beyond a hole, then an ACK over the hole (a content gap)
                ab(5 * MS, ACK | PSH, 251, 901, 50), ba(6 * MS, ACK, 901, 301, 0),
                ab(7 * MS, FIN | ACK, 301, 901, 0), ba(8 * MS, FIN | ACK, 901, 302, 0), ab(9 * MS, ACK, 302, 902, 0),
                ab(10 * MS, SYN, 5_000_000, 0, 0), ba(11 * MS, RST | ACK, 0, 5_000_001, 0),
                ab(200_000 * MS, SYN, 7_000_000, 0, 0));
    }

    private static String describe(TrackerEvent e) {
        if (e instanceof TrackerEvent.ConnectionEnded ended) {
            return "end " + summary(ended.summary());
        }
        if (e instanceof TrackerEvent.InterimRecord interim) {
            return "interim " + summary(interim.summary());
        }
        if (e instanceof TrackerEvent.AnomalyFound found) {
            Anomaly a = found.anomaly();
            return "anomaly " + a.uid() + " " + a.type() + " " + a.tsMicros() + " " + a.detail();
        }
        return e.toString();
    }

    private static String summary(ConnectionSummary s) {
        return s.uid() + " " + s.connState() + " " + s.history() + " " + s.origPkts() + "/" + s.respPkts() + " "
                + s.origBytes() + "/" + s.respBytes() + " " + s.closeKind() + " " + s.recordReason() + " "
                + s.orig().missedBytes();
    }

    private static List<String> withSteps(boolean stateEvents) {
        FlowTracker t = new FlowTracker(TrackerConfig.DEFAULTS, stateEvents);
        List<String> out = new ArrayList<>();
        for (Segment s : traffic()) {
            if (t.nextDeadline() <= s.tsMicros()) {
                Step step = t.onTimer(s.tsMicros());
                step.events().forEach(e -> out.add(describe(e)));
                out.add("deadline " + step.nextDeadline() + " " + step.finished());
            }
            Step step = t.onSegment(s);
            step.events().forEach(e -> out.add(describe(e)));
            out.add("deadline " + step.nextDeadline() + " " + step.finished());
        }
        Step last = t.finish(T0 + 300_000 * MS);
        last.events().forEach(e -> out.add(describe(e)));
        return out;
    }

    private static List<String> withSink(boolean stateEvents) {
        FlowTracker t = new FlowTracker(TrackerConfig.DEFAULTS, stateEvents);
        List<String> out = new ArrayList<>();
        for (Segment s : traffic()) {
            if (t.nextDeadline() <= s.tsMicros()) {
                long next = t.onTimer(s.tsMicros(), e -> out.add(describe(e)));
                out.add("deadline " + next + " " + t.isEmpty());
            }
            long next = t.onSegment(s, e -> out.add(describe(e)));
            out.add("deadline " + next + " " + t.isEmpty());
            assertThat(next).isEqualTo(t.nextDeadline());
        }
        t.finish(T0 + 300_000 * MS, e -> out.add(describe(e)));
        return out;
    }

    @Test
    void sinkAndStepsAgreeWithStateEvents() {
        List<String> steps = withSteps(true);
        assertThat(withSink(true)).isEqualTo(steps);
        assertThat(steps).anyMatch(line -> line.startsWith("StateChanged"))
                .anyMatch(line -> line.contains("PORT_REUSE_IN_TIME_WAIT"))
                .anyMatch(line -> line.startsWith("end ") && line.contains(" REJ "))
                .anyMatch(line -> line.startsWith("end ") && line.endsWith(" 100"));
    }

    @Test
    void sinkAndStepsAgreeWithoutStateEvents() {
        List<String> steps = withSteps(false);
        assertThat(withSink(false)).isEqualTo(steps);
        assertThat(steps).noneMatch(line -> line.startsWith("StateChanged"));
        assertThat(steps.stream().filter(line -> !line.startsWith("StateChanged")).toList())
                .isEqualTo(withSteps(true).stream().filter(line -> !line.startsWith("StateChanged")).toList());
    }
}
