package io.synfin.core.scenario;

import static io.synfin.core.scenario.TcpScript.MS;
import static io.synfin.core.scenario.TcpScript.SECOND;
import static io.synfin.core.scenario.TcpScript.T0;
import static io.synfin.core.scenario.TcpScript.ack;
import static io.synfin.core.scenario.TcpScript.mss;
import static io.synfin.core.scenario.TcpScript.sackOk;
import static io.synfin.core.scenario.TcpScript.seq;
import static io.synfin.core.scenario.TcpScript.wscale;
import static io.synfin.core.segment.TcpFlags.ACK;
import static io.synfin.core.segment.TcpFlags.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.core.anomaly.AnomalyType;
import io.synfin.core.record.CloseKind;
import io.synfin.core.record.ConnState;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.state.TcpState;
import io.synfin.core.state.TrackerEvent.StateChanged;
import org.junit.jupiter.api.Test;

/** SPEC §5 "Handshake": SYN → SYN-ACK → ACK, retransmitted SYNs, simultaneous open, wrong acks. */
class HandshakeTest {

    static TcpScript established() {
        return new TcpScript()
                .at(T0).client(SYN, seq(100), mss(1460), wscale(7), sackOk())
                .at(T0 + 10 * MS).server(SYN | ACK, seq(300), ack(101), mss(1400), wscale(8), sackOk())
                .at(T0 + 20 * MS).client(ACK, seq(101), ack(301));
    }

    @Test
    void synMovesClientToSynSentAndServerToListen() {
        TcpScript script = new TcpScript().at(T0).client(SYN, seq(100));
        assertThat(script.clientState()).isEqualTo(TcpState.SYN_SENT);
        assertThat(script.serverState()).isEqualTo(TcpState.LISTEN);
    }

    @Test
    void synAckMovesServerToSynReceivedAndClientToEstablished() {
        TcpScript script = new TcpScript()
                .at(T0).client(SYN, seq(100))
                .at(T0 + MS).server(SYN | ACK, seq(300), ack(101));
        assertThat(script.serverState()).isEqualTo(TcpState.SYN_RECEIVED);
        assertThat(script.clientState()).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void finalAckEstablishesTheServer() {
        TcpScript script = established();
        assertThat(script.clientState()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(script.serverState()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(script.stateChanges()).extracting(StateChanged::originator, StateChanged::to).containsExactly(
                org.assertj.core.groups.Tuple.tuple(true, TcpState.SYN_SENT),
                org.assertj.core.groups.Tuple.tuple(false, TcpState.LISTEN),
                org.assertj.core.groups.Tuple.tuple(false, TcpState.SYN_RECEIVED),
                org.assertj.core.groups.Tuple.tuple(true, TcpState.ESTABLISHED),
                org.assertj.core.groups.Tuple.tuple(false, TcpState.ESTABLISHED));
        assertThat(script.anomalies()).isEmpty();
    }

    @Test
    void handshakeRttsAreMeasuredOnBothLegs() {
        ConnectionSummary record = established().finish().record();
        assertThat(record.synRttMicros()).isEqualTo(10 * MS);
        assertThat(record.ackRttMicros()).isEqualTo(10 * MS);
    }

    @Test
    void negotiatedOptionsArePerSide() {
        ConnectionSummary record = established().finish().record();
        assertThat(record.orig().mss()).isEqualTo(1460);
        assertThat(record.orig().windowScale()).isEqualTo(7);
        assertThat(record.resp().mss()).isEqualTo(1400);
        assertThat(record.resp().windowScale()).isEqualTo(8);
        assertThat(record.orig().sackPermitted()).isTrue();
    }

    @Test
    void effectiveWindowIsScaledOnlyWhenBothSidesOfferScaling() {
        ConnectionSummary scaled = established()
                .at(T0 + 30 * MS).client(ACK, seq(101), ack(301), TcpScript.win(1))
                .finish().record();
        // The SYN's window is never scaled (RFC 7323 §2.2); later ones are shifted by the offered scale.
        assertThat(scaled.orig().maxWindow()).isEqualTo(65535L << 7);
        assertThat(scaled.orig().minWindow()).isEqualTo(1L << 7);

        ConnectionSummary unscaled = new TcpScript()
                .at(T0).client(SYN, seq(100), wscale(7))
                .at(T0 + MS).server(SYN | ACK, seq(300), ack(101))
                .at(T0 + 2 * MS).client(ACK, seq(101), ack(301), TcpScript.win(1000))
                .finish().record();
        assertThat(unscaled.orig().minWindow()).isEqualTo(1000);
    }

    @Test
    void retransmittedSynWithTheSameIsnIsOneAttempt() {
        TcpScript script = new TcpScript()
                .at(T0).client(SYN, seq(100))
                .at(T0 + SECOND).client(SYN, seq(100))
                .at(T0 + SECOND + 10 * MS).server(SYN | ACK, seq(300), ack(101))
                .at(T0 + SECOND + 20 * MS).client(ACK, seq(101), ack(301))
                .finish();
        ConnectionSummary record = script.record();
        assertThat(record.history()).isEqualTo("ShA");
        assertThat(record.origPkts()).isEqualTo(3);
        assertThat(record.connState()).isEqualTo(ConnState.S1);
        // The RTT runs from the SYN that was answered, the retransmission.
        assertThat(record.synRttMicros()).isEqualTo(10 * MS);
    }

    @Test
    void simultaneousOpenEstablishesBothThroughSynReceived() {
        TcpScript script = new TcpScript()
                .at(T0).client(SYN, seq(100))
                .at(T0 + MS).server(SYN, seq(300))
                .at(T0 + 2 * MS).client(SYN | ACK, seq(100), ack(301))
                .at(T0 + 3 * MS).server(SYN | ACK, seq(300), ack(101));
        assertThat(script.stateChanges()).extracting(StateChanged::to).contains(TcpState.SYN_RECEIVED);
        assertThat(script.clientState()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(script.serverState()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(script.tracker().current().uid()).isNotNull();
        assertThat(script.records()).isEmpty();
        assertThat(script.anomalies()).isEmpty();
    }

    @Test
    void synAckWithWrongAckIsReported() {
        TcpScript script = new TcpScript()
                .at(T0).client(SYN, seq(100))
                .at(T0 + MS).server(SYN | ACK, seq(300), ack(555));
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.HANDSHAKE_ACK_MISMATCH);
        assertThat(script.anomalies().get(0).detail()).contains("555").contains("101");
        assertThat(script.clientState()).isEqualTo(TcpState.SYN_SENT);
    }

    @Test
    void finalAckWithWrongAckIsReported() {
        TcpScript script = new TcpScript()
                .at(T0).client(SYN, seq(100))
                .at(T0 + MS).server(SYN | ACK, seq(300), ack(101))
                .at(T0 + 2 * MS).client(ACK, seq(101), ack(999));
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.HANDSHAKE_ACK_MISMATCH);
        assertThat(script.serverState()).isEqualTo(TcpState.SYN_RECEIVED);
    }

    @Test
    void handshakeTimeoutEndsAnUnansweredSynAsS0() {
        TcpScript script = new TcpScript().at(T0).client(SYN, seq(100)).runAllTimers();
        ConnectionSummary record = script.record();
        assertThat(record.connState()).isEqualTo(ConnState.S0);
        assertThat(record.closeKind()).isEqualTo(CloseKind.HANDSHAKE_TIMEOUT);
        assertThat(record.history()).isEqualTo("S");
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.HANDSHAKE_TIMEOUT);
        assertThat(script.anomalies().get(0).tsMicros()).isEqualTo(T0 + 5 * SECOND);
    }
}
