package io.synfin.core.state;

import static io.synfin.core.segment.TcpFlags.ACK;
import static io.synfin.core.segment.TcpFlags.FIN;
import static io.synfin.core.segment.TcpFlags.RST;
import static io.synfin.core.segment.TcpFlags.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.core.TrackerConfig;
import io.synfin.core.anomaly.Anomaly;
import io.synfin.core.anomaly.AnomalyType;
import io.synfin.core.flow.Addresses;
import io.synfin.core.record.CloseKind;
import io.synfin.core.record.ConnState;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.record.RecordReason;
import io.synfin.core.segment.Segment;
import io.synfin.core.segment.SegmentOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The offline driver: many keys, timers on capture time, end of input, an empty table at the end. */
class FlowTableTest {

    private static final long T0 = 1_700_000_000_000_000L;
    private static final long SECOND = 1_000_000;

    /** Collects what the table emits, in order. */
    private static final class TestSink implements FlowTable.Sink {
        final List<ConnectionSummary> records = new ArrayList<>();
        final List<Anomaly> anomalies = new ArrayList<>();
        final List<String> order = new ArrayList<>();

        @Override
        public void record(ConnectionSummary summary) {
            records.add(summary);
            order.add("record " + summary.origPort());
        }

        @Override
        public void anomaly(Anomaly anomaly) {
            anomalies.add(anomaly);
            order.add("anomaly " + anomaly.type());
        }
    }

    private static Segment segment(long ts, String src, int sport, String dst, int dport, int flags, long seq,
            long ack) {
        return new Segment(ts, 1, Addresses.parse(src), Addresses.parse(dst), sport, dport, (int) seq, (int) ack,
                flags, 65535, 0, 40, 64, SegmentOptions.NONE, false);
    }

    /** 10.0.0.1:40001 opens a connection to 10.0.0.9:80 in the first 2 ms. */
    private static void handshake(FlowTable table) {
        table.onSegment(segment(T0, "10.0.0.1", 40001, "10.0.0.9", 80, SYN, 100, 0));
        table.onSegment(segment(T0 + 1000, "10.0.0.9", 80, "10.0.0.1", 40001, SYN | ACK, 300, 101));
        table.onSegment(segment(T0 + 2000, "10.0.0.1", 40001, "10.0.0.9", 80, ACK, 101, 301));
    }

    /** A sink that also wants the RFC state changes. */
    private static final class StateSink extends TestSinkBase {
        final List<String> changes = new ArrayList<>();

        @Override
        public void stateChanged(TrackerEvent.StateChanged change) {
            changes.add((change.originator() ? "orig " : "resp ") + change.from() + "->" + change.to());
        }
    }

    /** The plain sink, open for {@link StateSink}. */
    private static class TestSinkBase implements FlowTable.Sink {
        final List<ConnectionSummary> records = new ArrayList<>();

        @Override
        public void record(ConnectionSummary summary) {
            records.add(summary);
        }

        @Override
        public void anomaly(Anomaly anomaly) {}
    }

    @Test
    void stateChangesReachOnlySinksThatTakeThemAndChangeNoRecord() {
        assertThat(FlowTable.overridesStateChanged(new TestSinkBase())).isFalse();
        assertThat(FlowTable.overridesStateChanged(new StateSink())).isTrue();
        TestSinkBase plain = new TestSinkBase();
        StateSink withStates = new StateSink();
        for (FlowTable.Sink sink : List.of(plain, withStates)) {
            FlowTable table = new FlowTable(TrackerConfig.DEFAULTS, sink);
            handshake(table);
            table.onSegment(segment(T0 + 3000, "10.0.0.1", 40001, "10.0.0.9", 80, FIN | ACK, 101, 301));
            table.onSegment(segment(T0 + 4000, "10.0.0.9", 80, "10.0.0.1", 40001, FIN | ACK, 301, 102));
            table.onSegment(segment(T0 + 5000, "10.0.0.1", 40001, "10.0.0.9", 80, ACK, 102, 302));
            // past 2MSL: TIME_WAIT ends on its timer
            table.advanceTo(T0 + 200 * SECOND);
            table.finish();
        }
        assertThat(withStates.changes).startsWith("orig CLOSED->SYN_SENT").contains("orig TIME_WAIT->CLOSED");
        assertThat(withStates.records).hasSize(1);
        assertThat(plain.records).usingRecursiveFieldByFieldElementComparator().isEqualTo(withStates.records);
    }

    @Test
    void timersFireOnCaptureTimeBeforeTheNextSegment() {
        TestSink sink = new TestSink();
        FlowTable table = new FlowTable(TrackerConfig.DEFAULTS, sink);
        table.onSegment(segment(T0, "10.0.0.1", 40001, "10.0.0.9", 22, SYN, 100, 0));
        table.onSegment(segment(T0 + SECOND, "10.0.0.2", 40002, "10.0.0.9", 22, SYN, 500, 0));
        assertThat(sink.records).isEmpty();
        assertThat(table.size()).isEqualTo(2);

        // 5.5 s on, the first SYN's 5 s attempt timer has run before this segment is applied.
        table.onSegment(segment(T0 + 5 * SECOND + SECOND / 2, "10.0.0.9", 22, "10.0.0.2", 40002, SYN | ACK, 900, 501));
        assertThat(sink.records).extracting(ConnectionSummary::origPort).containsExactly(40001);
        assertThat(sink.records.get(0).connState()).isEqualTo(ConnState.S0);
        assertThat(sink.anomalies).extracting(Anomaly::type).containsExactly(AnomalyType.HANDSHAKE_TIMEOUT);
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void finishFlushesEveryOpenConnectionAndEmptiesTheTable() {
        TestSink sink = new TestSink();
        FlowTable table = new FlowTable(TrackerConfig.DEFAULTS, sink);
        handshake(table);
        table.onSegment(segment(T0 + 3000, "10.0.0.3", 40003, "10.0.0.9", 80, SYN, 7, 0));
        table.finish();
        assertThat(sink.records).hasSize(2)
                .allSatisfy(r -> assertThat(r.recordReason()).isEqualTo(RecordReason.END_OF_INPUT))
                .allSatisfy(r -> assertThat(r.closeKind()).isEqualTo(CloseKind.STILL_OPEN));
        assertThat(table.size()).isZero();
        assertThat(table.pendingDeadlines()).isZero();
    }

    @Test
    void stateIsRemovedWhenTheLastTimerHasRun() {
        TestSink sink = new TestSink();
        FlowTable table = new FlowTable(TrackerConfig.DEFAULTS, sink);
        String c = "10.0.0.1";
        String s = "10.0.0.9";
        handshake(table);
        table.onSegment(segment(T0 + 3000, c, 40001, s, 80, FIN | ACK, 101, 301));
        table.onSegment(segment(T0 + 4000, s, 80, c, 40001, FIN | ACK, 301, 102));
        table.onSegment(segment(T0 + 5000, c, 40001, s, 80, ACK, 102, 302));
        assertThat(table.size()).isEqualTo(1);
        table.advanceTo(T0 + 4000 + 60 * SECOND - 1);
        assertThat(sink.records).isEmpty();
        table.advanceTo(T0 + 4000 + 60 * SECOND);
        assertThat(sink.records).singleElement().satisfies(r -> {
            assertThat(r.connState()).isEqualTo(ConnState.SF);
            assertThat(r.closeKind()).isEqualTo(CloseKind.FIN_ACK_COMBINED);
        });
        assertThat(table.size()).isZero();
        assertThat(table.pendingDeadlines()).isZero();
    }

    @Test
    void portReuseEmitsTheOldRecordBeforeAnythingOfTheNewConnection() {
        TestSink sink = new TestSink();
        FlowTable table = new FlowTable(TrackerConfig.DEFAULTS, sink);
        table.onSegment(segment(T0, "10.0.0.1", 40001, "10.0.0.9", 80, SYN, 100, 0));
        table.onSegment(segment(T0 + 1000, "10.0.0.9", 80, "10.0.0.1", 40001, ACK | RST, 0, 101));
        table.onSegment(segment(T0 + 2000, "10.0.0.1", 40001, "10.0.0.9", 80, SYN, 100_000, 0));
        table.onSegment(segment(T0 + 3000, "10.0.0.9", 80, "10.0.0.1", 40001, ACK | RST, 0, 100_001));
        table.finish();
        assertThat(sink.order).containsExactly(
                "anomaly CONNECTION_REFUSED", "record 40001", "anomaly CONNECTION_REFUSED", "record 40001");
        assertThat(sink.records).extracting(ConnectionSummary::uid).doesNotHaveDuplicates();
    }
}
