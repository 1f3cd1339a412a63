package io.synfin.job.functions;

import static io.synfin.core.segment.TcpFlags.ACK;
import static io.synfin.core.segment.TcpFlags.FIN;
import static io.synfin.core.segment.TcpFlags.PSH;
import static io.synfin.core.segment.TcpFlags.RST;
import static io.synfin.core.segment.TcpFlags.SYN;
import static io.synfin.job.functions.Exchange.MS;
import static io.synfin.job.functions.Exchange.SECOND;
import static io.synfin.job.functions.Exchange.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.core.TrackerConfig;
import io.synfin.core.segment.Segment;
import io.synfin.job.types.FlowId;
import io.synfin.schema.AnomalyType;
import io.synfin.schema.CloseKind;
import io.synfin.schema.ConnState;
import io.synfin.schema.ConnectionRecord;
import io.synfin.schema.RecordReason;
import io.synfin.schema.TcpAnomaly;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The keyed tracker function in Flink's operator harness: records and anomaly side outputs for the
 * handshake, every teardown and every timeout, event-time timers and keyed state back to zero after
 * each, and timers that survive a snapshot and restore.
 */
@ParameterizedClass(name = "live trackers {0}")
@ValueSource(ints = {0, 1, ConnectionTrackerFunction.DEFAULT_LIVE_TRACKERS})
class ConnectionTrackerFunctionTest {

    /** 0: every tracker packed after every call; 1: keys take turns in the live set; the default: all live. */
    @Parameter
    int liveTrackers;

    private KeyedBroadcastOperatorTestHarness<FlowId, Segment, Long, ConnectionRecord> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = newHarness(TrackerConfig.DEFAULTS, null);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    private KeyedBroadcastOperatorTestHarness<FlowId, Segment, Long, ConnectionRecord> newHarness(
            TrackerConfig config, OperatorSubtaskState restoreFrom) throws Exception {
        KeyedBroadcastOperatorTestHarness<FlowId, Segment, Long, ConnectionRecord> h = new KeyedBroadcastOperatorTestHarness<>(
                new TrackerOperator(new ConnectionTrackerFunction(config, liveTrackers)),
                FlowId::of, FlowId.TYPE, 1, 1, 0);
        h.setup();
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }

    private void send(Segment... segments) throws Exception {
        for (Segment s : segments) {
            harness.processElement(s, Math.floorDiv(s.tsMicros(), 1000));
        }
    }

    private void watermarkAt(long micros) throws Exception {
        // both inputs: the operator's event time is the smaller of their watermarks
        harness.watermark(Math.floorDiv(micros, 1000));
    }

    private List<ConnectionRecord> records() {
        return harness.extractOutputValues();
    }

    private List<AnomalyType> anomalyTypes() {
        var side = harness.getSideOutput(ConnectionTrackerFunction.ANOMALIES);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).map(TcpAnomaly::getType).toList();
    }

    /** Keyed state entries as a checkpoint holds them: live trackers are packed into state before it. */
    private int keyedStateEntries() throws Exception {
        harness.snapshot(++checkpoint, 0);
        return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend()).numKeyValueStateEntries();
    }

    private long checkpoint;

    private int liveCount() {
        return ((TrackerOperator) harness.getOperator()).liveTrackers();
    }

    private void assertNothingLeft() throws Exception {
        assertThat(harness.numEventTimeTimers()).as("event-time timers").isZero();
        assertThat(liveCount()).as("live trackers").isZero();
        assertThat(keyedStateEntries()).as("keyed state entries").isZero();
    }

    private static Segment[] handshake(Exchange x, long t) {
        return new Segment[] {x.client(t, SYN, 0), x.server(t + MS, SYN | ACK, 0), x.client(t + 2 * MS, ACK, 0)};
    }

    @Test
    void aFourWayCloseIsRecordedWhenTimeWaitEnds() throws Exception {
        Exchange x = new Exchange("10.0.0.5", 40001);
        send(handshake(x, T0));
        send(x.client(T0 + 10 * MS, PSH | ACK, 100), x.server(T0 + 11 * MS, ACK, 0),
                x.client(T0 + 20 * MS, FIN | ACK, 0), x.server(T0 + 21 * MS, ACK, 0),
                x.server(T0 + 30 * MS, FIN | ACK, 0), x.client(T0 + 31 * MS, ACK, 0));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        assertThat(keyedStateEntries()).isEqualTo(1);

        watermarkAt(T0 + 30 * SECOND);
        assertThat(records()).as("TIME_WAIT still running").isEmpty();
        watermarkAt(T0 + 31 * MS + 60 * SECOND);

        assertThat(records()).singleElement().satisfies(r -> {
            assertThat(r.getConnState()).isEqualTo(ConnState.SF);
            assertThat(r.getCloseKind()).isEqualTo(CloseKind.FOUR_WAY);
            assertThat(r.getRecordReason()).isEqualTo(RecordReason.CLOSED);
            assertThat(r.getHistory()).isEqualTo("ShADaFf");
            assertThat(r.getOrigBytes()).isEqualTo(100);
        });
        assertThat(anomalyTypes()).isEmpty();
        assertNothingLeft();
    }

    @Test
    void aCombinedFinAckCloseIsItsOwnKind() throws Exception {
        Exchange x = new Exchange("10.0.0.5", 40002);
        send(handshake(x, T0));
        send(x.client(T0 + 10 * MS, FIN | ACK, 0), x.server(T0 + 11 * MS, FIN | ACK, 0), x.client(T0 + 12 * MS, ACK, 0));
        watermarkAt(T0 + 2 * 60 * SECOND);
        assertThat(records()).singleElement().satisfies(r -> {
            assertThat(r.getCloseKind()).isEqualTo(CloseKind.FIN_ACK_COMBINED);
            assertThat(r.getConnState()).isEqualTo(ConnState.SF);
        });
        assertNothingLeft();
    }

    @Test
    void aSimultaneousCloseIsRecognised() throws Exception {
        Exchange x = new Exchange("10.0.0.5", 40003);
        send(handshake(x, T0));
        // both FINs are sent before either side sees the other's: neither acknowledges the other FIN
        Segment serverFin = x.server(T0 + 10 * MS + 100, FIN | ACK, 0);
        Segment clientFin = Exchange.withAck(x.client(T0 + 10 * MS, FIN | ACK, 0), serverFin.seq());
        send(clientFin, serverFin);
        send(x.client(T0 + 11 * MS, ACK, 0), x.server(T0 + 11 * MS + 100, ACK, 0));
        watermarkAt(T0 + 2 * 60 * SECOND);
        assertThat(records()).singleElement()
                .satisfies(r -> assertThat(r.getCloseKind()).isEqualTo(CloseKind.SIMULTANEOUS));
        assertNothingLeft();
    }

    @Test
    void anAbortByTheOriginatorEndsAfterTheResetLinger() throws Exception {
        Exchange x = new Exchange("10.0.0.5", 40004);
        send(handshake(x, T0));
        send(x.client(T0 + 10 * MS, RST | ACK, 0));
        watermarkAt(T0 + 10 * MS + 4 * SECOND);
        assertThat(records()).isEmpty();
        watermarkAt(T0 + 10 * MS + 5 * SECOND);
        assertThat(records()).singleElement().satisfies(r -> {
            assertThat(r.getConnState()).isEqualTo(ConnState.RSTO);
            assertThat(r.getCloseKind()).isEqualTo(CloseKind.RESET_BY_ORIGINATOR);
        });
        assertNothingLeft();
    }

    @Test
    void aRefusedSynIsRecordedWithItsAnomalyOnTheSideOutput() throws Exception {
        Exchange x = new Exchange("10.0.0.5", 40005);
        send(x.client(T0, SYN, 0), x.server(T0 + MS, RST | ACK, 0));
        assertThat(anomalyTypes()).containsExactly(AnomalyType.CONNECTION_REFUSED);
        TcpAnomaly refused = harness.getSideOutput(ConnectionTrackerFunction.ANOMALIES).peek().getValue();
        assertThat(refused.getFlags()).as("the offending segment's flags").isEqualTo(RST | ACK);
        watermarkAt(T0 + 10 * SECOND);
        assertThat(records()).singleElement().satisfies(r -> {
            assertThat(r.getConnState()).isEqualTo(ConnState.REJ);
            assertThat(r.getCloseKind()).isEqualTo(CloseKind.REFUSED);
        });
        assertNothingLeft();
    }

    @Test
    void anUnansweredSynTimesOutAsS0() throws Exception {
        Exchange x = new Exchange("10.0.0.5", 40006);
        send(x.client(T0, SYN, 0));
        watermarkAt(T0 + 5 * SECOND);
        assertThat(records()).singleElement().satisfies(r -> {
            assertThat(r.getConnState()).isEqualTo(ConnState.S0);
            assertThat(r.getCloseKind()).isEqualTo(CloseKind.HANDSHAKE_TIMEOUT);
            assertThat(r.getRecordReason()).isEqualTo(RecordReason.TIMEOUT);
        });
        assertThat(anomalyTypes()).containsExactly(AnomalyType.HANDSHAKE_TIMEOUT);
        assertNothingLeft();
    }

    @Test
    void aMissingFinalAckIsHalfOpen() throws Exception {
        Exchange x = new Exchange("10.0.0.5", 40007);
        send(x.client(T0, SYN, 0), x.server(T0 + MS, SYN | ACK, 0));
        watermarkAt(T0 + MS + 75 * SECOND);
        assertThat(anomalyTypes()).containsExactly(AnomalyType.HALF_OPEN);
        assertThat(records()).singleElement()
                .satisfies(r -> assertThat(r.getCloseKind()).isEqualTo(CloseKind.HALF_OPEN_TIMEOUT));
        assertNothingLeft();
    }

    @Test
    void aSilentHalfCloseTimesOutInFinWait2() throws Exception {
        Exchange x = new Exchange("10.0.0.5", 40008);
        send(handshake(x, T0));
        send(x.client(T0 + 10 * MS, FIN | ACK, 0), x.server(T0 + 11 * MS, ACK, 0));
        watermarkAt(T0 + 11 * MS + 60 * SECOND);
        assertThat(anomalyTypes()).containsExactly(AnomalyType.FIN_WAIT_2_TIMEOUT);
        assertThat(records()).singleElement()
                .satisfies(r -> assertThat(r.getCloseKind()).isEqualTo(CloseKind.HALF_CLOSED_TIMEOUT));
        assertNothingLeft();
    }

    @Test
    void anIdleConnectionTimesOut() throws Exception {
        Exchange x = new Exchange("10.0.0.5", 40009);
        send(handshake(x, T0));
        send(x.client(T0 + 10 * MS, PSH | ACK, 10));
        watermarkAt(T0 + 10 * MS + 5 * 60 * SECOND - MS);
        assertThat(records()).isEmpty();
        watermarkAt(T0 + 10 * MS + 5 * 60 * SECOND);
        assertThat(records()).singleElement().satisfies(r -> {
            assertThat(r.getCloseKind()).isEqualTo(CloseKind.IDLE_TIMEOUT);
            assertThat(r.getRecordReason()).isEqualTo(RecordReason.TIMEOUT);
        });
        assertNothingLeft();
    }

    @Test
    void aLongConnectionGetsInterimRecordsAndKeepsOneTimer() throws Exception {
        harness.close();
        harness = newHarness(TrackerConfig.DEFAULTS.withInterimInterval(java.time.Duration.ofSeconds(10)), null);
        Exchange x = new Exchange("10.0.0.5", 40010);
        send(handshake(x, T0));
        for (int i = 1; i <= 25; i++) {
            send(x.client(T0 + i * SECOND, PSH | ACK, 10));
            watermarkAt(T0 + i * SECOND - MS);
            assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        }
        assertThat(records()).hasSize(2).allSatisfy(r -> {
            assertThat(r.getInterim()).isTrue();
            assertThat(r.getRecordReason()).isEqualTo(RecordReason.INTERIM);
        });
        assertThat(keyedStateEntries()).isEqualTo(1);
    }

    @Test
    void aSegmentPastItsKeysDeadlineRunsTheTimerFirstAsTheAnalyzerDoes() throws Exception {
        Exchange x = new Exchange("10.0.0.5", 40011);
        send(x.client(T0, SYN, 0));
        // a new attempt from the same port 6 s later, before any watermark: the first attempt timed out at 5 s
        Exchange retry = new Exchange("10.0.0.5", 40011);
        send(retry.client(T0 + 6 * SECOND, SYN, 0));
        assertThat(records()).singleElement().satisfies(r -> {
            assertThat(r.getConnState()).isEqualTo(ConnState.S0);
            assertThat(r.getRecordReason()).isEqualTo(RecordReason.TIMEOUT);
        });
        assertThat(anomalyTypes()).containsExactly(AnomalyType.HANDSHAKE_TIMEOUT);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        assertThat(keyedStateEntries()).isEqualTo(1);
    }

    @Test
    void atTheEndOfInputDueTimersFireAndTheRestIsFlushed() throws Exception {
        Exchange unanswered = new Exchange("10.0.0.5", 40012);
        Exchange open = new Exchange("10.0.0.6", 40013);
        send(unanswered.client(T0, SYN, 0));
        send(handshake(open, T0 + 4 * SECOND));
        send(open.client(T0 + 6 * SECOND, PSH | ACK, 5));
        // the intakes report the input's last capture time; the watermark lags behind it
        harness.processBroadcastElement(T0 + 6 * SECOND, Math.floorDiv(T0, 1000));
        watermarkAt(T0 + 3 * SECOND);
        assertThat(records()).isEmpty();
        harness.watermark(Long.MAX_VALUE);

        assertThat(records()).extracting(ConnectionRecord::getRecordReason, ConnectionRecord::getConnState)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(RecordReason.TIMEOUT, ConnState.S0),
                        org.assertj.core.groups.Tuple.tuple(RecordReason.END_OF_INPUT, ConnState.S1));
        assertThat(anomalyTypes()).containsExactly(AnomalyType.HANDSHAKE_TIMEOUT);
        assertNothingLeft();
    }

    @Test
    void withoutAnEndTimeEveryConnectionIsFlushedAsEndOfInput() throws Exception {
        Exchange x = new Exchange("10.0.0.5", 40014);
        send(x.client(T0, SYN, 0));
        harness.watermark(Long.MAX_VALUE);
        assertThat(records()).singleElement()
                .satisfies(r -> assertThat(r.getRecordReason()).isEqualTo(RecordReason.END_OF_INPUT));
        assertThat(anomalyTypes()).isEmpty();
        assertNothingLeft();
    }

    @Test
    void pendingTimersFireAfterSnapshotAndRestore() throws Exception {
        Exchange closing = new Exchange("10.0.0.5", 40015);
        Exchange syn = new Exchange("10.0.0.6", 40016);
        send(handshake(closing, T0));
        send(closing.client(T0 + 10 * MS, FIN | ACK, 0), closing.server(T0 + 11 * MS, FIN | ACK, 0),
                closing.client(T0 + 12 * MS, ACK, 0));
        send(syn.client(T0 + 20 * MS, SYN, 0));
        OperatorSubtaskState snapshot = harness.snapshot(1, T0 / 1000);
        harness.close();

        harness = newHarness(TrackerConfig.DEFAULTS, snapshot);
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
        assertThat(keyedStateEntries()).isEqualTo(2);
        watermarkAt(T0 + 2 * 60 * SECOND);
        assertThat(records()).extracting(ConnectionRecord::getCloseKind)
                .containsExactlyInAnyOrder(CloseKind.FIN_ACK_COMBINED, CloseKind.HANDSHAKE_TIMEOUT);
        assertThat(anomalyTypes()).containsExactly(AnomalyType.HANDSHAKE_TIMEOUT);
        assertNothingLeft();
    }

    @Test
    void manyShortConnectionsLeaveStateOnlyForTheOpenOnes() throws Exception {
        int closed = 300;
        int open = 17;
        for (int i = 0; i < closed + open; i++) {
            Exchange x = new Exchange("10.1." + (i / 250) + "." + (i % 250 + 1), 30000 + i);
            long t = T0 + i * 10 * MS;
            send(handshake(x, t));
            if (i < closed) {
                send(x.client(t + 3 * MS, FIN | ACK, 0), x.server(t + 4 * MS, FIN | ACK, 0), x.client(t + 5 * MS, ACK, 0));
            }
        }
        // TIME_WAIT of the last closed one has ended; the open ones are 1 minute idle, far from their 5 min
        watermarkAt(T0 + (closed + open) * 10 * MS + 61 * SECOND);
        assertThat(records()).hasSize(closed);
        assertThat(keyedStateEntries()).isEqualTo(open);
        assertThat(harness.numEventTimeTimers()).isEqualTo(open);
    }
}
