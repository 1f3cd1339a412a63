package io.synfin.core.state;

import io.synfin.core.TrackerConfig;
import io.synfin.core.analysis.SegmentAnalyzer;
import io.synfin.core.anomaly.Anomaly;
import io.synfin.core.anomaly.AnomalyType;
import io.synfin.core.flow.ConnectionUid;
import io.synfin.core.flow.FlowKey;
import io.synfin.core.net.ServicePorts;
import io.synfin.core.record.CloseKind;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.record.History;
import io.synfin.core.record.RecordReason;
import io.synfin.core.record.ZeekEndpointState;
import io.synfin.core.segment.Segment;
import io.synfin.core.segment.TcpFlags;
import io.synfin.core.seq.SeqNum;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One connection: both endpoints, and what belongs to the pair (uid, originator, history, timers). It
 * never reads a clock and never throws on odd traffic: each input returns a {@link Step} with events
 * and the one next deadline, and {@link #onTimer(long)} is called when that deadline is due.
 */
public final class ConnectionTracker {

    private static final TimerKind[] TIMER_KINDS = TimerKind.values();
    private static final CloseKind[] CLOSE_KINDS = CloseKind.values();

    final TrackerConfig config;
    final FlowKey key;
    /** The uid's 64-bit digest; its text is made when asked for, so a live connection holds no string. */
    private final long uidDigest;
    EndpointTracker orig;
    EndpointTracker resp;
    /** The originator is the key's lower endpoint. */
    boolean origIsLow;
    final History history = new History();
    boolean guessed;
    /** Role flips: a handful at most (each rule flips once), so a short. */
    short flips;
    String flipReason;
    final long startMicros;
    long lastMicros;
    long durationEndMicros;
    long lastSynMicros = -1;
    long synAckMicros = -1;
    long synRttMicros = -1;
    long ackRttMicros = -1;
    long closeAt = Step.NO_DEADLINE;
    private long interimAt = Step.NO_DEADLINE;
    /** The decided close kind's ordinal, -1 while undecided: a byte rather than a reference. */
    private byte closeKindOrdinal = -1;
    int anomalyCount;
    private long reportedOnce;
    /** Totals of the last interim record (for its deltas); null until one was made, as all zero. */
    long[] previousTotals;
    private boolean ended;
    private boolean firstSeen;
    private List<TrackerEvent> out;
    /**
     * Whether {@link TrackerEvent.StateChanged} events are made. Off only for a {@link FlowTable} whose
     * sink ignores them: about eight per connection, each with a state derived twice per segment.
     */
    boolean stateEvents = true;

    /** Starts a connection with its first segment (not yet applied: call {@link #onSegment}). */
    public ConnectionTracker(TrackerConfig config, FlowKey key, Segment first) {
        this.config = config;
        this.key = key;
        this.startMicros = first.tsMicros();
        this.lastMicros = first.tsMicros();
        this.durationEndMicros = first.tsMicros();
        this.uidDigest = ConnectionUid.digest(key, first.seq(), first.tsMicros());
        boolean plainSyn = first.has(TcpFlags.SYN) && !first.has(TcpFlags.ACK);
        boolean senderIsLow = key.sentByLow(first);
        // SPEC §4: the sender of a plain SYN is the originator; otherwise Zeek's port rule decides.
        boolean flip = !plainSyn
                && ServicePorts.flipMidStream(first.srcPort(), first.dstPort(), first.has(TcpFlags.SYN));
        this.origIsLow = flip != senderIsLow;
        this.orig = new EndpointTracker(true);
        this.resp = new EndpointTracker(false);
        if (!plainSyn) {
            guessed = true;
            if (flip) {
                flips = 1;
                flipReason = String.format("port %d is a likely server port", first.srcPort());
                history.flip();
            }
        }
        if (config.interimIntervalMicros() > 0) {
            interimAt = startMicros + config.interimIntervalMicros();
        }
    }

    private ConnectionTracker(TrackerConfig config, ConnectionSnapshot s) {
        this.config = config;
        this.key = FlowKey.fromBytes(s.key());
        this.uidDigest = ConnectionUid.parse(s.uid());
        this.startMicros = s.startMicros();
        this.orig = EndpointSnapshots.restore(s.orig(), s.origAnalysis());
        this.resp = EndpointSnapshots.restore(s.resp(), s.respAnalysis());
        long[] t = s.times();
        lastMicros = t[0];
        durationEndMicros = t[1];
        lastSynMicros = t[2];
        synAckMicros = t[3];
        synRttMicros = t[4];
        ackRttMicros = t[5];
        closeAt = t[6];
        interimAt = t[7];
        reportedOnce = t[8];
        if (t[9] != 0 || t[10] != 0 || t[11] != 0 || t[12] != 0) {
            previousTotals = Arrays.copyOfRange(t, 9, 13);
        }
        origIsLow = s.origIsLow();
        firstSeen = true;
        guessed = s.guessed();
        flips = (short) s.flips();
        flipReason = s.flipReason();
        closeKindOrdinal = (byte) s.closeKind();
        anomalyCount = s.anomalyCount();
        history.restore(s.history(), s.historySeen());
    }

    public static ConnectionTracker restore(ConnectionSnapshot snapshot, TrackerConfig config) {
        return new ConnectionTracker(config, snapshot);
    }

    public ConnectionSnapshot snapshot() {
        long[] totals = previousTotals == null ? new long[4] : previousTotals;
        long[] times = {lastMicros, durationEndMicros, lastSynMicros, synAckMicros, synRttMicros, ackRttMicros,
            closeAt, interimAt, reportedOnce, totals[0], totals[1], totals[2], totals[3]};
        return new ConnectionSnapshot(key.toBytes(), uid(), startMicros, origIsLow, guessed, flips, flipReason,
                closeKindOrdinal, anomalyCount, history.text(), history.seenMask(),
                times, EndpointSnapshots.snapshot(orig), EndpointSnapshots.snapshot(resp), orig.analysis.snapshot(),
                resp.analysis.snapshot());
    }

    public String uid() {
        return ConnectionUid.text(uidDigest);
    }

    public FlowKey key() {
        return key;
    }

    public boolean ended() {
        return ended;
    }

    /** The RFC state of the endpoint with this address and port. */
    public TcpState stateOf(byte[] addr, int port) {
        boolean low = port == key.lowPort() && Arrays.equals(addr, key.lowAddr());
        return low == origIsLow ? originatorState() : responderState();
    }

    public TcpState originatorState() {
        return orig.rfcState(resp);
    }

    public TcpState responderState() {
        return resp.rfcState(orig);
    }

    /** Applies one segment of this connection. */
    public Step onSegment(Segment s) {
        apply(s);
        return step();
    }

    /** Applies one segment; its events wait in {@link #takeEvents()}. */
    void apply(Segment s) {
        long t = s.tsMicros();
        boolean fromOrig = key.sentByLow(s) == origIsLow;
        EndpointTracker x = fromOrig ? orig : resp;
        EndpointTracker y = fromOrig ? resp : orig;
        if (!firstSeen) {
            firstSeen = true;
            firstSegment(s, x, y);
        }
        lastMicros = Math.max(lastMicros, t);
        SegmentFacts.checkHeader(this, s, x);
        if (s.checksumBad()) {
            // Zeek: a segment with a bad checksum leaves 'C' and is not used, not even in the counters.
            ZeekView.checksumError(history, x);
            return;
        }
        if (orig.zeek() == ZeekEndpointState.SYN_ACK_SENT && resp.zeek() == ZeekEndpointState.INACTIVE
                && segmentsSeen() == 1 && ZeekView.answersSynAck(s)) {
            flipAfterSynAck();
        }
        x.packets++;
        x.wireBytes += s.ipTotalLen();
        TcpState xBefore = stateEvents ? x.rfcState(y) : null;
        TcpState yBefore = stateEvents ? y.rfcState(x) : null;
        SegmentFacts.checkFlags(this, s, x);
        SegmentAnalyzer.analyze(s, x.analysis, y.analysis);
        RfcView.apply(this, x, y, s);
        ZeekView.apply(this, x, y, s);
        SegmentFacts.trackOptionsAndWindow(s, x, y);
        SegmentFacts.settleWindowScale(x, y);
        if (config.retransmissionThreshold() > 0 && x.rxmitCount == config.retransmissionThreshold()) {
            report(AnomalyType.EXCESSIVE_RETRANSMISSIONS, t, x, s,
                    String.format("%d retransmitted payload segments", x.rxmitCount));
        }
        if (stateEvents) {
            stateChanges(x, xBefore, y, yBefore, t);
        }
    }

    private void firstSegment(Segment s, EndpointTracker x, EndpointTracker y) {
        boolean syn = s.has(TcpFlags.SYN);
        if (syn && s.has(TcpFlags.ACK)) {
            // The SYN this SYN-ACK answers was not seen: assume it, ISN = ack − 1.
            y.set(EndpointTracker.SYN_SENT);
            y.set(EndpointTracker.SYN_ACKED);
            y.isn = s.ack() - 1;
            report(AnomalyType.STALE_SYN, s.tsMicros(), x, s, "SYN-ACK without a SYN (capture start or stale SYN-ACK)");
        } else if (!syn) {
            x.set(EndpointTracker.ASSUMED_OPEN);
            y.set(EndpointTracker.ASSUMED_OPEN);
        }
        SegmentFacts.checkAddresses(this, s, x);
    }

    /** The sender's state change, then the receiver's; both share one uid text (made per event otherwise). */
    private void stateChanges(EndpointTracker x, TcpState xBefore, EndpointTracker y, TcpState yBefore, long t) {
        TcpState xAfter = x.rfcState(y);
        TcpState yAfter = y.rfcState(x);
        if (xAfter == xBefore && yAfter == yBefore) {
            return;
        }
        String id = uid();
        if (xAfter != xBefore) {
            emit(new TrackerEvent.StateChanged(id, x.isOriginator(), xBefore, xAfter, t));
        }
        if (yAfter != yBefore) {
            emit(new TrackerEvent.StateChanged(id, y.isOriginator(), yBefore, yAfter, t));
        }
    }

    void flipRoles(String reason) {
        swapEndpoints(reason);
        history.flip();
    }

    /**
     * Zeek's second-packet flip: a connection that began with a SYN-ACK (and that the port rule left
     * as it was) is flipped when its second segment, from either side, carries an ACK or data and no
     * RST. A stealth scan's SYN-ACK draws a RST or nothing, so such a follow-up shows that the
     * SYN-ACK's sender is the server. Only the second segment decides (one with a bad checksum takes
     * that place too, as in Zeek, where the connection sees it before the checksum is checked). The
     * roles read as if they had been set at the first segment: the history gets its '^' in front and
     * the letters already recorded change case, and the SYN-ACK's sender is an established responder,
     * as a responder's SYN-ACK makes it.
     */
    private void flipAfterSynAck() {
        EndpointTracker server = orig;
        swapEndpoints("its SYN-ACK was followed by an ACK or data, so the SYN-ACK's sender is the server");
        history.flipFromStart();
        server.setZeekStates(ZeekEndpointState.INACTIVE, ZeekEndpointState.ESTABLISHED);
    }

    /** Segments applied so far, bad checksums included. */
    private long segmentsSeen() {
        return orig.packets + resp.packets + orig.seen().checksumCount + resp.seen().checksumCount;
    }

    private void swapEndpoints(String reason) {
        EndpointTracker was = orig;
        orig = resp;
        resp = was;
        orig.setOriginator(true);
        resp.setOriginator(false);
        origIsLow = !origIsLow;
        flips++;
        flipReason = reason;
    }

    void report(AnomalyType type, long t, EndpointTracker from, Segment s, String detail) {
        long bit = 1L << type.ordinal();
        if (type.oncePerConnection() && (reportedOnce & bit) != 0) {
            return;
        }
        reportedOnce |= bit;
        anomalyCount++;
        emit(new TrackerEvent.AnomalyFound(new Anomaly(t, key, uid(), type, type.defaultSeverity(), detail,
                from == null || from.isOriginator(), s == null ? 0 : s.flags(), s == null ? 0 : s.seq(),
                s == null ? 0 : s.ack())));
    }

    private void emitStateChange(boolean originator, TcpState from, long at) {
        if (stateEvents) {
            emit(new TrackerEvent.StateChanged(uid(), originator, from, TcpState.CLOSED, at));
        }
    }

    private void emit(TrackerEvent event) {
        if (out == null) {
            out = new ArrayList<>(4);
        }
        out.add(event);
    }

    private Step step() {
        List<TrackerEvent> events = takeEvents();
        return new Step(events, ended ? Step.NO_DEADLINE : nextDeadline(), ended);
    }

    /** The events made since the last call, in order (an empty list when none); the tracker keeps none. */
    List<TrackerEvent> takeEvents() {
        List<TrackerEvent> events = out == null ? List.of() : out;
        out = null;
        return events;
    }

    /** The earliest pending deadline, or {@link Step#NO_DEADLINE} once the connection has ended. */
    public long nextDeadline() {
        if (ended) {
            return Step.NO_DEADLINE;
        }
        if (closeAt != Step.NO_DEADLINE) {
            return closeAt;
        }
        // The minimum of deadline(kind) over every kind, written out: this runs after every segment, so
        // each endpoint's RFC state is derived once here, not once per timer kind.
        TcpState o = originatorState();
        TcpState r = responderState();
        long next = Math.min(deadline(TimerKind.HANDSHAKE), halfOpenDeadline(o, r));
        if (o == TcpState.FIN_WAIT_2 || r == TcpState.FIN_WAIT_2) {
            next = Math.min(next, lastMicros + config.finWait2TimeoutMicros());
        }
        next = Math.min(next, lastMicros + config.idleTimeoutMicros());
        return Math.min(next, interimAt);
    }

    long deadline(TimerKind kind) {
        if (closeAt != Step.NO_DEADLINE) {
            return kind == TimerKind.CLOSE ? closeAt : Step.NO_DEADLINE;
        }
        return switch (kind) {
            case HANDSHAKE -> (orig.zeek() == ZeekEndpointState.SYN_SENT || orig.zeek() == ZeekEndpointState.SYN_ACK_SENT)
                            && resp.zeek() == ZeekEndpointState.INACTIVE && orig.synTime >= 0
                    ? (config.extendAttemptOnRetransmit() ? lastSynMicros : orig.synTime) + config.handshakeTimeoutMicros()
                    : Step.NO_DEADLINE;
            case HALF_OPEN -> halfOpenDeadline(originatorState(), responderState());
            case FIN_WAIT_2 -> originatorState() == TcpState.FIN_WAIT_2 || responderState() == TcpState.FIN_WAIT_2
                    ? lastMicros + config.finWait2TimeoutMicros()
                    : Step.NO_DEADLINE;
            case IDLE -> lastMicros + config.idleTimeoutMicros();
            case CLOSE -> Step.NO_DEADLINE;
            case INTERIM -> interimAt;
        };
    }

    private long halfOpenDeadline(TcpState o, TcpState r) {
        if (r == TcpState.SYN_RECEIVED && resp.synTime >= 0) {
            return resp.synTime + config.halfOpenTimeoutMicros();
        }
        if (o == TcpState.SYN_RECEIVED && orig.synTime >= 0) {
            return orig.synTime + config.halfOpenTimeoutMicros();
        }
        return Step.NO_DEADLINE;
    }

    /** Handles every timer due at {@code nowMicros}, earliest first. */
    public Step onTimer(long nowMicros) {
        fireDue(nowMicros);
        return step();
    }

    /** As {@link #onTimer}; the events wait in {@link #takeEvents()}. */
    void fireDue(long nowMicros) {
        while (!ended) {
            TimerKind due = null;
            long at = Step.NO_DEADLINE;
            for (TimerKind kind : TIMER_KINDS) {
                long d = deadline(kind);
                if (d <= nowMicros && d < at) {
                    due = kind;
                    at = d;
                }
            }
            if (due == null) {
                break;
            }
            fire(due, at);
        }
    }

    private void fire(TimerKind kind, long at) {
        switch (kind) {
            case CLOSE -> end(RecordReason.CLOSED, decidedCloseKind(), at);
            case HANDSHAKE -> {
                report(AnomalyType.HANDSHAKE_TIMEOUT, at, orig, null, String.format(
                        "SYN unanswered for %d ms", config.handshakeTimeoutMicros() / 1000));
                end(RecordReason.TIMEOUT, CloseKind.HANDSHAKE_TIMEOUT, at);
            }
            case HALF_OPEN -> {
                report(AnomalyType.HALF_OPEN, at, resp, null, "SYN-ACK sent, final ACK never seen");
                end(RecordReason.TIMEOUT, CloseKind.HALF_OPEN_TIMEOUT, at);
            }
            case FIN_WAIT_2 -> {
                report(AnomalyType.FIN_WAIT_2_TIMEOUT, at, orig.has(EndpointTracker.CLOSED_FIRST) ? orig : resp, null,
                        String.format("half-closed and silent for %d s", config.finWait2TimeoutMicros() / 1_000_000));
                end(RecordReason.TIMEOUT, CloseKind.HALF_CLOSED_TIMEOUT, at);
            }
            case IDLE -> {
                CloseKind kind2 = decidedCloseKind();
                if (kind2 == null) {
                    boolean halfClosed = orig.has(EndpointTracker.FIN_SENT) || resp.has(EndpointTracker.FIN_SENT);
                    kind2 = halfClosed ? CloseKind.HALF_CLOSED_TIMEOUT : CloseKind.IDLE_TIMEOUT;
                }
                end(RecordReason.TIMEOUT, kind2, at);
            }
            case INTERIM -> {
                emit(new TrackerEvent.InterimRecord(summary(RecordReason.INTERIM, CloseKind.STILL_OPEN)));
                interimAt = at + config.interimIntervalMicros();
            }
        }
    }

    /** Ends the connection at end of input: record reason END_OF_INPUT. */
    public Step finish(long nowMicros) {
        finishAt(nowMicros);
        return step();
    }

    /** As {@link #finish}; the events wait in {@link #takeEvents()}. */
    void finishAt(long nowMicros) {
        if (!ended) {
            CloseKind kind = closeAt != Step.NO_DEADLINE ? decidedCloseKind() : null;
            end(RecordReason.END_OF_INPUT, kind == null ? CloseKind.STILL_OPEN : kind, nowMicros);
        }
    }

    /** Ends the connection because its 4-tuple starts a new one (SPEC §4): the old record goes first. */
    void endForReuse(long nowMicros) {
        if (!ended) {
            CloseKind kind = decidedCloseKind();
            RecordReason reason = closeAt != Step.NO_DEADLINE ? RecordReason.CLOSED : RecordReason.TIMEOUT;
            if (kind == null) {
                kind = orig.synTime >= 0 && resp.zeek() == ZeekEndpointState.INACTIVE
                        ? CloseKind.HANDSHAKE_TIMEOUT : CloseKind.STILL_OPEN;
            }
            end(reason, kind, nowMicros);
        }
    }

    /** An accepted RST decided how the connection ends. */
    void closeKind(CloseKind kind) {
        closeKindOrdinal = (byte) kind.ordinal();
    }

    /** Whether an accepted RST decided how the connection ends. */
    boolean closeKindDecided() {
        return closeKindOrdinal >= 0;
    }

    CloseKind decidedCloseKind() {
        if (closeKindOrdinal >= 0) {
            return CLOSE_KINDS[closeKindOrdinal];
        }
        if (orig.has(EndpointTracker.FIN_SENT) && resp.has(EndpointTracker.FIN_SENT)) {
            if (orig.has(EndpointTracker.ACTIVE_CLOSE) && resp.has(EndpointTracker.ACTIVE_CLOSE)) {
                return CloseKind.SIMULTANEOUS;
            }
            EndpointTracker active = orig.has(EndpointTracker.ACTIVE_CLOSE) ? orig : resp;
            return active.has(EndpointTracker.FIN_ACKED_BY_FIN) ? CloseKind.FIN_ACK_COMBINED : CloseKind.FOUR_WAY;
        }
        return null;
    }

    private void end(RecordReason reason, CloseKind kind, long at) {
        if (orig.has(EndpointTracker.FIN_SENT) && resp.has(EndpointTracker.FIN_SENT) && reason == RecordReason.CLOSED) {
            // The 2MSL timer ran: the active closer(s) leave TIME_WAIT.
            TcpState o = originatorState();
            TcpState r = responderState();
            if (o == TcpState.TIME_WAIT) {
                orig.set(EndpointTracker.TIME_WAIT_DONE);
                emitStateChange(true, o, at);
            }
            if (r == TcpState.TIME_WAIT) {
                resp.set(EndpointTracker.TIME_WAIT_DONE);
                emitStateChange(false, r, at);
            }
        }
        emit(new TrackerEvent.ConnectionEnded(summary(reason, kind)));
        ended = true;
    }

    ConnectionSummary summary(RecordReason reason, CloseKind kind) {
        return Summaries.of(this, reason, kind);
    }

    /**
     * Whether {@code s} starts a new connection on this 4-tuple (SPEC §4): a SYN after the connection
     * closed, a SYN with a new ISN while the old attempt is unanswered, or a SYN whose ISN lies beyond
     * the old window (new ISNs grow with time, RFC 6528). A SYN from the silent responder of an
     * unanswered SYN is a simultaneous open instead.
     */
    public boolean startsNewConnection(Segment s) {
        if (ended) {
            return true;
        }
        if (!s.has(TcpFlags.SYN) || s.has(TcpFlags.RST) || s.has(TcpFlags.FIN) || s.checksumBad()) {
            return false;
        }
        boolean fromOrig = key.sentByLow(s) == origIsLow;
        EndpointTracker x = fromOrig ? orig : resp;
        EndpointTracker y = fromOrig ? resp : orig;
        boolean synAck = s.has(TcpFlags.ACK);
        if (synAck) {
            // Zeek: a SYN-ACK starts anew only while the originator has sent nothing valid, and only with
            // a sequence number other than the responder's known start.
            return orig.zeek() == ZeekEndpointState.INACTIVE
                    && !(resp.has(EndpointTracker.SEQ_KNOWN) && s.seq() == (int) resp.start64);
        }
        if (closeKindOrdinal >= 0) {
            // After an accepted RST the connection is gone: a retried SYN, even with the same ISN, is a new
            // attempt (each refused retry is its own REJ record, as in Zeek).
            return true;
        }
        boolean closed = closeAt != Step.NO_DEADLINE;
        if (x.has(EndpointTracker.SYN_SENT) && s.seq() == x.isn) {
            return false;
        }
        if (closed) {
            return true;
        }
        if (!x.has(EndpointTracker.SYN_SENT)) {
            if (x.has(EndpointTracker.ASSUMED_OPEN)) {
                return true;
            }
            // The responder's own SYN while the originator waits: simultaneous open (RFC 9293 §3.5).
            return false;
        }
        if (y.packets == 0) {
            // New ISN while the first attempt is unanswered: the client gave up on it (Zeek SYN_seq_jump).
            return true;
        }
        long beyond = (long) x.nextSeq() + y.advertisedWindow();
        return SeqNum.after(s.seq(), (int) beyond);
    }

    /** True when the tuple is in TIME_WAIT (or closed and lingering): reuse now is port reuse in TIME_WAIT. */
    boolean inTimeWait() {
        return !ended && closeAt != Step.NO_DEADLINE && closeKindOrdinal < 0;
    }
}
