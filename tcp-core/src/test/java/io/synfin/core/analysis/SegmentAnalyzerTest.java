package io.synfin.core.analysis;

import static io.synfin.core.analysis.AnalysisFlag.ACKED_UNSEEN;
import static io.synfin.core.analysis.AnalysisFlag.DUP_ACK;
import static io.synfin.core.analysis.AnalysisFlag.FAST_RETRANSMISSION;
import static io.synfin.core.analysis.AnalysisFlag.KEEP_ALIVE;
import static io.synfin.core.analysis.AnalysisFlag.KEEP_ALIVE_ACK;
import static io.synfin.core.analysis.AnalysisFlag.LOST_SEGMENT;
import static io.synfin.core.analysis.AnalysisFlag.OUT_OF_ORDER;
import static io.synfin.core.analysis.AnalysisFlag.SPURIOUS_RETRANSMISSION;
import static io.synfin.core.analysis.AnalysisFlag.WINDOW_FULL;
import static io.synfin.core.analysis.AnalysisFlag.WINDOW_UPDATE;
import static io.synfin.core.analysis.AnalysisFlag.ZERO_WINDOW;
import static io.synfin.core.analysis.AnalysisFlag.ZERO_WINDOW_PROBE;
import static io.synfin.core.analysis.AnalysisFlag.ZERO_WINDOW_PROBE_ACK;
import static io.synfin.core.segment.TcpFlags.ACK;
import static io.synfin.core.segment.TcpFlags.FIN;
import static io.synfin.core.segment.TcpFlags.PSH;
import static io.synfin.core.segment.TcpFlags.RST;
import static io.synfin.core.segment.TcpFlags.SYN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/**
 * One scenario per finding. The scenarios that {@code analysis/scenarios.py} also writes as a pcap are
 * compared with tshark frame by frame in {@link TsharkAgreementITCase}.
 */
class SegmentAnalyzerTest {

    private static final int PA = PSH | ACK;

    /** A = client with ISN 91 (data starts at 92, as in the seed), B = server with ISN 5000. */
    private static Conversation handshake() {
        Conversation c = new Conversation();
        assertThat(c.fromA(91, 0, SYN, 64240, 0)).isZero();
        assertThat(c.after(1000).fromB(5000, 92, SYN | ACK, 65160, 0)).isZero();
        assertThat(c.after(1000).fromA(92, 5001, ACK, 502, 0)).isZero();
        return c;
    }

    private static String flags(int mask) {
        return AnalysisFlag.toString(mask);
    }

    @Test
    void seedExampleRetransmissionOfAckedDataIsSpuriousAndTheRepeatedAckIsDuplicate() {
        Conversation c = handshake();
        assertThat(c.after(1000).fromA(92, 5001, PA, 502, 8)).isZero();
        assertThat(c.after(100).fromA(100, 5001, PA, 502, 20)).isZero();
        // B's ACK=100 is lost before the capture point; B's ACK=120 arrives.
        assertThat(c.after(1900).fromB(5001, 120, ACK, 510, 0)).isZero();
        // A's timer fires and it resends SEQ=92: 92+8 <= 120, so all of it was already acknowledged.
        int resend = c.after(295_000).fromA(92, 5001, PA, 502, 8);
        assertThat(flags(resend)).isEqualTo("RETRANSMISSION|SPURIOUS_RETRANSMISSION");
        int answer = c.after(1000).fromB(5001, 120, ACK, 510, 0);
        assertThat(flags(answer)).isEqualTo("DUP_ACK");

        assertThat(c.a.counters().spuriousRetransmissions()).isEqualTo(1);
        assertThat(c.a.counters().retransmissions()).isEqualTo(1);
        assertThat(c.a.counters().retransmittedBytes()).isEqualTo(8);
        assertThat(c.b.counters().dupAcks()).isEqualTo(1);
    }

    @Test
    void resendingUnackedDataAfterTheTimeoutIsARetransmission() {
        Conversation c = handshake();
        c.after(1000).fromA(92, 5001, PA, 502, 100);
        c.after(100).fromA(192, 5001, PA, 502, 100);
        c.after(1000).fromB(5001, 192, ACK, 510, 0);
        int resend = c.after(200_000).fromA(192, 5001, PA, 502, 100);
        assertThat(flags(resend)).isEqualTo("RETRANSMISSION");
        assertThat(c.a.counters().retransmittedBytes()).isEqualTo(100);
    }

    @Test
    void resendAfterTwoDuplicateAcksWithin20msIsAFastRetransmission() {
        Conversation c = handshake();
        c.after(1000).fromA(92, 5001, PA, 502, 100);
        c.after(10).fromA(192, 5001, PA, 502, 100); // lost on the way to B
        c.after(10).fromA(292, 5001, PA, 502, 100);
        c.after(10).fromA(392, 5001, PA, 502, 100);
        assertThat(c.after(1000).fromB(5001, 192, ACK, 510, 0)).isZero();
        assertThat(flags(c.after(10).fromB(5001, 192, ACK, 510, 0))).isEqualTo("DUP_ACK");
        assertThat(flags(c.after(10).fromB(5001, 192, ACK, 510, 0))).isEqualTo("DUP_ACK");
        int resend = c.after(5_000).fromA(192, 5001, PA, 502, 100);
        assertThat(flags(resend)).isEqualTo("RETRANSMISSION|FAST_RETRANSMISSION");
        assertThat(c.a.counters().fastRetransmissions()).isEqualTo(1);
        assertThat(c.b.counters().dupAcks()).isEqualTo(2);
    }

    @Test
    void resendLaterThan20msAfterTheLastDuplicateAckIsOnlyARetransmission() {
        Conversation c = handshake();
        c.after(1000).fromA(92, 5001, PA, 502, 100);
        c.after(10).fromA(192, 5001, PA, 502, 100);
        c.after(1000).fromB(5001, 192, ACK, 510, 0);
        c.after(10).fromB(5001, 192, ACK, 510, 0);
        c.after(10).fromB(5001, 192, ACK, 510, 0);
        assertThat(flags(c.after(25_000).fromA(192, 5001, PA, 502, 100))).isEqualTo("RETRANSMISSION");
    }

    /**
     * A sends 100 bytes at {@code start}, skips the next 100 (lost before the capture point), sends the
     * 100 after them, and fills the hole {@code fillAfter} µs later; returns the findings for the gap
     * segment and for the fill.
     */
    private static int[] holeFilledAfter(Conversation c, int start, int ack, long fillAfter) {
        c.after(1000).fromA(start, ack, PA, 502, 100);
        int gap = c.after(10).fromA(start + 200, ack, PA, 502, 100);
        int fill = c.after(fillAfter).fromA(start + 100, ack, PA, 502, 100);
        return new int[] {gap, fill};
    }

    @Test
    void segmentBeyondNextSeqReportsALostSegment() {
        Conversation c = handshake();
        assertThat(flags(holeFilledAfter(c, 92, 5001, 500)[0])).isEqualTo("LOST_SEGMENT");
        assertThat(c.a.counters().lostSegments()).isEqualTo(1);
    }

    @Test
    void fillingTheHoleSoonAfterIsOutOfOrder() {
        Conversation c = handshake();
        // Within the handshake RTT (2 ms) of the highest segment, and not ending at nextSeq.
        assertThat(flags(holeFilledAfter(c, 92, 5001, 500)[1])).isEqualTo("OUT_OF_ORDER");
        assertThat(c.a.counters().outOfOrder()).isEqualTo(1);
        assertThat(c.a.counters().retransmissions()).isZero();
    }

    @Test
    void fillingTheHoleAfterTheRttIsARetransmissionNotOutOfOrder() {
        assertThat(flags(holeFilledAfter(handshake(), 92, 5001, 2_500)[1])).isEqualTo("RETRANSMISSION");
    }

    @Test
    void withoutAHandshakeTheOutOfOrderHorizonIs3ms() {
        assertThat(flags(holeFilledAfter(new Conversation(), 1000, 7, 2_900)[1])).isEqualTo("OUT_OF_ORDER");
        assertThat(flags(holeFilledAfter(new Conversation(), 1000, 7, 3_000)[1])).isEqualTo("RETRANSMISSION");
    }

    @Test
    void resetBeyondNextSeqIsNoLostSegment() {
        Conversation c = handshake();
        c.after(1000).fromA(92, 5001, PA, 502, 100);
        assertThat(c.after(10).fromA(5000, 0, RST, 0, 0)).isZero();
        assertThat(c.a.counters().lostSegments()).isZero();
    }

    @Test
    void repeatedPureAckWithSameWindowIsADuplicateAck() {
        Conversation c = handshake();
        c.after(1000).fromA(92, 5001, PA, 502, 100);
        assertThat(c.after(1000).fromB(5001, 192, ACK, 510, 0)).isZero();
        assertThat(flags(c.after(10).fromB(5001, 192, ACK, 510, 0))).isEqualTo("DUP_ACK");
        assertThat(flags(c.after(10).fromB(5001, 192, ACK, 510, 0))).isEqualTo("DUP_ACK");
        // A FIN is never a duplicate ACK.
        assertThat(c.after(10).fromB(5001, 192, FIN | ACK, 510, 0)).isZero();
        assertThat(c.b.counters().dupAcks()).isEqualTo(2);
    }

    @Test
    void repeatedPureAckWithNewWindowIsAWindowUpdate() {
        Conversation c = handshake();
        c.after(1000).fromA(92, 5001, PA, 502, 100);
        c.after(1000).fromB(5001, 192, ACK, 510, 0);
        assertThat(flags(c.after(10).fromB(5001, 192, ACK, 700, 0))).isEqualTo("WINDOW_UPDATE");
        assertThat(c.b.counters().windowUpdates()).isEqualTo(1);
        assertThat(c.b.counters().dupAcks()).isZero();
    }

    @Test
    void advertisingWindowZeroIsAZeroWindowButNotOnSynFinOrRst() {
        Conversation c = handshake();
        c.after(1000).fromA(92, 5001, PA, 502, 100);
        assertThat(flags(c.after(1000).fromB(5001, 192, ACK, 0, 0))).isEqualTo("ZERO_WINDOW");
        assertThat(c.after(10).fromB(5001, 192, FIN | ACK, 0, 0)).isZero();
        assertThat(c.b.counters().zeroWindows()).isEqualTo(1);
    }

    @Test
    void oneByteAtNextSeqIntoAZeroWindowIsAProbeAndItsAnswerIsNoDuplicateAck() {
        Conversation c = handshake();
        c.after(1000).fromA(92, 5001, PA, 502, 100);
        c.after(1000).fromB(5001, 192, ACK, 0, 0);
        int probe = c.after(200_000).fromA(192, 5001, ACK, 502, 1);
        assertThat(flags(probe)).isEqualTo("ZERO_WINDOW_PROBE");
        int answer = c.after(1000).fromB(5001, 192, ACK, 0, 0);
        assertThat(AnalysisFlag.has(answer, ZERO_WINDOW_PROBE_ACK)).isTrue();
        assertThat(AnalysisFlag.has(answer, DUP_ACK)).isFalse();
        // The probe did not move nextSeq: a second probe is again a probe, not a retransmission.
        assertThat(flags(c.after(400_000).fromA(192, 5001, ACK, 502, 1))).isEqualTo("ZERO_WINDOW_PROBE");
        // The window opens and the probed byte is sent again with new data: neither lost nor retransmitted.
        assertThat(flags(c.after(1000).fromB(5001, 192, ACK, 510, 0))).isEqualTo("WINDOW_UPDATE");
        assertThat(c.after(10).fromA(192, 5001, PA, 502, 100)).isZero();
        assertThat(c.a.counters().zeroWindowProbes()).isEqualTo(2);
    }

    @Test
    void dataReachingTheEdgeOfTheScaledReceiverWindowIsWindowFull() {
        Conversation c = handshake();
        c.a.setWindowScale(7);
        c.b.setWindowScale(7);
        c.after(1000).fromA(92, 5001, PA, 502, 100);
        // B's window 4 << 7 = 512 bytes from ACK 192: the edge is 704.
        c.after(1000).fromB(5001, 192, ACK, 4, 0);
        assertThat(c.after(10).fromA(192, 5001, PA, 502, 256)).isZero();
        assertThat(flags(c.after(10).fromA(448, 5001, PA, 502, 256))).isEqualTo("WINDOW_FULL");
        assertThat(c.a.counters().windowFull()).isEqualTo(1);
    }

    @Test
    void windowFromTheSynAckIsNeverScaled() {
        Conversation c = new Conversation();
        c.a.setWindowScale(7);
        c.b.setWindowScale(7);
        c.fromA(91, 0, SYN, 64240, 0);
        c.after(1000).fromB(5000, 92, SYN | ACK, 300, 0);
        c.after(1000).fromA(92, 5001, ACK, 502, 0);
        // RFC 7323 §2.2: the SYN-ACK's 300 is bytes, not 300 << 7.
        assertThat(flags(c.after(10).fromA(92, 5001, PA, 502, 300))).isEqualTo("WINDOW_FULL");
    }

    @Test
    void windowFullIsNotJudgedWhileTheScaleIsUnknown() {
        Conversation c = handshake();
        c.after(1000).fromA(92, 5001, PA, 502, 100);
        c.after(1000).fromB(5001, 192, ACK, 4, 0);
        assertThat(c.after(10).fromA(192, 5001, PA, 502, 4)).isZero();
        c.b.setWindowScale(-1);
        c.after(1000).fromB(5001, 196, ACK, 4, 0);
        assertThat(flags(c.after(10).fromA(196, 5001, PA, 502, 4))).isEqualTo("WINDOW_FULL");
    }

    @Test
    void repeatingTheLastSentOctetIsAKeepAliveNotARetransmission() {
        Conversation c = handshake();
        c.after(1000).fromA(92, 5001, PA, 502, 100);
        c.after(1000).fromB(5001, 192, ACK, 510, 0);
        int probe = c.after(7_200_000).fromA(191, 5001, ACK, 502, 0);
        assertThat(flags(probe)).isEqualTo("KEEP_ALIVE");
        int answer = c.after(1000).fromB(5001, 192, ACK, 510, 0);
        assertThat(flags(answer)).isEqualTo("KEEP_ALIVE_ACK");
        // Linux may send the last octet again as the keep-alive: still a keep-alive.
        assertThat(flags(c.after(1_000_000).fromA(191, 5001, ACK, 502, 1))).isEqualTo("KEEP_ALIVE");
        assertThat(c.a.counters().keepAlives()).isEqualTo(2);
        assertThat(c.a.counters().retransmissions()).isZero();
        assertThat(c.b.counters().dupAcks()).isZero();
    }

    @Test
    void ackingDataNeverSeenIsAckedUnseenOnce() {
        Conversation c = handshake();
        c.after(1000).fromA(92, 5001, PA, 502, 100);
        assertThat(flags(c.after(1000).fromB(5001, 392, ACK, 510, 0))).isEqualTo("ACKED_UNSEEN");
        assertThat(AnalysisFlag.has(c.after(10).fromB(5001, 392, ACK, 510, 0), ACKED_UNSEEN)).isFalse();
    }

    @Test
    void sequenceWraparoundPast2To32RaisesNoFalseFinding() {
        Conversation c = new Conversation();
        int isnA = 0xFFFF_FF00;
        int isnB = 0xFFFF_FFF0;
        assertThat(c.fromA(isnA, 0, SYN, 64240, 0)).isZero();
        assertThat(c.after(1000).fromB(isnB, isnA + 1, SYN | ACK, 65160, 0)).isZero();
        assertThat(c.after(1000).fromA(isnA + 1, isnB + 1, ACK, 502, 0)).isZero();
        int seq = isnA + 1;
        int bAck = isnB + 1;
        for (int i = 0; i < 6; i++) {
            // 6 x 100 bytes: the third segment straddles 2^32.
            assertThat(c.after(100).fromA(seq, bAck, PA, 502, 100)).as("segment %d", i).isZero();
            seq += 100;
            assertThat(c.after(1000).fromB(bAck, seq, PA, 510, 10)).as("reply %d", i).isZero();
            bAck += 10;
        }
        assertThat(c.a.counters().snapshot()).isEqualTo(new DirectionCounters().snapshot());
        assertThat(c.b.counters().snapshot()).isEqualTo(new DirectionCounters().snapshot());
        // Across the wrap, a resend of data B already acknowledged is still recognised.
        assertThat(flags(c.after(300_000).fromA(seq - 100, bAck, PA, 502, 100)))
                .isEqualTo("RETRANSMISSION|SPURIOUS_RETRANSMISSION");
    }

    @Test
    void restoredStateContinuesExactlyLikeTheOriginal() {
        Conversation original = handshake();
        original.after(1000).fromA(92, 5001, PA, 502, 100);
        original.after(10).fromA(192, 5001, PA, 502, 100);
        original.after(1000).fromB(5001, 192, ACK, 510, 0);
        original.after(1000).fromB(5001, 192, ACK, 510, 0);

        Conversation copy = new Conversation().after(original.now());
        DirectionAnalysis a = DirectionAnalysis.restore(original.a.snapshot());
        DirectionAnalysis b = DirectionAnalysis.restore(original.b.snapshot());
        assertThat(a.snapshot()).isEqualTo(original.a.snapshot());
        assertThat(b.snapshot()).isEqualTo(original.b.snapshot());

        // The next duplicate ACK is the second of the run on both, and the resend is fast on both.
        int dupOriginal = SegmentAnalyzer.analyze(original.after(10).segment(false, 5001, 192, ACK, 510, 0),
                original.b, original.a);
        int dupCopy = SegmentAnalyzer.analyze(copy.after(10).segment(false, 5001, 192, ACK, 510, 0), b, a);
        assertThat(dupCopy).isEqualTo(dupOriginal);
        int fastOriginal = SegmentAnalyzer.analyze(original.after(10).segment(true, 192, 5001, PA, 502, 100),
                original.a, original.b);
        int fastCopy = SegmentAnalyzer.analyze(copy.after(10).segment(true, 192, 5001, PA, 502, 100), a, b);
        assertThat(fastCopy).isEqualTo(fastOriginal).matches(m -> AnalysisFlag.has(m, FAST_RETRANSMISSION));
        assertThat(a.snapshot()).isEqualTo(original.a.snapshot());
        assertThat(b.counters().dupAcks()).isEqualTo(2);
    }

    @Test
    void windowScaleOutsideRfc7323RangeIsAProgrammerError() {
        DirectionAnalysis d = new DirectionAnalysis();
        assertThatIllegalArgumentException().isThrownBy(() -> d.setWindowScale(15));
        assertThatIllegalArgumentException().isThrownBy(() -> d.setWindowScale(-2));
    }

    @Test
    void flagMaskHelpersNameEverySetFlag() {
        int mask = LOST_SEGMENT.bit() | KEEP_ALIVE.bit() | ZERO_WINDOW.bit();
        assertThat(AnalysisFlag.toString(mask)).isEqualTo("LOST_SEGMENT|ZERO_WINDOW|KEEP_ALIVE");
        assertThat(AnalysisFlag.toString(0)).isEqualTo("none");
        assertThat(AnalysisFlag.has(mask, KEEP_ALIVE)).isTrue();
        assertThat(AnalysisFlag.has(mask, WINDOW_UPDATE)).isFalse();
        assertThat(AnalysisFlag.has(mask, OUT_OF_ORDER)).isFalse();
        assertThat(AnalysisFlag.has(WINDOW_FULL.bit(), SPURIOUS_RETRANSMISSION)).isFalse();
        assertThat(AnalysisFlag.has(KEEP_ALIVE_ACK.bit(), KEEP_ALIVE_ACK)).isTrue();
        assertThat(AnalysisFlag.has(ZERO_WINDOW_PROBE.bit(), ZERO_WINDOW_PROBE)).isTrue();
    }
}
