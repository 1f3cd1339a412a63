package io.synfin.core.analysis;

import static io.synfin.core.analysis.AnalysisFlag.ACKED_UNSEEN;
import static io.synfin.core.analysis.AnalysisFlag.DUP_ACK;
import static io.synfin.core.analysis.AnalysisFlag.FAST_RETRANSMISSION;
import static io.synfin.core.analysis.AnalysisFlag.KEEP_ALIVE;
import static io.synfin.core.analysis.AnalysisFlag.KEEP_ALIVE_ACK;
import static io.synfin.core.analysis.AnalysisFlag.LOST_SEGMENT;
import static io.synfin.core.analysis.AnalysisFlag.OUT_OF_ORDER;
import static io.synfin.core.analysis.AnalysisFlag.RETRANSMISSION;
import static io.synfin.core.analysis.AnalysisFlag.SPURIOUS_RETRANSMISSION;
import static io.synfin.core.analysis.AnalysisFlag.WINDOW_FULL;
import static io.synfin.core.analysis.AnalysisFlag.WINDOW_UPDATE;
import static io.synfin.core.analysis.AnalysisFlag.ZERO_WINDOW;
import static io.synfin.core.analysis.AnalysisFlag.ZERO_WINDOW_PROBE;
import static io.synfin.core.analysis.AnalysisFlag.ZERO_WINDOW_PROBE_ACK;

import io.synfin.core.segment.Segment;
import io.synfin.core.segment.TcpFlags;

/**
 * Classifies each segment the way Wireshark's TCP sequence analysis does ({@code tcp.analysis.*}),
 * updating both directions' {@link DirectionAnalysis} and the sender's counters. Checks run in
 * Wireshark's order, because several of them share state (the duplicate-ACK run feeds fast
 * retransmission, a keep-alive is never a retransmission, a zero-window probe does not move
 * {@code nextSeq}).
 *
 * <p>Sequence numbers are compared with serial-number arithmetic (RFC 1982, as RFC 9293 §3.4 requires),
 * so wraparound past 2^32 is invisible here. Windows are compared raw: zero and equality tests do not
 * change under a fixed shift, and only "window full" adds a window to a sequence number, so only it
 * applies the receiver's scale.
 *
 * <p>Where SynFin departs from Wireshark 4.0, on purpose: "not seen yet" is an explicit state, not
 * Wireshark's sequence/ack value 0 (which is a legal value after wraparound); a zero-window probe needs
 * the receiver's window to have been seen (Wireshark reads an unseen window as 0, so one-sided captures
 * turn every 1-byte segment into a probe); there is no cap on unacknowledged segments, since nothing is
 * listed per segment. {@code TsharkAgreementITCase} shows that none of this changes a finding on
 * ordinary captures.
 */
public final class SegmentAnalyzer {

    /** Wireshark's fast-retransmission horizon after the last duplicate ACK: 20 ms. */
    static final long FAST_RETRANSMISSION_MICROS = 20_000;
    /** Wireshark's out-of-order horizon when the handshake RTT is unknown: 3 ms. */
    static final long DEFAULT_OUT_OF_ORDER_MICROS = 3_000;

    private static final int SYN_FIN_RST = TcpFlags.SYN | TcpFlags.FIN | TcpFlags.RST;

    private SegmentAnalyzer() {}

    /**
     * Analyzes one segment sent in {@code sender}'s direction; {@code receiver} is the other direction.
     *
     * @return the {@link AnalysisFlag} mask of the segment (0 when unremarkable)
     */
    public static int analyze(Segment s, DirectionAnalysis sender, DirectionAnalysis receiver) {
        int flags = s.flags();
        int seq = s.seq();
        int len = s.payloadLen();
        long now = s.tsMicros();

        int mask = senderChecks(s, sender, receiver);
        if (s.ack() != sender.lastAck) {
            sender.dupAckCount = 0;
        }
        mask |= ackedUnseen(s, receiver);
        boolean synOrFin = (flags & (TcpFlags.SYN | TcpFlags.FIN)) != 0;
        if ((len > 0 || synOrFin) && (mask & KEEP_ALIVE.bit()) == 0) {
            mask |= retransmissionKind(s, sender, receiver);
        }

        advance(sender, seq, len, synOrFin, now, (mask & ZERO_WINDOW_PROBE.bit()) != 0);
        sender.window = s.window();
        sender.windowFromSyn = (flags & TcpFlags.SYN) != 0;
        sender.lastAck = s.ack();
        sender.lastAckValid = (flags & TcpFlags.ACK) != 0;
        sender.lastAckMicros = now;
        sender.lastFlags = mask;
        firstRtt(flags, now, sender, receiver);
        sender.count(mask, len);
        return mask;
    }

    /** Window, gap, keep-alive and duplicate-ACK findings, in Wireshark's order and with its early exits. */
    private static int senderChecks(Segment s, DirectionAnalysis snd, DirectionAnalysis rcv) {
        int seq = s.seq();
        int len = s.payloadLen();
        int win = s.window();
        boolean plain = (s.flags() & SYN_FIN_RST) == 0;
        boolean atNext = snd.seqKnown && seq == snd.nextSeq;

        // A probe sends one byte at the next sequence number into the peer's zero window (RFC 9293 §3.8.6.1).
        if (len == 1 && atNext && rcv.windowKnown() && rcv.window == 0) {
            return ZERO_WINDOW_PROBE.bit();
        }
        int mask = 0;
        if (win == 0 && plain) {
            mask |= ZERO_WINDOW.bit();
        }
        if (snd.seqKnown && after(seq, snd.nextSeq) && (s.flags() & TcpFlags.RST) == 0) {
            mask |= LOST_SEGMENT.bit();
        }
        // A keep-alive repeats the last octet already sent, with 0 or 1 byte (RFC 9293 §3.8.4).
        if ((len == 0 || len == 1) && snd.seqKnown && seq == snd.nextSeq - 1 && plain) {
            mask |= KEEP_ALIVE.bit();
        }
        boolean sameAck = s.ack() == snd.lastAck;
        if (len == 0 && win != 0 && win != snd.window && atNext && sameAck && plain) {
            mask |= WINDOW_UPDATE.bit();
        }
        if (len > 0 && plain && rcv.windowScale != DirectionAnalysis.SCALE_UNKNOWN && rcv.windowKnown()
                && seq + len == (int) (rcv.lastAck + rcv.effectiveWindow())) {
            mask |= WINDOW_FULL.bit();
        }
        boolean repeat = len == 0 && win == snd.window && atNext && sameAck && plain;
        if (repeat && win != 0 && (rcv.lastFlags & KEEP_ALIVE.bit()) != 0) {
            return mask | KEEP_ALIVE_ACK.bit();
        }
        if (repeat && win == 0 && (rcv.lastFlags & ZERO_WINDOW_PROBE.bit()) != 0) {
            return mask | ZERO_WINDOW_PROBE_ACK.bit();
        }
        if (repeat && win != 0) {
            // After an ACK of unseen data the run restarts at 1, as Wireshark does.
            snd.dupAckCount = snd.dupAckCount == -1 ? 1 : snd.dupAckCount + 1;
            mask |= DUP_ACK.bit();
        }
        return mask;
    }

    /** The segment acknowledges data beyond what the capture showed in the other direction. */
    private static int ackedUnseen(Segment s, DirectionAnalysis rcv) {
        if ((s.flags() & TcpFlags.ACK) == 0 || !rcv.maxSeqKnown || !after(s.ack(), rcv.maxSeqToBeAcked)) {
            return 0;
        }
        if (after(rcv.maxSeqToBeAcked, rcv.nextSeq)) {
            rcv.maxSeqToBeAcked = rcv.nextSeq;
            return ACKED_UNSEEN.bit();
        }
        // Report one lost segment once, even when the other side keeps sending pure ACKs.
        int mask = rcv.dupAckCount == 0 ? ACKED_UNSEEN.bit() : 0;
        rcv.dupAckCount = -1;
        return mask;
    }

    /** Spurious, fast, out-of-order or plain retransmission, for a segment that occupies sequence space. */
    private static int retransmissionKind(Segment s, DirectionAnalysis snd, DirectionAnalysis rcv) {
        int seq = s.seq();
        int len = s.payloadLen();
        long now = s.tsMicros();
        boolean notAdvanced = snd.seqKnown && before(seq, snd.nextSeq);
        // New data starting one octet early follows a zero-window probe: not a retransmission.
        if (len > 1 && snd.seqKnown && snd.nextSeq - 1 == seq) {
            notAdvanced = false;
        }
        // Everything in it was already acknowledged (Wireshark checks this before anything else).
        if (len > 0 && rcv.lastAckValid && !after(seq + len, rcv.lastAck)) {
            return SPURIOUS_RETRANSMISSION.bit() | RETRANSMISSION.bit();
        }
        if (notAdvanced && rcv.dupAckCount >= 2 && rcv.lastAck == seq
                && within(now - rcv.lastAckMicros, FAST_RETRANSMISSION_MICROS)) {
            return FAST_RETRANSMISSION.bit() | RETRANSMISSION.bit();
        }
        long oooHorizon = snd.firstRttMicros > 0 ? snd.firstRttMicros : DEFAULT_OUT_OF_ORDER_MICROS;
        int end = seq + len + ((s.flags() & (TcpFlags.SYN | TcpFlags.FIN)) != 0 ? 1 : 0);
        if (notAdvanced && within(now - snd.nextSeqMicros, oooHorizon) && snd.nextSeq != end) {
            return OUT_OF_ORDER.bit();
        }
        return notAdvanced ? RETRANSMISSION.bit() : 0;
    }

    /** Moves {@code nextSeq} forward (never for a zero-window probe) and the contiguous edge with it. */
    private static void advance(DirectionAnalysis snd, int seq, int len, boolean synOrFin, long now, boolean probe) {
        int next = seq + len + (synOrFin ? 1 : 0);
        if (probe) {
            return;
        }
        if (!snd.seqKnown || after(next, snd.nextSeq)) {
            snd.nextSeq = next;
            snd.nextSeqMicros = now;
            snd.seqKnown = true;
        }
        if (!snd.maxSeqKnown || seq == snd.maxSeqToBeAcked) {
            snd.maxSeqToBeAcked = snd.nextSeq;
            snd.maxSeqKnown = true;
        }
    }

    /** The handshake RTT (latest SYN to the first pure ACK) sets the out-of-order horizon for both sides. */
    private static void firstRtt(int flags, long now, DirectionAnalysis snd, DirectionAnalysis rcv) {
        int synAck = flags & (TcpFlags.SYN | TcpFlags.ACK);
        if (synAck == TcpFlags.SYN) {
            snd.synMicros = now;
            rcv.synMicros = now;
        } else if (synAck == TcpFlags.ACK && snd.synMicros >= 0 && snd.firstRttMicros <= 0) {
            long rtt = now - snd.synMicros;
            snd.firstRttMicros = rtt;
            rcv.firstRttMicros = rtt;
        }
    }

    /** Elapsed time is inside the horizon; time running backwards never is (Wireshark's unsigned delta). */
    private static boolean within(long elapsedMicros, long horizonMicros) {
        return elapsedMicros >= 0 && elapsedMicros < horizonMicros;
    }

    /** {@code a} follows {@code b} in sequence space (RFC 1982 serial arithmetic). */
    private static boolean after(int a, int b) {
        return a - b > 0;
    }

    private static boolean before(int a, int b) {
        return a - b < 0;
    }
}
