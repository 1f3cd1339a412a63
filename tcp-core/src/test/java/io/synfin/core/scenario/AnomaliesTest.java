package io.synfin.core.scenario;

import static io.synfin.core.scenario.HandshakeTest.established;
import static io.synfin.core.scenario.TcpScript.MS;
import static io.synfin.core.scenario.TcpScript.SECOND;
import static io.synfin.core.scenario.TcpScript.T0;
import static io.synfin.core.scenario.TcpScript.ack;
import static io.synfin.core.scenario.TcpScript.headerLen;
import static io.synfin.core.scenario.TcpScript.len;
import static io.synfin.core.scenario.TcpScript.mss;
import static io.synfin.core.scenario.TcpScript.seq;
import static io.synfin.core.scenario.TcpScript.wscale;
import static io.synfin.core.segment.TcpFlags.ACK;
import static io.synfin.core.segment.TcpFlags.FIN;
import static io.synfin.core.segment.TcpFlags.PSH;
import static io.synfin.core.segment.TcpFlags.RST;
import static io.synfin.core.segment.TcpFlags.SYN;
import static io.synfin.core.segment.TcpFlags.URG;
import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.core.TrackerConfig;
import io.synfin.core.anomaly.Anomaly;
import io.synfin.core.anomaly.AnomalyType;
import io.synfin.core.anomaly.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SPEC §7: one named test per anomaly type, each a short script that triggers exactly that finding. */
class AnomaliesTest {

    @Test
    void handshakeTimeout() {
        TcpScript script = new TcpScript().at(T0).client(SYN, seq(100)).runAllTimers();
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.HANDSHAKE_TIMEOUT);
    }

    @Test
    void halfOpen() {
        TcpScript script = new TcpScript()
                .at(T0).client(SYN, seq(100))
                .at(T0 + MS).server(SYN | ACK, seq(300), ack(101))
                .runAllTimers();
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.HALF_OPEN);
        assertThat(script.anomalies().get(0).severity()).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void connectionRefused() {
        TcpScript script = new TcpScript()
                .at(T0).client(SYN, seq(100))
                .at(T0 + MS).server(RST | ACK, seq(0), ack(101));
        Anomaly refused = script.anomalies().get(0);
        assertThat(refused.type()).isEqualTo(AnomalyType.CONNECTION_REFUSED);
        assertThat(refused.fromOriginator()).isFalse();
        assertThat(refused.flags()).isEqualTo(RST | ACK);
        assertThat(refused.ack()).isEqualTo(101);
        assertThat(refused.uid()).isEqualTo(script.tracker().current().uid());
    }

    @Test
    void handshakeAckMismatch() {
        TcpScript script = new TcpScript()
                .at(T0).client(SYN, seq(100))
                .at(T0 + MS).server(SYN | ACK, seq(300), ack(100));
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.HANDSHAKE_ACK_MISMATCH);
    }

    @Test
    void staleSynAckWithoutSyn() {
        TcpScript script = new TcpScript().at(T0).server(SYN | ACK, seq(300), ack(101));
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.STALE_SYN);
        assertThat(script.anomalies().get(0).detail()).contains("SYN-ACK without a SYN");
    }

    @Test
    void staleSynOnEstablishedConnection() {
        TcpScript script = established().at(T0 + SECOND).client(SYN, seq(50));
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.STALE_SYN);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "SYN+FIN, 3",
        "SYN+RST, 6",
        "FIN+RST, 21",
        "NULL, 0",
        "Xmas, 41",
    })
    void invalidFlags(String name, int flags) {
        TcpScript script = established().at(T0 + SECOND).client(flags, seq(101), ack(301));
        assertThat(script.anomalyTypes()).contains(AnomalyType.INVALID_FLAGS);
        assertThat(script.anomalies().get(0).flags()).isEqualTo(flags);
    }

    @Test
    void invalidFlagsFinWithoutAckAfterHandshake() {
        TcpScript script = established().at(T0 + SECOND).client(FIN, seq(101));
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.INVALID_FLAGS);
        assertThat(script.anomalies().get(0).detail()).contains("FIN without ACK");
    }

    @Test
    void optionOutsideSynWindowScale() {
        TcpScript script = established().at(T0 + SECOND).server(ACK, seq(301), ack(101), wscale(7));
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.OPTION_OUTSIDE_SYN);
    }

    @Test
    void dataBeforeEstablished() {
        TcpScript script = new TcpScript()
                .at(T0).client(SYN, seq(100))
                .at(T0 + MS).server(SYN | ACK, seq(300), ack(101))
                .at(T0 + 2 * MS).server(PSH | ACK, seq(301), ack(101), len(10));
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.DATA_BEFORE_ESTABLISHED);
    }

    @Test
    void dataAfterFin() {
        TcpScript script = established()
                .at(T0 + SECOND).client(FIN | ACK, seq(101), ack(301))
                .at(T0 + SECOND + MS).client(PSH | ACK, seq(102), ack(301), len(10));
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.DATA_AFTER_FIN);
    }

    @Test
    void retransmittedFinIsNotDataAfterFin() {
        TcpScript script = established()
                .at(T0 + SECOND).client(FIN | PSH | ACK, seq(101), ack(301), len(10))
                .at(T0 + 2 * SECOND).client(FIN | PSH | ACK, seq(101), ack(301), len(10));
        assertThat(script.anomalies()).isEmpty();
    }

    @Test
    void rstOutOfWindow() {
        TcpScript script = established().at(T0 + SECOND).client(RST, seq(101 + 5_000_000));
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.RST_OUT_OF_WINDOW);
        assertThat(script.anomalies().get(0).severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void seqJump() {
        TcpScript script = established().at(T0 + SECOND).client(PSH | ACK, seq(101 + 2_000_000), ack(301), len(10));
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.SEQ_JUMP);
    }

    @Test
    void portReuseInTimeWait() {
        TcpScript script = TeardownTest.closedInTimeWait().at(T0 + 2 * SECOND).client(SYN, seq(1_000_000));
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.PORT_REUSE_IN_TIME_WAIT);
    }

    @Test
    void finWait2Timeout() {
        TcpScript script = established()
                .at(T0 + SECOND).client(FIN | ACK, seq(101), ack(301))
                .server(ACK, seq(301), ack(102))
                .runAllTimers();
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.FIN_WAIT_2_TIMEOUT);
    }

    @Test
    void oversizedSegmentAboveThePeersMssWhenChecked() {
        TcpScript script = new TcpScript(TrackerConfig.DEFAULTS.withCheckMss(true))
                .at(T0).client(SYN, seq(100), mss(1460))
                .at(T0 + MS).server(SYN | ACK, seq(300), ack(101), mss(536))
                .at(T0 + 2 * MS).client(PSH | ACK, seq(101), ack(301), len(1000));
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.OVERSIZED_SEGMENT);
        assertThat(script.anomalies().get(0).detail()).contains("MSS 536");
    }

    @Test
    void badAddressLand() {
        TcpScript script = new TcpScript(TrackerConfig.DEFAULTS, "10.0.0.1", 80, "10.0.0.1", 80)
                .at(T0).client(SYN, seq(100));
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.BAD_ADDRESS);
        assertThat(script.anomalies().get(0).detail()).contains("land");
    }

    @Test
    void badAddressBroadcastDestination() {
        TcpScript script = new TcpScript(TrackerConfig.DEFAULTS, "10.0.0.1", 40000, "255.255.255.255", 80)
                .at(T0).client(SYN, seq(100));
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.BAD_ADDRESS);
    }

    @Test
    void badAddressClassESource() {
        TcpScript script = new TcpScript(TrackerConfig.DEFAULTS, "240.0.0.7", 40000, "10.0.0.2", 80)
                .at(T0).client(SYN, seq(100));
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.BAD_ADDRESS);
        assertThat(script.anomalies().get(0).detail()).contains("RESERVED");
    }

    @Test
    void malformedHeader() {
        TcpScript script = established().at(T0 + SECOND).client(ACK, seq(101), ack(301), headerLen(16));
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.MALFORMED_HEADER);
    }

    @Test
    void excessiveRetransmissions() {
        TcpScript script = established();
        for (int i = 0; i <= 100; i++) {
            script.at(T0 + SECOND + i * MS).client(PSH | ACK, seq(101), ack(301), len(10));
        }
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.EXCESSIVE_RETRANSMISSIONS);
    }

    @Test
    void oncePerConnectionTypesAreReportedOnce() {
        TcpScript script = established()
                .at(T0 + SECOND).client(ACK, seq(101), ack(301), mss(1460))
                .at(T0 + 2 * SECOND).client(ACK, seq(101), ack(301), mss(1460));
        assertThat(script.anomalyTypes()).containsExactly(AnomalyType.OPTION_OUTSIDE_SYN);
        assertThat(script.finish().record().anomalyCount()).isEqualTo(1);
    }

    @Test
    void everyAnomalyHasADetailAndSeverity() {
        TcpScript script = new TcpScript()
                .at(T0).client(SYN, seq(100))
                .at(T0 + MS).server(RST | ACK, seq(0), ack(101));
        assertThat(script.anomalies()).allSatisfy(a -> {
            assertThat(a.detail()).isNotBlank();
            assertThat(a.severity()).isNotNull();
            assertThat(a.domain()).isEqualTo(1);
        });
    }

}
