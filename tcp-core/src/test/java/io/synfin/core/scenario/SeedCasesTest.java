package io.synfin.core.scenario;

import static io.synfin.core.scenario.HandshakeTest.established;
import static io.synfin.core.scenario.TcpScript.MS;
import static io.synfin.core.scenario.TcpScript.SECOND;
import static io.synfin.core.scenario.TcpScript.T0;
import static io.synfin.core.scenario.TcpScript.ack;
import static io.synfin.core.scenario.TcpScript.len;
import static io.synfin.core.scenario.TcpScript.mss;
import static io.synfin.core.scenario.TcpScript.seq;
import static io.synfin.core.segment.TcpFlags.ACK;
import static io.synfin.core.segment.TcpFlags.FIN;
import static io.synfin.core.segment.TcpFlags.PSH;
import static io.synfin.core.segment.TcpFlags.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.core.anomaly.AnomalyType;
import io.synfin.core.record.CloseKind;
import io.synfin.core.record.ConnState;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.state.TcpState;
import org.junit.jupiter.api.Test;

/** The cases of the seed document, each as SynFin must observe it. */
class SeedCasesTest {

    /**
     * A sends (SEQ=92, 8 bytes) and (SEQ=100, 20 bytes); B's ACK=100 is lost, ACK=120 arrives... but A
     * times out first and resends SEQ=92, which B answers with ACK=120 (everything up to 119 is there).
     */
    @Test
    void seq92AndSeq100WithLostAck100AndRetransmitted92AnsweredByAck120() {
        TcpScript script = new TcpScript()
                .at(T0).client(SYN, seq(91))
                .at(T0 + MS).server(SYN | ACK, seq(500), ack(92))
                .at(T0 + 2 * MS).client(ACK, seq(92), ack(501))
                .at(T0 + 3 * MS).client(PSH | ACK, seq(92), ack(501), len(8))
                .at(T0 + 4 * MS).client(PSH | ACK, seq(100), ack(501), len(20))
                // ACK=100 from B is lost on the way to A (the observer at B's side would see it; here it is not seen).
                .at(T0 + 300 * MS).client(PSH | ACK, seq(92), ack(501), len(8))
                .at(T0 + 301 * MS).server(ACK, seq(501), ack(120));
        assertThat(script.anomalies()).isEmpty();
        ConnectionSummary record = script.finish().record();
        assertThat(record.origBytes()).isEqualTo(28);
        assertThat(record.orig().retransmittedPackets()).isEqualTo(1);
        assertThat(record.orig().retransmittedBytes()).isEqualTo(8);
        // The Wireshark-style analysis agrees and lands in the record's counters.
        assertThat(record.orig().counters().retransmissions()).isEqualTo(1);
        assertThat(record.orig().counters().retransmittedBytes()).isEqualTo(8);
        assertThat(record.history()).isEqualTo("ShADTa");
        assertThat(record.connState()).isEqualTo(ConnState.S1);
    }

    /** A delayed duplicate SYN with an old ISN reaches an established connection: reported, not obeyed. */
    @Test
    void delayedDuplicateSynOnEstablishedConnectionIsStale() {
        TcpScript script = established()
                .at(T0 + SECOND).client(SYN, seq(40));
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.STALE_SYN);
        assertThat(script.records()).isEmpty();
        assertThat(script.clientState()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(script.serverState()).isEqualTo(TcpState.ESTABLISHED);
    }

    /**
     * The reason for the third segment: a stale SYN reaches B long after A gave up; B answers, A ignores
     * the SYN-ACK and never confirms, so no connection is established and B's half-open state times out.
     */
    @Test
    void delayedDuplicateSynAnsweredButNeverConfirmedEndsHalfOpen() {
        TcpScript script = new TcpScript()
                .at(T0).client(SYN, seq(40))
                .at(T0 + MS).server(SYN | ACK, seq(700), ack(41))
                .runAllTimers();
        ConnectionSummary record = script.record();
        assertThat(record.closeKind()).isEqualTo(CloseKind.HALF_OPEN_TIMEOUT);
        assertThat(record.resp().finalState()).isEqualTo(TcpState.SYN_RECEIVED);
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.HALF_OPEN);
        assertThat(script.anomalies().get(0).tsMicros()).isEqualTo(T0 + MS + 75 * SECOND);
    }

    /** 65535 − 20 − 20 = 65495: the largest payload an IPv4 datagram with minimal headers carries. */
    @Test
    void payloadAbove65495BytesIsOversized() {
        TcpScript ok = established().at(T0 + SECOND).client(PSH | ACK, seq(101), ack(301), len(65495));
        assertThat(ok.anomalies()).isEmpty();
        TcpScript over = established().at(T0 + SECOND).client(PSH | ACK, seq(101), ack(301), len(65496));
        assertThat(over.anomalyTypes()).containsExactly(AnomalyType.OVERSIZED_SEGMENT);
        assertThat(over.anomalies().get(0).detail()).contains("65496").contains("65495");
    }

    /** MSS appears only in SYN segments. */
    @Test
    void mssOutsideSynIsReported() {
        TcpScript script = established().at(T0 + SECOND).client(ACK, seq(101), ack(301), mss(1460));
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.OPTION_OUTSIDE_SYN);
        assertThat(script.anomalies().get(0).detail()).contains("MSS");
    }

    /** Sequence numbers are reused cyclically: a transfer across 2^32 still counts and closes right. */
    @Test
    void sequenceNumbersWrappingPast2To32() {
        long isn = 0xFFFF_FF00L;
        TcpScript script = new TcpScript()
                .at(T0).client(SYN, seq(isn))
                .at(T0 + MS).server(SYN | ACK, seq(300), ack(isn + 1))
                .at(T0 + 2 * MS).client(ACK, seq(isn + 1), ack(301));
        long next = isn + 1;
        for (int i = 0; i < 4; i++) {
            script.at(T0 + (3 + i) * MS).client(PSH | ACK, seq(next), ack(301), len(100));
            next += 100;
            script.server(ACK, seq(301), ack(next));
        }
        ConnectionSummary record = script
                .at(T0 + 10 * MS).client(FIN | ACK, seq(next), ack(301))
                .server(FIN | ACK, seq(301), ack(next + 1))
                .client(ACK, seq(next + 1), ack(302))
                .runAllTimers().record();
        assertThat(next).isGreaterThan(1L << 32);
        assertThat(record.origBytes()).isEqualTo(400);
        assertThat(record.orig().retransmittedPackets()).isZero();
        assertThat(record.connState()).isEqualTo(ConnState.SF);
        assertThat(script.anomalies()).isEmpty();
    }

    /** More than 4 GiB in one direction: the 32-bit space wraps, the 64-bit count does not. */
    @Test
    void moreThanFourGibInOneDirectionCountsRight() {
        TcpScript script = established();
        long next = 101;
        int segment = 60_000;
        int segments = 75_000;
        for (int i = 0; i < segments; i++) {
            script.at(T0 + SECOND + i).client(PSH | ACK, seq(next), ack(301), len(segment));
            next += segment;
            if (i % 8 == 7) {
                script.server(ACK, seq(301), ack(next));
            }
        }
        ConnectionSummary record = script.finish().record();
        assertThat(record.origBytes()).isEqualTo((long) segment * segments).isGreaterThan(4L << 30);
        assertThat(record.orig().retransmittedPackets()).isZero();
        assertThat(record.history()).isEqualTo("ShADa");
    }
}
