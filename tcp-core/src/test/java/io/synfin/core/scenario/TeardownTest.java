package io.synfin.core.scenario;

import static io.synfin.core.scenario.HandshakeTest.established;
import static io.synfin.core.scenario.TcpScript.MS;
import static io.synfin.core.scenario.TcpScript.SECOND;
import static io.synfin.core.scenario.TcpScript.T0;
import static io.synfin.core.scenario.TcpScript.ack;
import static io.synfin.core.scenario.TcpScript.len;
import static io.synfin.core.scenario.TcpScript.seq;
import static io.synfin.core.segment.TcpFlags.ACK;
import static io.synfin.core.segment.TcpFlags.FIN;
import static io.synfin.core.segment.TcpFlags.PSH;
import static io.synfin.core.segment.TcpFlags.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.core.record.CloseKind;
import io.synfin.core.record.ConnState;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.record.RecordReason;
import io.synfin.core.record.Side;
import io.synfin.core.state.TcpState;
import io.synfin.core.state.TrackerEvent.StateChanged;
import org.junit.jupiter.api.Test;

/** SPEC §5 "Teardown" and "TIME_WAIT": every way both directions close. */
class TeardownTest {

    static final long CLOSE = T0 + SECOND;

    /** The established connection closed by the client with a three-segment close at {@link #CLOSE}. */
    static TcpScript closedInTimeWait() {
        return established()
                .at(CLOSE).client(FIN | ACK, seq(101), ack(301))
                .server(FIN | ACK, seq(301), ack(102))
                .client(ACK, seq(102), ack(302));
    }

    @Test
    void clientFinMovesClientToFinWait1AndServerToCloseWait() {
        TcpScript script = established().at(CLOSE).client(FIN | ACK, seq(101), ack(301));
        assertThat(script.clientState()).isEqualTo(TcpState.FIN_WAIT_1);
        assertThat(script.serverState()).isEqualTo(TcpState.CLOSE_WAIT);
    }

    @Test
    void ackOfTheFinMovesClientToFinWait2() {
        TcpScript script = established()
                .at(CLOSE).client(FIN | ACK, seq(101), ack(301))
                .at(CLOSE + MS).server(ACK, seq(301), ack(102));
        assertThat(script.clientState()).isEqualTo(TcpState.FIN_WAIT_2);
        assertThat(script.serverState()).isEqualTo(TcpState.CLOSE_WAIT);
    }

    @Test
    void fourWayCloseGoesThroughLastAckAndTimeWait() {
        TcpScript script = established()
                .at(CLOSE).client(FIN | ACK, seq(101), ack(301))
                .at(CLOSE + MS).server(ACK, seq(301), ack(102))
                .at(CLOSE + 2 * MS).server(FIN | ACK, seq(301), ack(102));
        assertThat(script.serverState()).isEqualTo(TcpState.LAST_ACK);
        assertThat(script.clientState()).isEqualTo(TcpState.TIME_WAIT);
        script.at(CLOSE + 3 * MS).client(ACK, seq(102), ack(302));
        assertThat(script.serverState()).isEqualTo(TcpState.CLOSED);
        assertThat(script.clientState()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(script.records()).isEmpty();

        script.runAllTimers();
        ConnectionSummary record = script.record();
        assertThat(record.closeKind()).isEqualTo(CloseKind.FOUR_WAY);
        assertThat(record.recordReason()).isEqualTo(RecordReason.CLOSED);
        assertThat(record.connState()).isEqualTo(ConnState.SF);
        assertThat(record.history()).isEqualTo("ShAFaf");
        assertThat(record.firstCloser()).isEqualTo(Side.ORIGINATOR);
        assertThat(record.orig().finalState()).isEqualTo(TcpState.CLOSED);
        assertThat(script.lastStep().finished()).isTrue();
    }

    @Test
    void timeWaitExpiresAfterTwoMsl() {
        TcpScript script = established()
                .at(CLOSE).client(FIN | ACK, seq(101), ack(301))
                .at(CLOSE + MS).server(FIN | ACK, seq(301), ack(102))
                .at(CLOSE + 2 * MS).client(ACK, seq(102), ack(302));
        assertThat(script.tracker().nextDeadline()).isEqualTo(CLOSE + MS + 60 * SECOND);
        script.runTimersUntil(CLOSE + MS + 60 * SECOND - 1);
        assertThat(script.records()).isEmpty();
        script.runTimersUntil(CLOSE + MS + 60 * SECOND);
        assertThat(script.records()).hasSize(1);
        assertThat(script.stateChanges()).last().extracting(StateChanged::from, StateChanged::to)
                .containsExactly(TcpState.TIME_WAIT, TcpState.CLOSED);
    }

    @Test
    void finAckCombinedIsTheThreeSegmentClose() {
        ConnectionSummary record = established()
                .at(CLOSE).client(FIN | ACK, seq(101), ack(301))
                .at(CLOSE + MS).server(FIN | ACK, seq(301), ack(102))
                .at(CLOSE + 2 * MS).client(ACK, seq(102), ack(302))
                .runAllTimers().record();
        assertThat(record.closeKind()).isEqualTo(CloseKind.FIN_ACK_COMBINED);
        assertThat(record.connState()).isEqualTo(ConnState.SF);
    }

    @Test
    void simultaneousCloseGoesThroughClosing() {
        TcpScript script = established()
                .at(CLOSE).client(FIN | ACK, seq(101), ack(301))
                .at(CLOSE).server(FIN | ACK, seq(301), ack(101));
        assertThat(script.clientState()).isEqualTo(TcpState.CLOSING);
        assertThat(script.serverState()).isEqualTo(TcpState.CLOSING);
        script.at(CLOSE + MS).client(ACK, seq(102), ack(302))
                .at(CLOSE + MS).server(ACK, seq(302), ack(102));
        assertThat(script.clientState()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(script.serverState()).isEqualTo(TcpState.TIME_WAIT);
        ConnectionSummary record = script.runAllTimers().record();
        assertThat(record.closeKind()).isEqualTo(CloseKind.SIMULTANEOUS);
        assertThat(record.orig().finalState()).isEqualTo(TcpState.CLOSED);
        assertThat(record.resp().finalState()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void halfCloseKeepsDataFlowingTheOtherWay() {
        TcpScript script = established()
                .at(CLOSE).client(FIN | ACK, seq(101), ack(301))
                .at(CLOSE + MS).server(ACK, seq(301), ack(102))
                .at(CLOSE + 2 * MS).server(PSH | ACK, seq(301), ack(102), len(1000))
                .at(CLOSE + 3 * MS).client(ACK, seq(102), ack(1301))
                .at(CLOSE + 4 * MS).server(PSH | ACK, seq(1301), ack(102), len(500));
        assertThat(script.clientState()).isEqualTo(TcpState.FIN_WAIT_2);
        assertThat(script.serverState()).isEqualTo(TcpState.CLOSE_WAIT);
        assertThat(script.anomalies()).isEmpty();
        ConnectionSummary record = script
                .at(CLOSE + 5 * MS).server(FIN | ACK, seq(1801), ack(102))
                .at(CLOSE + 6 * MS).client(ACK, seq(102), ack(1802))
                .runAllTimers().record();
        assertThat(record.respBytes()).isEqualTo(1500);
        assertThat(record.closeKind()).isEqualTo(CloseKind.FOUR_WAY);
    }

    @Test
    void finCarryingDataCountsTheDataAndTheFinOctet() {
        ConnectionSummary record = established()
                .at(CLOSE).client(FIN | PSH | ACK, seq(101), ack(301), len(50))
                .at(CLOSE + MS).server(FIN | ACK, seq(301), ack(152))
                .at(CLOSE + 2 * MS).client(ACK, seq(152), ack(302))
                .runAllTimers().record();
        assertThat(record.origBytes()).isEqualTo(50);
        assertThat(record.closeKind()).isEqualTo(CloseKind.FIN_ACK_COMBINED);
        assertThat(record.history()).isEqualTo("ShAFf");
    }

    @Test
    void lateFinRetransmissionInTimeWaitIsCountedAndRestartsTwoMsl() {
        TcpScript script = established()
                .at(CLOSE).client(FIN | ACK, seq(101), ack(301))
                .at(CLOSE + MS).server(FIN | ACK, seq(301), ack(102))
                .at(CLOSE + 2 * MS).client(ACK, seq(102), ack(302))
                // The last ACK was lost: the server repeats its FIN.
                .at(CLOSE + 30 * SECOND).server(FIN | ACK, seq(301), ack(102))
                .at(CLOSE + 30 * SECOND + MS).client(ACK, seq(102), ack(302));
        assertThat(script.tracker().nextDeadline()).isEqualTo(CLOSE + 90 * SECOND);
        ConnectionSummary record = script.runAllTimers().record();
        assertThat(record.resp().finRetransmissions()).isEqualTo(1);
        assertThat(record.history()).isEqualTo("ShAFf");
        assertThat(record.connState()).isEqualTo(ConnState.SF);
        // Zeek: duration stops once both sides have closed; later segments still count.
        assertThat(record.durationMicros()).isEqualTo(CLOSE + MS - T0);
        assertThat(record.respPkts()).isEqualTo(3);
    }

    @Test
    void newSynInTimeWaitIsPortReuseWithANewUid() {
        TcpScript script = established()
                .at(CLOSE).client(FIN | ACK, seq(101), ack(301))
                .at(CLOSE + MS).server(FIN | ACK, seq(301), ack(102))
                .at(CLOSE + 2 * MS).client(ACK, seq(102), ack(302))
                .at(CLOSE + 10 * SECOND).client(SYN, seq(900_000));
        assertThat(script.records()).hasSize(1);
        ConnectionSummary old = script.records().get(0);
        assertThat(old.closeKind()).isEqualTo(CloseKind.FIN_ACK_COMBINED);
        assertThat(script.anomalyTypes()).containsExactly(io.synfin.core.anomaly.AnomalyType.PORT_REUSE_IN_TIME_WAIT);
        assertThat(script.anomalies().get(0).uid()).isNotEqualTo(old.uid());
        assertThat(script.tracker().current().uid()).isNotEqualTo(old.uid());
        assertThat(script.clientState()).isEqualTo(TcpState.SYN_SENT);
    }

    @Test
    void finWait2TimeoutEndsAnOrphanedHalfClose() {
        TcpScript script = established()
                .at(CLOSE).client(FIN | ACK, seq(101), ack(301))
                .at(CLOSE + MS).server(ACK, seq(301), ack(102))
                .runAllTimers();
        ConnectionSummary record = script.record();
        assertThat(record.closeKind()).isEqualTo(CloseKind.HALF_CLOSED_TIMEOUT);
        assertThat(record.connState()).isEqualTo(ConnState.S2);
        assertThat(script.anomalyTypes()).containsExactly(io.synfin.core.anomaly.AnomalyType.FIN_WAIT_2_TIMEOUT);
        assertThat(script.anomalies().get(0).tsMicros()).isEqualTo(CLOSE + MS + 60 * SECOND);
    }

    @Test
    void synAndFinEachConsumeOneSequenceNumber() {
        ConnectionSummary record = established()
                .at(CLOSE).client(PSH | ACK, seq(101), ack(301), len(10))
                .at(CLOSE + MS).client(FIN | ACK, seq(111), ack(301))
                .at(CLOSE + 2 * MS).server(FIN | ACK, seq(301), ack(112))
                .at(CLOSE + 3 * MS).client(ACK, seq(112), ack(302))
                .runAllTimers().record();
        assertThat(record.origBytes()).isEqualTo(10);
        assertThat(record.respBytes()).isZero();
        assertThat(record.closeKind()).isEqualTo(CloseKind.FIN_ACK_COMBINED);
    }

    @Test
    void finWithoutHandshakeStillClosesAsSh() {
        ConnectionSummary record = new TcpScript()
                .at(T0).client(SYN, seq(100))
                .at(T0 + MS).client(FIN, seq(101))
                .runAllTimers().record();
        assertThat(record.connState()).isEqualTo(ConnState.SH);
        assertThat(record.history()).isEqualTo("SF");
        assertThat(record.closeKind()).isEqualTo(CloseKind.HALF_CLOSED_TIMEOUT);
    }

}
