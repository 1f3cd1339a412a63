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
import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.core.TrackerConfig;
import io.synfin.core.record.ConnState;
import io.synfin.core.record.ConnectionSummary;
import org.junit.jupiter.api.Test;

/**
 * Content gaps as Zeek's reassembler reports them: an ACK covering sequence space never seen is a gap
 * ('G'/'g' at the 1st, 10th, 100th …, its bytes in missed_bytes), one gap per hole, counted while both
 * sides are established or cleanly closing.
 */
class ContentGapTest {

    @Test
    void contentGapIsMarkedWhenTheAckCoversUnseenData() {
        TcpScript script = established()
                .at(T0 + SECOND).client(PSH | ACK, seq(101), ack(301), len(10))
                .at(T0 + SECOND + MS).server(ACK, seq(301), ack(1111));
        ConnectionSummary record = script.finish().record();
        assertThat(record.history()).isEqualTo("ShADaG");
        assertThat(record.missedBytes()).isEqualTo(1000);
    }

    @Test
    void aHoleFilledBeforeTheAckIsNotAGap() {
        TcpScript script = established()
                .at(T0 + SECOND).client(PSH | ACK, seq(111), ack(301), len(10))
                .at(T0 + SECOND + MS).client(PSH | ACK, seq(101), ack(301), len(10))
                .at(T0 + SECOND + 2 * MS).server(ACK, seq(301), ack(121));
        ConnectionSummary record = script.finish().record();
        assertThat(record.history()).doesNotContain("G");
        assertThat(record.missedBytes()).isZero();
    }

    @Test
    void gapLettersFollowTheOneTenHundredRule() {
        TcpScript script = established();
        for (int i = 0; i < 100; i++) {
            // 10 bytes seen, then 10 never seen that the server acknowledges anyway.
            long base = 101 + 20L * i;
            script.at(T0 + SECOND + 2 * i * MS).client(PSH | ACK, seq(base), ack(301), len(10))
                    .at(T0 + SECOND + (2 * i + 1) * MS).server(ACK, seq(301), ack(base + 20));
        }
        ConnectionSummary record = script.finish().record();
        assertThat(record.history()).isEqualTo("ShADaGGG");
        assertThat(record.missedBytes()).isEqualTo(1000);
    }

    @Test
    void eachHoleBelowTheAckIsOneGapAndOnlyItsBytesAreMissed() {
        TcpScript script = established();
        for (int k = 0; k < 5; k++) {
            // Three blocks with two 10-byte holes between them, then one ACK over all of it.
            long base = 101 + 50L * k;
            long t = T0 + SECOND + 10 * k * MS;
            script.at(t).client(PSH | ACK, seq(base), ack(301), len(10))
                    .at(t + MS).client(PSH | ACK, seq(base + 40), ack(301), len(10))
                    .at(t + 2 * MS).client(PSH | ACK, seq(base + 20), ack(301), len(10))
                    .at(t + 3 * MS).server(ACK, seq(301), ack(base + 50));
        }
        ConnectionSummary record = script.finish().record();
        // The block sent below the highest sequence number is also a retransmission ('T'), as in Zeek.
        assertThat(record.history()).isEqualTo("ShADTaGG");
        assertThat(record.missedBytes()).isEqualTo(100);
    }

    @Test
    void dataMissingAtTheEndIsAGapOnceTheFinIsAcknowledged() {
        // Zeek's core.tcp.miss-end-data: the server's 1000 bytes are never seen, only its FIN after them.
        ConnectionSummary record = established()
                .at(T0 + SECOND).server(FIN | ACK, seq(1301), ack(101))
                .at(T0 + SECOND + MS).client(ACK, seq(101), ack(1302))
                .at(T0 + SECOND + 2 * MS).client(FIN | ACK, seq(101), ack(1302))
                .at(T0 + SECOND + 3 * MS).server(ACK, seq(1302), ack(102))
                .finish().record();
        assertThat(record.history()).isEqualTo("ShAfgFa");
        assertThat(record.missedBytes()).isEqualTo(1000);
        assertThat(record.connState()).isEqualTo(ConnState.SF);
    }

    @Test
    void aPartialConnectionReportsNoGap() {
        // Mid-stream pick-up: what came before the first segment seen is unknown, not missed.
        ConnectionSummary record = new TcpScript(TrackerConfig.DEFAULTS, "10.0.0.1", 40000, "10.0.0.2", 50000)
                .at(T0).client(PSH | ACK, seq(1000), ack(5000), len(10))
                .at(T0 + MS).server(ACK, seq(5000), ack(2000))
                .finish().record();
        assertThat(record.history()).doesNotContainIgnoringCase("G");
        assertThat(record.missedBytes()).isZero();
    }

    @Test
    void anAckAfterAResetReportsNoGap() {
        ConnectionSummary record = established()
                .at(T0 + SECOND).client(RST | ACK, seq(101), ack(301))
                .at(T0 + SECOND + MS).server(ACK, seq(301), ack(5000))
                .finish().record();
        assertThat(record.history()).doesNotContain("G");
        assertThat(record.missedBytes()).isZero();
    }

    @Test
    void blocksBeyondAHoleSurviveASnapshot() {
        ConnectionSummary record = established()
                .at(T0 + SECOND).client(PSH | ACK, seq(111), ack(301), len(10))
                .at(T0 + SECOND + MS).client(PSH | ACK, seq(131), ack(301), len(10))
                .restored()
                .at(T0 + SECOND + 2 * MS).client(PSH | ACK, seq(101), ack(301), len(10))
                .at(T0 + SECOND + 3 * MS).server(ACK, seq(301), ack(141))
                .finish().record();
        // [101,121) is contiguous once the hole is filled; only [121,131) was never seen.
        assertThat(record.history()).isEqualTo("ShADTaG");
        assertThat(record.missedBytes()).isEqualTo(10);
    }
}
