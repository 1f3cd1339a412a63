package io.synfin.core.scenario;

import static io.synfin.core.scenario.HandshakeTest.established;
import static io.synfin.core.scenario.TcpScript.MS;
import static io.synfin.core.scenario.TcpScript.SECOND;
import static io.synfin.core.scenario.TcpScript.T0;
import static io.synfin.core.scenario.TcpScript.ack;
import static io.synfin.core.scenario.TcpScript.badChecksum;
import static io.synfin.core.scenario.TcpScript.len;
import static io.synfin.core.scenario.TcpScript.seq;
import static io.synfin.core.scenario.TcpScript.win;
import static io.synfin.core.segment.TcpFlags.ACK;
import static io.synfin.core.segment.TcpFlags.FIN;
import static io.synfin.core.segment.TcpFlags.PSH;
import static io.synfin.core.segment.TcpFlags.RST;
import static io.synfin.core.segment.TcpFlags.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.core.record.ConnState;
import io.synfin.core.record.ConnectionSummary;
import org.junit.jupiter.api.Test;

/** Zeek's history letter rules: once per direction, again on a new sequence number, at 1, 10, 100 … */
class HistoryRulesTest {

    private static String historyOf(TcpScript script) {
        return script.finish().record().history();
    }

    @Test
    void dataAndAckAreRecordedOncePerDirection() {
        TcpScript script = established();
        for (int i = 0; i < 5; i++) {
            script.at(T0 + SECOND + i * MS).client(PSH | ACK, seq(101 + i * 10), ack(301), len(10))
                    .server(ACK, seq(301), ack(111 + i * 10));
        }
        assertThat(historyOf(script)).isEqualTo("ShADa");
    }

    @Test
    void synIsRepeatedOnlyForANewSequenceNumber() {
        TcpScript script = new TcpScript(io.synfin.core.TrackerConfig.DEFAULTS, "10.0.0.1", 40000, "10.0.0.2", 50000)
                .at(T0).client(SYN, seq(100))
                .at(T0 + MS).client(SYN, seq(100))
                .at(T0 + 2 * MS).server(SYN | ACK, seq(300), ack(101))
                .at(T0 + 3 * MS).server(SYN | ACK, seq(300), ack(101));
        assertThat(historyOf(script)).isEqualTo("Sh");
    }

    @Test
    void finIsRepeatedOnlyForANewSequenceNumber() {
        TcpScript script = established()
                .at(T0 + SECOND).client(FIN | ACK, seq(101), ack(301))
                .at(T0 + 2 * SECOND).client(FIN | ACK, seq(101), ack(301))
                .at(T0 + 3 * SECOND).client(FIN | ACK, seq(150), ack(301));
        assertThat(historyOf(script)).isEqualTo("ShAFF");
    }

    @Test
    void rstIsRepeatedOnlyForANewSequenceNumber() {
        TcpScript script = established()
                .at(T0 + SECOND).server(RST, seq(301))
                .at(T0 + SECOND + MS).server(RST, seq(301))
                .at(T0 + SECOND + 2 * MS).server(RST, seq(302));
        assertThat(historyOf(script)).isEqualTo("ShArr");
    }

    @Test
    void retransmissionsAreMarkedAtTheFirstTenthAndHundredth() {
        TcpScript script = established()
                .at(T0 + SECOND).client(PSH | ACK, seq(101), ack(301), len(10));
        for (int i = 1; i <= 100; i++) {
            script.at(T0 + SECOND + i * MS).client(PSH | ACK, seq(101), ack(301), len(10));
        }
        ConnectionSummary record = script.finish().record();
        assertThat(record.history()).isEqualTo("ShADTTT");
        assertThat(record.orig().retransmittedPackets()).isEqualTo(100);
    }

    @Test
    void badChecksumsAreMarkedAtTheFirstAndTenthAndIgnoredForState() {
        TcpScript script = new TcpScript();
        for (int i = 0; i < 10; i++) {
            script.at(T0 + i * MS).client(SYN, seq(100), badChecksum());
        }
        ConnectionSummary record = script.finish().record();
        assertThat(record.history()).isEqualTo("CC");
        assertThat(record.connState()).isEqualTo(ConnState.OTH);
        assertThat(record.origPkts()).isZero();
    }

    @Test
    void zeroWindowIsMarked() {
        TcpScript script = established()
                .at(T0 + SECOND).server(ACK, seq(301), ack(101), win(0))
                .at(T0 + 3 * SECOND).server(ACK, seq(301), ack(101), win(100));
        ConnectionSummary record = script.finish().record();
        assertThat(record.history()).isEqualTo("ShAaw");
        assertThat(record.resp().zeroWindowMicros()).isEqualTo(2 * SECOND);
        assertThat(record.resp().counters().zeroWindows()).isEqualTo(1);
    }

    @Test
    void synWithFinIsQAndFinWithRstIsI() {
        TcpScript q = new TcpScript().at(T0).client(SYN | FIN, seq(100));
        assertThat(historyOf(q)).isEqualTo("Q");
        TcpScript i = established().at(T0 + SECOND).client(FIN | RST | ACK, seq(101), ack(301));
        assertThat(historyOf(i)).isEqualTo("ShAI");
    }

    @Test
    void responderLettersAreLowerCase() {
        TcpScript script = established()
                .at(T0 + SECOND).server(PSH | ACK, seq(301), ack(101), len(5))
                .at(T0 + SECOND + MS).server(FIN | ACK, seq(306), ack(101));
        assertThat(historyOf(script)).isEqualTo("ShAdf");
    }
}
