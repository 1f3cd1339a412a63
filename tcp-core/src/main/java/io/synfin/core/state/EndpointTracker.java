package io.synfin.core.state;

import io.synfin.core.analysis.DirectionAnalysis;
import io.synfin.core.record.ZeekEndpointState;
import io.synfin.core.seq.SeqNum;
import io.synfin.core.seq.SeqUnwrapper;

/**
 * One direction of a connection as a passive observer sees it (cf. Zeek's TCP_Endpoint): what this
 * endpoint has sent, what of it the peer acknowledged, its options and counters. It keeps two views:
 * RFC 9293 facts as bits from which {@link #rfcState} derives the state, and the Zeek-style state from
 * which conn_state and history are labelled. All fields are primitives so a snapshot is a plain array.
 */
public final class EndpointTracker {

    // RFC view: what this endpoint did; the state follows from these and the peer's bits.
    static final int SYN_SENT = 1;
    static final int SYN_ACKED = 1 << 1;
    static final int FIN_SENT = 1 << 2;
    static final int FIN_ACKED = 1 << 3;
    /** Sent its FIN before acknowledging the peer's: the active closer (or one of two, simultaneous). */
    static final int ACTIVE_CLOSE = 1 << 4;
    /** The segment that acknowledged this endpoint's FIN carried the peer's FIN (three-segment close). */
    static final int FIN_ACKED_BY_FIN = 1 << 5;
    /** An accepted RST ended the connection (sent or received). */
    static final int RESET = 1 << 6;
    /** Picked up mid-stream: the handshake is assumed, not seen. */
    static final int ASSUMED_OPEN = 1 << 7;
    /** The 2MSL timer of TIME_WAIT ran out. */
    static final int TIME_WAIT_DONE = 1 << 8;
    static final int CLOSED_FIRST = 1 << 9;
    static final int SEQ_KNOWN = 1 << 10;
    static final int ACK_SEEN = 1 << 11;
    static final int SACK_OK = 1 << 12;
    static final int TIMESTAMPS = 1 << 13;
    /** Zeek's did_close: sent a FIN or RST that closed its side. */
    static final int DID_CLOSE = 1 << 14;
    /** Its SYN-ACK acknowledged the wrong number: the peer (RFC 9293 §3.10.7.3) stays in SYN-SENT. */
    static final int BAD_SYN_ACK = 1 << 15;
    /** The handshake settled whether window scaling is in effect and the analysis knows the shift. */
    static final int SCALE_SETTLED = 1 << 16;
    /** The 64-bit sequence line has its first value ({@link #lineHighest} is valid). */
    static final int LINE_STARTED = 1 << 17;
    /** This endpoint is the connection's originator (a bit, not a field: one per live direction). */
    static final int ORIGINATOR = 1 << 18;

    int bits;
    private static final ZeekEndpointState[] ZEEK_STATES = ZeekEndpointState.values();
    /** The Zeek-style state and the one before it, as ordinals: a byte each rather than a reference. */
    byte zeekNow = (byte) ZeekEndpointState.INACTIVE.ordinal();
    byte zeekBefore = (byte) ZeekEndpointState.INACTIVE.ordinal();

    /** ISN for the RFC view (raw), valid with SYN_SENT. */
    int isn;
    /** Raw sequence number of this endpoint's FIN, valid with FIN_SENT. */
    int finSeq;
    /** Last acknowledgment number this endpoint sent (raw), valid with ACK_SEEN. */
    int lastAck;
    /**
     * Last advertised window, effective (scaled when negotiated); -1 before any. An int is enough: at most
     * 65535 &lt;&lt; 14 (RFC 7323 §2.3).
     */
    int lastWindow = -1;

    // Zeek view: 64-bit positions on this endpoint's sequence line. The line is kept here as a plain
    // field, as SeqUnwrapper keeps it, so a connection carries no extra object per direction.
    /** The highest position on the line so far, valid with {@link #LINE_STARTED}. */
    long lineHighest;
    long start64;
    long last64;
    long ack64;
    long fin64 = -1;
    int finCount;
    long histLastSyn = Long.MIN_VALUE;
    long histLastFin = Long.MIN_VALUE;
    /**
     * The end of the data seen without a hole, while nothing was seen beyond a hole: then this is all
     * {@link ContentGaps} would hold, so most connections never allocate one.
     */
    long dataHigh;

    /**
     * Retransmitted payload segments: Zeek's scaled history entry adds 'T' at the 1st, 10th, 100th …,
     * which {@link io.synfin.core.record.History#scaledEntry} tells from the count alone.
     */
    int rxmitCount;
    /** The rarely moved counters; null until one moves (see {@link #more()} and {@link #seen()}). */
    EndpointExtras extras;

    // Counters for the record.
    long packets;
    long wireBytes;
    int minWindow = -1;
    int maxWindow = -1;

    // Options from this endpoint's SYN.
    int mss = -1;
    /** The window-scale option's shift, -1 without one; one byte on the wire (RFC 7323 §2.2), so a short. */
    short windowScale = -1;

    long synTime = -1;

    /** Wireshark-style segment analysis of what this endpoint sends. */
    DirectionAnalysis analysis;

    EndpointTracker(boolean originator) {
        setOriginator(originator);
        this.analysis = new DirectionAnalysis();
    }

    /** The rarely moved counters, to change them: allocated on first use. */
    EndpointExtras more() {
        if (extras == null) {
            extras = new EndpointExtras();
        }
        return extras;
    }

    /** The rarely moved counters, to read them only: the shared defaults while none moved. */
    EndpointExtras seen() {
        return extras != null ? extras : EndpointExtras.NONE;
    }

    boolean has(int bit) {
        return (bits & bit) != 0;
    }

    void set(int bit) {
        bits |= bit;
    }

    ZeekEndpointState zeek() {
        return ZEEK_STATES[zeekNow];
    }

    ZeekEndpointState zeekPrev() {
        return ZEEK_STATES[zeekBefore];
    }

    /** Sets both states at once (a role decided afresh, not a transition). */
    void setZeekStates(ZeekEndpointState before, ZeekEndpointState now) {
        zeekBefore = (byte) before.ordinal();
        zeekNow = (byte) now.ordinal();
    }

    void setZeek(ZeekEndpointState next) {
        zeekBefore = zeekNow;
        zeekNow = (byte) next.ordinal();
    }

    public boolean isOriginator() {
        return has(ORIGINATOR);
    }

    void setOriginator(boolean originator) {
        bits = originator ? bits | ORIGINATOR : bits & ~ORIGINATOR;
    }

    public ZeekEndpointState zeekState() {
        return zeek();
    }

    /** Starts the sequence line at {@code first}, which maps to its unsigned 32-bit value. */
    void lineStart(int first) {
        lineHighest = Integer.toUnsignedLong(first);
        set(LINE_STARTED);
    }

    /** The 64-bit position of {@code seq}; moves the high-water mark forward when it is newer. */
    long lineUnwrap(int seq) {
        if (!has(LINE_STARTED)) {
            lineStart(seq);
            return lineHighest;
        }
        long value = SeqUnwrapper.position(lineHighest, seq);
        lineHighest = Math.max(lineHighest, value);
        return value;
    }

    /** The 64-bit position of {@code seq} without moving the high-water mark. */
    long linePeek(int seq) {
        return has(LINE_STARTED) ? SeqUnwrapper.position(lineHighest, seq) : Integer.toUnsignedLong(seq);
    }

    /** Restarts the data line (see {@link ContentGaps#reset}). */
    void resetData(long end) {
        dataHigh = end;
        if (extras != null) {
            extras.gaps = null;
        }
    }

    /** Notes payload [from, to) (see {@link ContentGaps#dataSeen}). */
    void dataSeen(long from, long to) {
        ContentGaps gaps = seen().gaps;
        if (gaps != null) {
            gaps.dataSeen(from, to);
        } else if (from <= dataHigh) {
            dataHigh = Math.max(dataHigh, to);
        } else {
            gaps = new ContentGaps();
            gaps.reset(dataHigh);
            gaps.dataSeen(from, to);
            more().gaps = gaps;
        }
    }

    /** The bytes below {@code ack} never seen (see {@link ContentGaps#acknowledgedTo}). */
    long acknowledgedTo(long ack) {
        ContentGaps gaps = seen().gaps;
        if (gaps != null) {
            return gaps.acknowledgedTo(ack);
        }
        if (ack <= dataHigh) {
            return 0;
        }
        long missing = ack - dataHigh;
        dataHigh = ack;
        return missing;
    }

    /** The holes the last {@link #acknowledgedTo} crossed, given what it returned. */
    int holes(long missing) {
        ContentGaps gaps = seen().gaps;
        return gaps != null ? gaps.holes() : missing > 0 ? 1 : 0;
    }

    /** Raw sequence number one past the highest this endpoint sent (Zeek's LastSeq). */
    int nextSeq() {
        return (int) last64;
    }

    /**
     * This endpoint's RFC 9293 state, derived from what it and its peer sent (RFC 9293 Figure 5 read by
     * an observer): SYN exchange → SYN_SENT / SYN_RECEIVED / ESTABLISHED; own FIN first → FIN_WAIT_1,
     * FIN_WAIT_2, CLOSING, TIME_WAIT; peer FIN first → CLOSE_WAIT, LAST_ACK, CLOSED.
     */
    public TcpState rfcState(EndpointTracker peer) {
        if (has(RESET) || has(TIME_WAIT_DONE)) {
            return TcpState.CLOSED;
        }
        boolean synSent = has(SYN_SENT) || has(ASSUMED_OPEN);
        boolean peerSyn = (peer.has(SYN_SENT) && !peer.has(BAD_SYN_ACK)) || peer.has(ASSUMED_OPEN);
        if (!synSent) {
            return peerSyn ? TcpState.LISTEN : TcpState.CLOSED;
        }
        if (!peerSyn) {
            return TcpState.SYN_SENT;
        }
        if (!has(SYN_ACKED) && !has(ASSUMED_OPEN)) {
            return TcpState.SYN_RECEIVED;
        }
        boolean fin = has(FIN_SENT);
        boolean peerFin = peer.has(FIN_SENT);
        if (!fin) {
            return peerFin ? TcpState.CLOSE_WAIT : TcpState.ESTABLISHED;
        }
        if (!peerFin) {
            return has(FIN_ACKED) ? TcpState.FIN_WAIT_2 : TcpState.FIN_WAIT_1;
        }
        if (has(ACTIVE_CLOSE)) {
            return has(FIN_ACKED) ? TcpState.TIME_WAIT : TcpState.CLOSING;
        }
        return has(FIN_ACKED) ? TcpState.CLOSED : TcpState.LAST_ACK;
    }

    /** Zeek's endpoint size: payload bytes in sequence space, without the SYN and FIN octets. */
    long zeekSize(EndpointTracker peer) {
        if (zeekPrev() == ZeekEndpointState.SYN_SENT && zeek() == ZeekEndpointState.RESET
                && peer.zeek() == ZeekEndpointState.INACTIVE && ack64 != start64 + 1) {
            // Zeek: a half-open connection discovered and aborted; its sizes cannot be trusted.
            return 0;
        }
        if (!has(SEQ_KNOWN)) {
            return 0;
        }
        long size = Math.max(last64, ack64) - start64;
        if (size > 0) {
            size--;
        }
        if (finCount > 0 && size > 0) {
            size--;
        }
        return Math.max(size, 0);
    }

    /** Effective window of a raw value: scaled only when both sides offered window scaling (RFC 7323 §2.2). */
    long effectiveWindow(int rawWindow, boolean syn, EndpointTracker peer) {
        if (syn || windowScale < 0 || peer.windowScale < 0) {
            return rawWindow;
        }
        return (long) rawWindow << Math.min(windowScale, 14);
    }

    /** The receive window this endpoint last advertised, effective; 65535 when none was seen yet. */
    long advertisedWindow() {
        return lastWindow < 0 ? 65535 : lastWindow;
    }

    /** True when {@code ack} acknowledges this endpoint's FIN (covers FIN seq + 1). */
    boolean ackCoversFin(int ack) {
        return has(FIN_SENT) && SeqNum.after(ack, finSeq);
    }
}
