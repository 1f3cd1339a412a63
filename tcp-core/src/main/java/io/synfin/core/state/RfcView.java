package io.synfin.core.state;

import static io.synfin.core.state.EndpointTracker.ACK_SEEN;
import static io.synfin.core.state.EndpointTracker.ACTIVE_CLOSE;
import static io.synfin.core.state.EndpointTracker.ASSUMED_OPEN;
import static io.synfin.core.state.EndpointTracker.CLOSED_FIRST;
import static io.synfin.core.state.EndpointTracker.FIN_ACKED;
import static io.synfin.core.state.EndpointTracker.FIN_ACKED_BY_FIN;
import static io.synfin.core.state.EndpointTracker.FIN_SENT;
import static io.synfin.core.state.EndpointTracker.RESET;
import static io.synfin.core.state.EndpointTracker.SEQ_KNOWN;
import static io.synfin.core.state.EndpointTracker.SYN_ACKED;
import static io.synfin.core.state.EndpointTracker.SYN_SENT;

import io.synfin.core.anomaly.AnomalyType;
import io.synfin.core.record.CloseKind;
import io.synfin.core.segment.Segment;
import io.synfin.core.segment.TcpFlags;
import io.synfin.core.seq.SeqNum;

/**
 * The RFC 9293 view of a segment sent by {@code x} to {@code y}: moves the facts the endpoint states
 * derive from (SYN sent and acknowledged, FIN sent and acknowledged, accepted RST) and reports the
 * handshake, teardown, RST and data anomalies of SPEC §7. An RST outside the window is reported and not
 * obeyed. Runs before {@link ZeekView}, so sequence positions are those before this segment.
 */
final class RfcView {

    private RfcView() {}

    static void apply(ConnectionTracker c, EndpointTracker x, EndpointTracker y, Segment s) {
        int flags = s.flags();
        boolean syn = (flags & TcpFlags.SYN) != 0;
        boolean fin = (flags & TcpFlags.FIN) != 0;
        boolean rst = (flags & TcpFlags.RST) != 0;
        if (rst) {
            onRst(c, x, y, s);
            return;
        }
        if (s.payloadLen() > 0) {
            checkData(c, x, y, s, syn);
        }
        if (syn && !fin) {
            onSyn(c, x, y, s, (flags & TcpFlags.ACK) != 0);
        }
        if ((flags & TcpFlags.ACK) != 0) {
            onAck(c, x, y, s, syn, fin);
        }
        if (fin) {
            onFin(c, x, y, s, syn);
        }
    }

    private static void onSyn(ConnectionTracker c, EndpointTracker x, EndpointTracker y, Segment s, boolean ack) {
        long t = s.tsMicros();
        if (!x.has(SYN_SENT)) {
            if (x.has(ASSUMED_OPEN)) {
                c.report(AnomalyType.STALE_SYN, t, x, s, "SYN inside a connection picked up mid-stream");
                return;
            }
            x.set(SYN_SENT);
            x.isn = s.seq();
            x.synTime = t;
            if (ack) {
                c.synAckMicros = t;
            } else if (x.isOriginator()) {
                c.lastSynMicros = t;
            }
        } else if (s.seq() == x.isn) {
            // Same ISN: a retransmitted SYN or SYN-ACK, still the same attempt (SPEC §5).
            if (!ack && x.isOriginator()) {
                c.lastSynMicros = t;
            }
        } else {
            c.report(AnomalyType.STALE_SYN, t, x, s, String.format(
                    "%s with ISN %s on a connection whose ISN is %s: a delayed duplicate, not obeyed",
                    ack ? "SYN-ACK" : "SYN", Integer.toUnsignedString(s.seq()), Integer.toUnsignedString(x.isn)));
        }
    }

    private static void onAck(
            ConnectionTracker c, EndpointTracker x, EndpointTracker y, Segment s, boolean syn, boolean fin) {
        int a = s.ack();
        long t = s.tsMicros();
        if (y.has(SYN_SENT) && !y.has(SYN_ACKED) && !y.has(ASSUMED_OPEN)) {
            // RFC 9293 §3.5: the SYN is acknowledged by ack = ISN + 1 (or beyond, once data followed it).
            if (SeqNum.after(a, y.isn) && !SeqNum.after(a, y.nextSeq())) {
                y.set(SYN_ACKED);
                x.bits &= ~EndpointTracker.BAD_SYN_ACK;
                if (syn && c.lastSynMicros >= 0 && !x.isOriginator()) {
                    c.synRttMicros = t - c.lastSynMicros;
                } else if (!syn && x.isOriginator() && c.synAckMicros >= 0) {
                    c.ackRttMicros = t - c.synAckMicros;
                }
            } else if (syn || x.has(SYN_ACKED)) {
                if (syn) {
                    x.set(EndpointTracker.BAD_SYN_ACK);
                }
                c.report(AnomalyType.HANDSHAKE_ACK_MISMATCH, t, x, s, String.format(
                        "%s acknowledges %s, expected ISN+1 = %s", syn ? "SYN-ACK" : "final ACK",
                        Integer.toUnsignedString(a), Integer.toUnsignedString(y.isn + 1)));
            }
        }
        if (y.has(FIN_SENT) && !y.has(FIN_ACKED) && SeqNum.after(a, y.finSeq)) {
            y.set(FIN_ACKED);
            if (fin) {
                y.set(FIN_ACKED_BY_FIN);
            }
        }
        x.lastAck = a;
        x.set(ACK_SEEN);
    }

    private static void onFin(ConnectionTracker c, EndpointTracker x, EndpointTracker y, Segment s, boolean syn) {
        int finSeq = s.seq() + s.payloadLen() + (syn ? 1 : 0);
        long t = s.tsMicros();
        if (!x.has(FIN_SENT)) {
            x.set(FIN_SENT);
            x.finSeq = finSeq;
            boolean acksPeerFin = y.has(FIN_SENT) && s.has(TcpFlags.ACK) && SeqNum.after(s.ack(), y.finSeq);
            if (!acksPeerFin) {
                x.set(ACTIVE_CLOSE);
            }
            if (!y.has(CLOSED_FIRST)) {
                x.set(CLOSED_FIRST);
            }
            if (!s.has(TcpFlags.ACK) && (x.has(SYN_ACKED) || x.has(ASSUMED_OPEN))) {
                c.report(AnomalyType.INVALID_FLAGS, t, x, s, "FIN without ACK after the handshake");
            }
            if (y.has(FIN_SENT) && c.closeAt == Step.NO_DEADLINE) {
                // Both directions closed: the active closer now waits 2 × MSL in TIME_WAIT (RFC 9293 §3.6).
                c.closeAt = t + c.config.timeWaitMicros();
            }
        } else if (finSeq == x.finSeq) {
            x.more().finRetransmissions++;
            if (c.closeAt != Step.NO_DEADLINE && !c.closeKindDecided()) {
                // RFC 9293 §3.10.7.4: a FIN in TIME-WAIT is acknowledged and restarts the 2 MSL timeout.
                c.closeAt = t + c.config.timeWaitMicros();
            }
        }
    }

    private static void onRst(ConnectionTracker c, EndpointTracker x, EndpointTracker y, Segment s) {
        long t = s.tsMicros();
        if (x.has(RESET)) {
            return;
        }
        if (x.has(FIN_SENT) && y.has(FIN_SENT)) {
            // Both directions already closed: an RST now (e.g. to a late segment) changes nothing; RFC 1337
            // has TIME-WAIT ignore it rather than be assassinated.
            return;
        }
        boolean answersSyn = y.has(SYN_SENT) && !y.has(SYN_ACKED) && !x.has(SYN_SENT) && !y.has(ASSUMED_OPEN);
        if (!rstAcceptable(x, y, s, answersSyn)) {
            c.report(AnomalyType.RST_OUT_OF_WINDOW, t, x, s, String.format(
                    "RST seq %s outside the receive window (next expected %s, window %d): not obeyed",
                    Integer.toUnsignedString(s.seq()),
                    Integer.toUnsignedString(y.has(ACK_SEEN) ? y.lastAck : x.nextSeq()), y.advertisedWindow()));
            return;
        }
        x.set(RESET);
        y.set(RESET);
        if (!y.has(CLOSED_FIRST)) {
            x.set(CLOSED_FIRST);
        }
        if (answersSyn) {
            c.closeKind(CloseKind.REFUSED);
            c.report(AnomalyType.CONNECTION_REFUSED, t, x, s, "SYN answered by RST");
        } else {
            c.closeKind(x.isOriginator() ? CloseKind.RESET_BY_ORIGINATOR : CloseKind.RESET_BY_RESPONDER);
        }
        long linger = t + c.config.resetLingerMicros();
        c.closeAt = Math.min(c.closeAt, linger);
    }

    /**
     * RFC 9293 §3.10.7.3: in SYN-SENT an RST is acceptable only if its ACK acknowledges the SYN; otherwise
     * (§3.10.7.4, RFC 5961 §3.2) only if its seq falls in the receiver's window.
     */
    private static boolean rstAcceptable(EndpointTracker x, EndpointTracker y, Segment s, boolean answersSyn) {
        if (answersSyn) {
            return s.has(TcpFlags.ACK) && s.ack() == y.isn + 1;
        }
        if (!x.has(SEQ_KNOWN)) {
            return true;
        }
        int seq = s.seq();
        int next = x.nextSeq();
        if (seq == next) {
            return true;
        }
        int rcvNext = y.has(ACK_SEEN) ? y.lastAck : next;
        long window = Math.max(1, Math.min(y.advertisedWindow(), Integer.MAX_VALUE));
        return SeqNum.between(seq, rcvNext, rcvNext + (int) (window - 1));
    }

    private static void checkData(ConnectionTracker c, EndpointTracker x, EndpointTracker y, Segment s, boolean syn) {
        long t = s.tsMicros();
        int len = s.payloadLen();
        TcpState state = x.rfcState(y);
        if (!syn && (state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED || state == TcpState.LISTEN)) {
            c.report(AnomalyType.DATA_BEFORE_ESTABLISHED, t, x, s,
                    String.format("%d payload bytes sent in %s", len, state));
        }
        if (x.has(FIN_SENT) && SeqNum.after(s.seq() + len, x.finSeq)) {
            c.report(AnomalyType.DATA_AFTER_FIN, t, x, s, String.format(
                    "payload up to %s beyond the FIN at %s", Integer.toUnsignedString(s.seq() + len),
                    Integer.toUnsignedString(x.finSeq)));
        }
        if (len > c.config.maxPayloadBytes()) {
            c.report(AnomalyType.OVERSIZED_SEGMENT, t, x, s,
                    String.format("payload %d bytes above %d", len, c.config.maxPayloadBytes()));
        } else if (c.config.checkMss() && y.mss > 0 && len > y.mss) {
            c.report(AnomalyType.OVERSIZED_SEGMENT, t, x, s,
                    String.format("payload %d bytes above the peer's MSS %d", len, y.mss));
        }
        if (x.has(SEQ_KNOWN)) {
            long jump = SeqNum.delta(s.seq(), x.nextSeq());
            if (jump > c.config.seqJumpBytes()) {
                c.report(AnomalyType.SEQ_JUMP, t, x, s,
                        String.format("data starts %d bytes beyond the highest sequence seen", jump));
            }
        }
    }
}
