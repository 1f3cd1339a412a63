package io.synfin.core.state;

import static io.synfin.core.record.ZeekEndpointState.CLOSED;
import static io.synfin.core.record.ZeekEndpointState.ESTABLISHED;
import static io.synfin.core.record.ZeekEndpointState.INACTIVE;
import static io.synfin.core.record.ZeekEndpointState.PARTIAL;
import static io.synfin.core.record.ZeekEndpointState.RESET;
import static io.synfin.core.record.ZeekEndpointState.SYN_ACK_SENT;
import static io.synfin.core.record.ZeekEndpointState.SYN_SENT;

import io.synfin.core.record.History;
import io.synfin.core.segment.Segment;
import io.synfin.core.segment.TcpFlags;
import io.synfin.core.seq.SeqNum;

/**
 * The Zeek-compatible view of a segment: Zeek's endpoint states, sequence bookkeeping and history
 * letters, following the documented behaviour of Zeek's TCP analyzer so that conn_state and history
 * agree with Zeek's conn.log. It obeys every RST, as Zeek does; the RFC view decides separately.
 */
final class ZeekView {

    /** Zeek's TOO_LARGE_SEQ_DELTA: SYN/RST sequence jumps beyond this are not trusted. */
    static final int TOO_LARGE_SEQ_DELTA = 1 << 20;

    private ZeekView() {}

    static void apply(ConnectionTracker c, EndpointTracker ep, EndpointTracker peer, Segment s) {
        int flags = s.flags();
        boolean syn = (flags & TcpFlags.SYN) != 0;
        boolean fin = (flags & TcpFlags.FIN) != 0;
        boolean rst = (flags & TcpFlags.RST) != 0;
        boolean ack = (flags & TcpFlags.ACK) != 0;
        int len = s.payloadLen();
        // SYN and FIN each take one sequence number; an RST's payload is not part of the stream.
        int segLen = len + (syn ? 1 : 0) + (fin ? 1 : 0) - (rst ? len : 0);
        int seq = s.seq();
        initEndpoint(ep, syn, seq, seq + segLen);
        long rel = ep.linePeek(seq);
        updateHistory(c.history, ep, flags, rel, len);
        zeroWindow(c.history, ep, peer, s.window(), rst);
        if (!ep.has(EndpointTracker.DID_CLOSE) || !peer.has(EndpointTracker.DID_CLOSE)) {
            c.durationEndMicros = Math.max(c.durationEndMicros, s.tsMicros());
        }
        if (len > 0 && !rst) {
            ep.dataSeen(rel, rel + len);
        }
        if (fin) {
            ep.finCount++;
            ep.fin64 = rel + segLen;
        }
        if (ack) {
            if (peer.zeek() == INACTIVE) {
                // Start the peer's numbering as if its SYN had been seen (Zeek init_peer).
                int base = s.ack() - 1;
                peer.lineStart(base);
                peer.start64 = peer.lineHighest;
                peer.ack64 = peer.start64;
                peer.last64 = peer.start64;
                peer.resetData(peer.start64 + 1);
                peer.set(EndpointTracker.SEQ_KNOWN);
            } else if (!rst) {
                int deltaAck = SeqNum.delta(s.ack(), (int) peer.ack64);
                if (!(s.ack() == 0 && deltaAck > TOO_LARGE_SEQ_DELTA) && deltaAck > 0) {
                    peer.ack64 = peer.lineUnwrap(s.ack());
                }
            }
        }
        int deltaLast = updateLastSeq(c, ep, seq + segLen, syn, fin, rst, len);
        updateStateMachine(c, ep, peer, flags, seq, len, deltaLast);
        if (ack && !rst) {
            ackReceived(c.history, peer, ep, s.ack());
        }
    }

    /**
     * An ACK or data segment without RST (a repeated SYN-ACK counts: it carries an ACK): what follows a
     * SYN-ACK in a real connection, unlike the RST or silence a stealth scan's SYN-ACK draws (Zeek's
     * rule for flipping a SYN-ACK-first connection on its second packet).
     */
    static boolean answersSynAck(Segment s) {
        int flags = s.flags();
        return (flags & TcpFlags.RST) == 0 && ((flags & TcpFlags.ACK) != 0 || s.payloadLen() > 0);
    }

    private static void initEndpoint(EndpointTracker ep, boolean syn, int seq, int onePast) {
        switch (ep.zeek()) {
            case INACTIVE -> {
                if (syn) {
                    startLine(ep, seq, onePast);
                } else {
                    // Mid-stream: number as though a SYN had preceded the first byte (Zeek init_endpoint).
                    startLine(ep, seq - 1, seq);
                }
            }
            case SYN_SENT, SYN_ACK_SENT, ESTABLISHED, PARTIAL -> {
                if (syn && seq != (int) ep.start64) {
                    startLine(ep, seq, onePast);
                }
            }
            case RESET -> {
                if (syn && ep.zeekPrev() == INACTIVE) {
                    // The earlier RST may have been injected; a SYN from this side re-anchors the numbering.
                    startLine(ep, seq, onePast);
                }
            }
            default -> { }
        }
    }

    private static void startLine(EndpointTracker ep, int start, int last) {
        ep.lineStart(start);
        ep.start64 = ep.lineHighest;
        ep.ack64 = ep.start64;
        ep.last64 = ep.lineUnwrap(last);
        ep.resetData(ep.start64 + 1);
        ep.set(EndpointTracker.SEQ_KNOWN);
    }

    /** Zeek's update_history: S/H/F/R again only for a new sequence number, D and A once, I and Q once. */
    private static void updateHistory(History h, EndpointTracker ep, int flags, long rel, int len) {
        boolean o = ep.isOriginator();
        boolean syn = (flags & TcpFlags.SYN) != 0;
        boolean fin = (flags & TcpFlags.FIN) != 0;
        boolean rst = (flags & TcpFlags.RST) != 0;
        int controls = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0);
        if (controls > 1) {
            if (fin && rst) {
                h.check(History.FIN_RST, 'I', o);
            } else {
                h.check(History.MULTI_FLAG, 'Q', o);
            }
        } else if (syn) {
            char code = (flags & TcpFlags.ACK) != 0 ? 'H' : 'S';
            if (h.check(History.SYN, code, o) && rel != ep.histLastSyn) {
                h.add(code, o);
            }
            ep.histLastSyn = rel;
        } else if (fin) {
            // A FIN's number is the one after its data, unlike SYN and RST.
            if (h.check(History.FIN, 'F', o) && rel + len != ep.histLastFin) {
                h.add('F', o);
            }
            ep.histLastFin = rel + len;
        } else if (rst) {
            if (h.check(History.RST, 'R', o) && rel != ep.seen().histLastRst) {
                h.add('R', o);
            }
            ep.more().histLastRst = rel;
        } else if (len > 0) {
            h.check(History.DATA, 'D', o);
        } else if ((flags & TcpFlags.ACK) != 0) {
            h.check(History.ACK, 'A', o);
        }
    }

    private static void zeroWindow(History h, EndpointTracker ep, EndpointTracker peer, int window, boolean rst) {
        // Zero windows are not interesting with or after a RST, or after the peer's FIN (Zeek update_window).
        if (window == 0 && !rst && peer.zeek() != CLOSED && ep.zeek() != RESET) {
            if (History.scaledEntry(++ep.more().zeroWindowCount)) {
                h.add('W', ep.isOriginator());
            }
        }
    }

    /** Zeek's checksum error path: 'C' at the 1st, 10th, 100th … bad checksum of this direction. */
    static void checksumError(History h, EndpointTracker ep) {
        if (History.scaledEntry(++ep.more().checksumCount)) {
            h.add('C', ep.isOriginator());
        }
    }

    private static int updateLastSeq(
            ConnectionTracker c, EndpointTracker ep, int last, boolean syn, boolean fin, boolean rst, int len) {
        int deltaLast = SeqNum.delta(last, (int) ep.last64);
        if ((syn || rst) && (deltaLast > TOO_LARGE_SEQ_DELTA || deltaLast < -TOO_LARGE_SEQ_DELTA)) {
            return deltaLast;
        }
        if (fin && ep.last64 == ep.start64 + 1) {
            // Only the SYN and this FIN seen: trust the FIN even backwards (> 2 GiB connections).
            ep.last64 = ep.lineUnwrap(last);
        } else if (ep.zeek() == RESET) {
            return deltaLast;
        } else if (deltaLast > 0) {
            ep.last64 = ep.lineUnwrap(last);
        } else if (len > 0) {
            // Payload at or below the highest sequence seen: a retransmission (Zeek DidRxmit, letter 'T').
            ep.rxmitCount++;
            ep.more().rxmitBytes += len;
            if (History.scaledEntry(ep.rxmitCount)) {
                c.history.add('T', ep.isOriginator());
            }
        }
        return deltaLast;
    }

    /**
     * A content gap ('G'): the peer acknowledged bytes this endpoint was never seen sending. Counted,
     * as letter and missed bytes, only while both sides are established or cleanly closing (Zeek's
     * reassembler rule, which needs no {@code report_gaps_for_partial}); never for the FIN's own octet.
     */
    private static void ackReceived(History h, EndpointTracker ep, EndpointTracker acker, int ack) {
        if (!ep.has(EndpointTracker.SEQ_KNOWN)) {
            return;
        }
        if (!cleanForGaps(ep) || !cleanForGaps(acker)) {
            // Not counted (a partial or reset side makes false gaps: unseen earlier data, RST numbers), but trimmed.
            long ack64 = ep.linePeek(ack);
            ep.acknowledgedTo(ep.fin64 >= 0 && ack64 >= ep.fin64 ? ep.fin64 - 1 : ack64);
            return;
        }
        long ack64 = ep.linePeek(ack);
        if (ep.fin64 >= 0 && ack64 >= ep.fin64) {
            ack64 = ep.fin64 - 1;
        }
        long missing = ep.acknowledgedTo(ack64);
        if (missing > 0) {
            ep.more().missedBytes += missing;
        }
        // Each hole is one gap, as Zeek's reassembler reports one per hole: 'G' at the 1st, 10th, 100th …
        for (int i = ep.holes(missing); i > 0; i--) {
            if (History.scaledEntry(++ep.more().gapCount)) {
                h.add('G', ep.isOriginator());
            }
        }
    }

    /** Established, or closed by a FIN sent while established: a side whose gaps Zeek reports. */
    private static boolean cleanForGaps(EndpointTracker e) {
        return e.zeek() == ESTABLISHED || (e.zeek() == CLOSED && e.zeekPrev() == ESTABLISHED);
    }

    private static void updateStateMachine(
            ConnectionTracker c, EndpointTracker ep, EndpointTracker peer, int flags, int seq, int len,
            int deltaLast) {
        boolean syn = (flags & TcpFlags.SYN) != 0;
        boolean fin = (flags & TcpFlags.FIN) != 0;
        boolean rst = (flags & TcpFlags.RST) != 0;
        boolean ack = (flags & TcpFlags.ACK) != 0;
        switch (ep.zeek()) {
            case INACTIVE -> inactive(c, ep, peer, syn, fin, rst, ack, seq, len);
            case SYN_SENT, SYN_ACK_SENT -> closeOrReset(ep, fin, rst);
            case ESTABLISHED, PARTIAL -> {
                if (syn && ep.zeek() == PARTIAL && peer.zeek() == INACTIVE && !ack) {
                    ep.setZeek(SYN_SENT);
                }
                if (fin && !rst) {
                    ep.setZeek(CLOSED);
                    ep.set(EndpointTracker.DID_CLOSE);
                    if (peer.zeek() == RESET && peer.zeekPrev() == CLOSED) {
                        // The peer sent FIN then RST: with this FIN it was a normal termination after all.
                        peer.setZeek(CLOSED);
                    }
                }
                if (rst) {
                    ep.setZeek(RESET);
                    ep.set(EndpointTracker.DID_CLOSE);
                }
            }
            case CLOSED -> {
                // After a FIN exchange a RST does not change a closed endpoint whose peer closed too.
                if (rst && peer.zeek() != CLOSED) {
                    ep.setZeek(RESET);
                }
            }
            default -> { }
        }
    }

    /** A FIN closes the endpoint's side, an RST resets it; both mark Zeek's did_close. */
    private static void closeOrReset(EndpointTracker ep, boolean fin, boolean rst) {
        if (fin) {
            ep.setZeek(CLOSED);
            ep.set(EndpointTracker.DID_CLOSE);
        }
        if (rst) {
            ep.setZeek(RESET);
            ep.set(EndpointTracker.DID_CLOSE);
        }
    }

    private static void inactive(
            ConnectionTracker c, EndpointTracker ep, EndpointTracker peer, boolean syn, boolean fin, boolean rst,
            boolean ack, int seq, int len) {
        if (syn) {
            if (ep.isOriginator()) {
                ep.setZeek(ack ? SYN_ACK_SENT : SYN_SENT);
            } else {
                if (!ack && peer.zeek() == SYN_ACK_SENT) {
                    // SYN-ACK seen before its SYN (e.g. two capture interfaces): flip and establish.
                    c.flipRoles("SYN seen after its SYN-ACK");
                    peer.setZeek(ESTABLISHED);
                }
                if (peer.zeek() == SYN_SENT) {
                    peer.setZeek(ESTABLISHED);
                }
                ep.setZeek(ESTABLISHED);
            }
        }
        closeOrReset(ep, fin, rst);
        if (ep.zeek() == INACTIVE) {
            EndpointTracker orig = ep.isOriginator() ? ep : peer;
            if (!ep.isOriginator() && len == 0 && orig.zeek() == SYN_SENT) {
                // Some stacks ACK a SYN before answering it; that ACK does not make a partial connection.
                return;
            }
            if (ack && peer.zeek() == ESTABLISHED) {
                // SYN-ACK seen, SYN missed, and now the ACK: establish rather than call it partial.
                ep.setZeek(ESTABLISHED);
            } else {
                ep.setZeek(PARTIAL);
            }
        }
    }
}
