package io.synfin.core.scenario;

import static io.synfin.core.scenario.HandshakeTest.established;
import static io.synfin.core.scenario.TcpScript.MS;
import static io.synfin.core.scenario.TcpScript.SECOND;
import static io.synfin.core.scenario.TcpScript.T0;
import static io.synfin.core.scenario.TcpScript.ack;
import static io.synfin.core.scenario.TcpScript.badChecksum;
import static io.synfin.core.scenario.TcpScript.len;
import static io.synfin.core.scenario.TcpScript.seq;
import static io.synfin.core.segment.TcpFlags.ACK;
import static io.synfin.core.segment.TcpFlags.FIN;
import static io.synfin.core.segment.TcpFlags.PSH;
import static io.synfin.core.segment.TcpFlags.RST;
import static io.synfin.core.segment.TcpFlags.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.core.TrackerConfig;
import io.synfin.core.flow.Addresses;
import io.synfin.core.flow.CommunityId;
import io.synfin.core.record.ConnState;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.net.AddressScope;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC §4: originator rules, the mid-stream guess and its flip, 4-tuple reuse, Community ID on records. */
class IdentityTest {

    @Test
    void senderOfTheFirstSynIsTheOriginator() {
        ConnectionSummary record = established().finish().record();
        assertThat(Addresses.format(record.origAddr())).isEqualTo(TcpScript.CLIENT);
        assertThat(record.respPort()).isEqualTo(80);
        assertThat(record.originatorGuessed()).isFalse();
        assertThat(record.service()).isEqualTo("http");
        assertThat(record.origScope()).isEqualTo(AddressScope.PRIVATE_10);
        assertThat(record.respScope()).isEqualTo(AddressScope.PUBLIC);
    }

    @Test
    void midStreamFromTheServerPortIsFlippedAndMarked() {
        ConnectionSummary record = new TcpScript()
                .at(T0).server(PSH | ACK, seq(5000), ack(100), len(100))
                .at(T0 + MS).client(ACK, seq(100), ack(5100))
                .finish().record();
        assertThat(Addresses.format(record.origAddr())).isEqualTo(TcpScript.CLIENT);
        assertThat(record.history()).isEqualTo("^dA");
        assertThat(record.originatorGuessed()).isTrue();
        assertThat(record.flips()).isEqualTo(1);
        assertThat(record.flipReason()).contains("80");
        assertThat(record.connState()).isEqualTo(ConnState.OTH);
        assertThat(record.respBytes()).isEqualTo(100);
    }

    @Test
    void midStreamBetweenTwoUnknownPortsKeepsTheFirstSender() {
        ConnectionSummary record = new TcpScript(TrackerConfig.DEFAULTS, "10.0.0.1", 40000, "10.0.0.2", 50000)
                .at(T0).server(PSH | ACK, seq(5000), ack(100), len(100))
                .finish().record();
        assertThat(Addresses.format(record.origAddr())).isEqualTo("10.0.0.2");
        assertThat(record.history()).isEqualTo("D");
        assertThat(record.originatorGuessed()).isTrue();
        assertThat(record.flips()).isZero();
    }

    @Test
    void loneSynAckFromAServerPortIsFlipped() {
        ConnectionSummary record = new TcpScript()
                .at(T0).server(SYN | ACK, seq(300), ack(101))
                .finish().record();
        assertThat(record.history()).isEqualTo("^h");
        assertThat(Addresses.format(record.origAddr())).isEqualTo(TcpScript.CLIENT);
    }

    @Test
    void synAckBeforeItsSynIsFlippedWhenTheSynArrives() {
        // Neither port is a likely server port, so the SYN-ACK's sender is first taken as originator.
        ConnectionSummary record = new TcpScript(TrackerConfig.DEFAULTS, "10.0.0.1", 40000, "10.0.0.2", 50000)
                .at(T0).server(SYN | ACK, seq(300), ack(101))
                .at(T0 + MS).client(SYN, seq(100))
                .at(T0 + 2 * MS).client(ACK, seq(101), ack(301))
                .finish().record();
        assertThat(record.history()).isEqualTo("Hs^A");
        assertThat(Addresses.format(record.origAddr())).isEqualTo("10.0.0.1");
        assertThat(record.flipReason()).contains("SYN");
        assertThat(record.connState()).isEqualTo(ConnState.S1);
    }

    /** Two ports no likely-server rule knows, so only the SYN-ACK rule can decide the roles. */
    private static TcpScript unknownPorts() {
        return new TcpScript(TrackerConfig.DEFAULTS, "10.0.0.1", 40000, "10.0.0.2", 50000);
    }

    @Test
    void synAckAnsweredByAnAckIsFlippedAsIfFromTheStart() {
        // The second segment, a repeated SYN-ACK, carries an ACK: it decides (Zeek's core.conn-size-flip ctu).
        ConnectionSummary record = unknownPorts()
                .at(T0).server(SYN | ACK, seq(300), ack(101))
                .at(T0 + MS).server(SYN | ACK, seq(300), ack(101))
                .at(T0 + 2 * MS).client(ACK, seq(101), ack(301))
                .at(T0 + 3 * MS).client(PSH | ACK, seq(101), ack(301), len(20))
                .finish().record();
        assertThat(Addresses.format(record.origAddr())).isEqualTo("10.0.0.1");
        assertThat(record.history()).isEqualTo("^hAD");
        assertThat(record.origPkts()).isEqualTo(2);
        assertThat(record.respPkts()).isEqualTo(2);
        assertThat(record.flips()).isEqualTo(1);
        assertThat(record.flipReason()).contains("SYN-ACK");
        assertThat(record.connState()).isEqualTo(ConnState.S1);
    }

    @Test
    void oneSidedSynAckFollowedByItsOwnAckIsFlippedAndNotTimedOut() {
        // Only the server's side is captured: SYN-ACK, ACK, and a FIN ten seconds later.
        TcpScript script = unknownPorts()
                .at(T0).server(SYN | ACK, seq(300), ack(101))
                .at(T0 + 40 * MS).server(ACK, seq(301), ack(153));
        script.runTimersUntil(T0 + 10 * SECOND);
        ConnectionSummary record = script.at(T0 + 10 * SECOND).server(FIN | ACK, seq(301), ack(154))
                .finish().record();
        assertThat(Addresses.format(record.origAddr())).isEqualTo("10.0.0.1");
        assertThat(record.history()).isEqualTo("^haf");
        assertThat(record.origPkts()).isZero();
        assertThat(record.respPkts()).isEqualTo(3);
    }

    @Test
    void synAckAnsweredByRstKeepsItsSenderAsOriginatorLikeAStealthScan() {
        ConnectionSummary record = unknownPorts()
                .at(T0).server(SYN | ACK, seq(300), ack(101))
                .at(T0 + MS).client(RST, seq(101))
                .finish().record();
        assertThat(Addresses.format(record.origAddr())).isEqualTo("10.0.0.2");
        assertThat(record.history()).isEqualTo("Hr");
        assertThat(record.flips()).isZero();
    }

    @Test
    void onlyTheSecondSegmentDecidesTheSynAckFlip() {
        // The second segment has a bad checksum: the server's ACK after it no longer flips the roles.
        ConnectionSummary record = unknownPorts()
                .at(T0).server(SYN | ACK, seq(300), ack(101))
                .at(T0 + MS).client(ACK, seq(101), ack(301), badChecksum())
                .at(T0 + 2 * MS).server(ACK, seq(301), ack(101))
                .finish().record();
        assertThat(Addresses.format(record.origAddr())).isEqualTo("10.0.0.2");
        assertThat(record.history()).isEqualTo("HcA");
        assertThat(record.flips()).isZero();
    }

    @Test
    void synAckFlipWorksAcrossASnapshot() {
        ConnectionSummary record = unknownPorts()
                .at(T0).server(SYN | ACK, seq(300), ack(101))
                .restored()
                .at(T0 + MS).client(ACK, seq(101), ack(301))
                .finish().record();
        assertThat(Addresses.format(record.origAddr())).isEqualTo("10.0.0.1");
        assertThat(record.history()).isEqualTo("^hA");
    }

    @Test
    void retriedSynAfterRefusalIsANewConnectionEachTime() {
        TcpScript script = new TcpScript();
        for (int i = 0; i < 3; i++) {
            long t = T0 + i * SECOND / 2;
            script.at(t).client(SYN, seq(100 + i * 1000)).at(t + MS).server(RST | ACK, seq(0), ack(101 + i * 1000));
        }
        script.runAllTimers();
        List<ConnectionSummary> records = script.records();
        assertThat(records).hasSize(3).allSatisfy(r -> assertThat(r.connState()).isEqualTo(ConnState.REJ));
        assertThat(records).extracting(ConnectionSummary::uid).doesNotHaveDuplicates();
    }

    @Test
    void retriedSynWithTheSameIsnAfterRefusalIsAlsoANewConnection() {
        TcpScript script = new TcpScript()
                .at(T0).client(SYN, seq(100))
                .at(T0 + MS).server(RST | ACK, seq(0), ack(101))
                .at(T0 + SECOND).client(SYN, seq(100))
                .at(T0 + SECOND + MS).server(RST | ACK, seq(0), ack(101))
                .runAllTimers();
        assertThat(script.records()).hasSize(2)
                .allSatisfy(r -> assertThat(r.connState()).isEqualTo(ConnState.REJ))
                .allSatisfy(r -> assertThat(r.origPkts()).isEqualTo(1));
    }

    @Test
    void synWithANewIsnWhileTheFirstIsUnansweredStartsANewAttempt() {
        TcpScript script = new TcpScript()
                .at(T0).client(SYN, seq(100))
                .at(T0 + SECOND).client(SYN, seq(777_777));
        assertThat(script.records()).hasSize(1);
        assertThat(script.records().get(0).connState()).isEqualTo(ConnState.S0);
    }

    @Test
    void synRetriedAfterTheHandshakeTimeoutStartsANewRecordAsZeekDoes() {
        TcpScript script = new TcpScript()
                .at(T0).client(SYN, seq(100))
                .at(T0 + SECOND).client(SYN, seq(100))
                .at(T0 + 3 * SECOND).client(SYN, seq(100))
                .runTimersUntil(T0 + 7 * SECOND)
                .at(T0 + 7 * SECOND).client(SYN, seq(100))
                .runAllTimers();
        assertThat(script.records()).hasSize(2)
                .allSatisfy(r -> assertThat(r.connState()).isEqualTo(ConnState.S0));
        assertThat(script.records().get(0).origPkts()).isEqualTo(3);
        assertThat(script.records().get(1).origPkts()).isEqualTo(1);
    }

    @Test
    void extendingTheAttemptOnRetransmissionKeepsOneRecord() {
        TcpScript script = new TcpScript(TrackerConfig.DEFAULTS.withExtendAttemptOnRetransmit(true))
                .at(T0).client(SYN, seq(100))
                .at(T0 + 3 * SECOND).client(SYN, seq(100))
                .runTimersUntil(T0 + 7 * SECOND)
                .at(T0 + 7 * SECOND).client(SYN, seq(100))
                .runAllTimers();
        assertThat(script.records()).hasSize(1);
        assertThat(script.record().origPkts()).isEqualTo(3);
    }

    @Test
    void synBeyondTheOldWindowOnAnOpenConnectionIsReuse() {
        TcpScript script = established().at(T0 + SECOND).client(SYN, seq(100 + 50_000_000));
        assertThat(script.records()).hasSize(1);
        assertThat(script.tracker().current().uid()).isNotEqualTo(script.records().get(0).uid());
    }

    @Test
    void everyRecordCarriesTheCommunityId() {
        ConnectionSummary record = established().finish().record();
        assertThat(record.communityId()).isEqualTo(CommunityId.tcp(
                Addresses.parse(TcpScript.CLIENT), TcpScript.CLIENT_PORT, Addresses.parse(TcpScript.SERVER), 80));
        assertThat(record.communityId()).startsWith("1:");
    }
}
