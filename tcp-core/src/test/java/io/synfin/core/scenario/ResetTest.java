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
import static io.synfin.core.segment.TcpFlags.RST;
import static io.synfin.core.segment.TcpFlags.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.core.anomaly.AnomalyType;
import io.synfin.core.record.CloseKind;
import io.synfin.core.record.ConnState;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.record.Side;
import io.synfin.core.state.TcpState;
import org.junit.jupiter.api.Test;

/** SPEC §5 "RST": refusal, abort from either side in any state, out-of-window RST not obeyed. */
class ResetTest {

    @Test
    void synAnsweredByRstIsRefused() {
        TcpScript script = new TcpScript()
                .at(T0).client(SYN, seq(100))
                .at(T0 + MS).server(RST | ACK, seq(0), ack(101));
        assertThat(script.clientState()).isEqualTo(TcpState.CLOSED);
        ConnectionSummary record = script.runAllTimers().record();
        assertThat(record.closeKind()).isEqualTo(CloseKind.REFUSED);
        assertThat(record.connState()).isEqualTo(ConnState.REJ);
        assertThat(record.history()).isEqualTo("Sr");
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.CONNECTION_REFUSED);
    }

    @Test
    void refusalWithTheWrongAckIsNotObeyed() {
        TcpScript script = new TcpScript()
                .at(T0).client(SYN, seq(100))
                .at(T0 + MS).server(RST | ACK, seq(0), ack(5000));
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.RST_OUT_OF_WINDOW);
        assertThat(script.clientState()).isEqualTo(TcpState.SYN_SENT);
    }

    @Test
    void originatorAbortOfEstablishedConnection() {
        TcpScript script = established().at(T0 + SECOND).client(RST | ACK, seq(101), ack(301));
        assertThat(script.clientState()).isEqualTo(TcpState.CLOSED);
        assertThat(script.serverState()).isEqualTo(TcpState.CLOSED);
        ConnectionSummary record = script.runAllTimers().record();
        assertThat(record.closeKind()).isEqualTo(CloseKind.RESET_BY_ORIGINATOR);
        assertThat(record.connState()).isEqualTo(ConnState.RSTO);
        assertThat(record.firstCloser()).isEqualTo(Side.ORIGINATOR);
        assertThat(script.tracker().isEmpty()).isTrue();
    }

    @Test
    void responderAbortOfEstablishedConnection() {
        ConnectionSummary record = established()
                .at(T0 + SECOND).server(RST, seq(301))
                .runAllTimers().record();
        assertThat(record.closeKind()).isEqualTo(CloseKind.RESET_BY_RESPONDER);
        assertThat(record.connState()).isEqualTo(ConnState.RSTR);
    }

    @Test
    void abortDuringSynReceivedByTheOriginator() {
        ConnectionSummary record = new TcpScript()
                .at(T0).client(SYN, seq(100))
                .at(T0 + MS).server(SYN | ACK, seq(300), ack(101))
                .at(T0 + 2 * MS).client(RST, seq(101))
                .runAllTimers().record();
        assertThat(record.closeKind()).isEqualTo(CloseKind.RESET_BY_ORIGINATOR);
        assertThat(record.connState()).isEqualTo(ConnState.RSTO);
    }

    @Test
    void abortInFinWait2ByTheResponder() {
        TcpScript script = established()
                .at(T0 + SECOND).client(FIN | ACK, seq(101), ack(301))
                .at(T0 + SECOND + MS).server(ACK, seq(301), ack(102));
        assertThat(script.clientState()).isEqualTo(TcpState.FIN_WAIT_2);
        ConnectionSummary record = script.at(T0 + 2 * SECOND).server(RST, seq(301))
                .runAllTimers().record();
        assertThat(record.closeKind()).isEqualTo(CloseKind.RESET_BY_RESPONDER);
        assertThat(record.connState()).isEqualTo(ConnState.RSTR);
        assertThat(record.firstCloser()).isEqualTo(Side.ORIGINATOR);
    }

    @Test
    void rstAfterBothFinsKeepsTheCloseAndTimeWait() {
        TcpScript script = TeardownTest.closedInTimeWait().at(T0 + 2 * SECOND).server(RST, seq(302));
        assertThat(script.clientState()).isEqualTo(TcpState.TIME_WAIT);
        ConnectionSummary record = script.runAllTimers().record();
        assertThat(record.closeKind()).isEqualTo(CloseKind.FIN_ACK_COMBINED);
        assertThat(record.connState()).isEqualTo(ConnState.SF);
    }

    @Test
    void originatorSynThenRstIsRstos0() {
        ConnectionSummary record = new TcpScript()
                .at(T0).client(SYN, seq(100))
                .at(T0 + MS).client(RST, seq(101))
                .runAllTimers().record();
        assertThat(record.connState()).isEqualTo(ConnState.RSTOS0);
        assertThat(record.history()).isEqualTo("SR");
    }

    @Test
    void rstOutsideWindowIsFlaggedNotObeyed() {
        TcpScript script = established()
                .at(T0 + SECOND).server(RST, seq(300 + 10_000_000));
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.RST_OUT_OF_WINDOW);
        assertThat(script.anomalies().get(0).seq()).isEqualTo(300 + 10_000_000);
        assertThat(script.clientState()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(script.serverState()).isEqualTo(TcpState.ESTABLISHED);
        // Data keeps flowing: the connection was not torn down.
        script.at(T0 + 2 * SECOND).client(PSH | ACK, seq(101), ack(301), len(10));
        assertThat(script.records()).isEmpty();
    }

    @Test
    void rstInsideTheWindowIsObeyed() {
        TcpScript script = established().at(T0 + SECOND).server(RST, seq(301 + 1000));
        assertThat(script.anomalies()).isEmpty();
        assertThat(script.serverState()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void segmentsShortlyAfterRstStillCountThenANewRecordStarts() {
        TcpScript script = established()
                .at(T0 + SECOND).client(RST | ACK, seq(101), ack(301))
                .at(T0 + SECOND + MS).server(PSH | ACK, seq(301), ack(101), len(5));
        assertThat(script.records()).isEmpty();
        script.runTimersUntil(T0 + 20 * SECOND);
        assertThat(script.record().respPkts()).isEqualTo(2);
        assertThat(script.tracker().isEmpty()).isTrue();
        script.at(T0 + 21 * SECOND).server(PSH | ACK, seq(306), ack(101), len(5)).finish();
        assertThat(script.records()).hasSize(2);
        assertThat(script.records().get(1).connState()).isEqualTo(ConnState.OTH);
    }
}
