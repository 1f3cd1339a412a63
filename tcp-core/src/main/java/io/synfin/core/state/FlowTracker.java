package io.synfin.core.state;

import io.synfin.core.TrackerConfig;
import io.synfin.core.anomaly.AnomalyType;
import io.synfin.core.flow.FlowKey;
import io.synfin.core.segment.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Everything SynFin keeps for one flow key: the current connection of the 4-tuple, if any. It is the
 * unit the Flink job keeps per key: one pending deadline ({@link #nextDeadline()}), one timer callback
 * that handles all that is due, and a snapshot. It handles 4-tuple reuse: the old connection's record
 * is emitted first, then the new connection starts with a new uid (SPEC §4).
 */
public sealed class FlowTracker permits FlowTable.Entry {

    private final TrackerConfig config;
    private ConnectionTracker current;
    private final boolean stateEvents;

    public FlowTracker(TrackerConfig config) {
        this(config, true);
    }

    /**
     * With {@code stateEvents} false, no {@link TrackerEvent.StateChanged} events are made (about eight per
     * connection, each with an RFC state derived twice per segment); for callers that ignore them.
     */
    public FlowTracker(TrackerConfig config, boolean stateEvents) {
        this.config = config;
        this.stateEvents = stateEvents;
    }

    private ConnectionTracker start(FlowKey key, Segment first) {
        ConnectionTracker connection = new ConnectionTracker(config, key, first);
        connection.stateEvents = stateEvents;
        return connection;
    }

    /** Applies a segment of this key, starting or replacing the connection as needed. */
    public Step onSegment(Segment s) {
        return onSegment(s, (FlowKey) null);
    }

    /** As {@link #onSegment(Segment)}, with the segment's key when the caller has it already. */
    Step onSegment(Segment s, FlowKey knownKey) {
        if (current != null && current.startsNewConnection(s)) {
            List<TrackerEvent> events = new ArrayList<>(replace(s));
            Step step = settle();
            events.addAll(step.events());
            return new Step(events, step.nextDeadline(), step.finished());
        }
        applyToCurrent(s, knownKey);
        return settle();
    }

    /**
     * As {@link #onSegment(Segment)}, handing each event to {@code events} in order instead of making a
     * {@link Step}: nothing is allocated for a segment that causes no event.
     *
     * @return the next deadline to arm, {@link Step#NO_DEADLINE} when none ({@link #isEmpty()} then tells
     *     whether the key holds nothing)
     */
    public long onSegment(Segment s, Consumer<? super TrackerEvent> events) {
        return onSegment(s, null, events);
    }

    /** As {@link #onSegment(Segment, Consumer)}, with the segment's key when the caller has it already. */
    long onSegment(Segment s, FlowKey knownKey, Consumer<? super TrackerEvent> events) {
        if (current != null && current.startsNewConnection(s)) {
            deliver(replace(s), events);
        } else {
            applyToCurrent(s, knownKey);
        }
        return settle(events);
    }

    private void applyToCurrent(Segment s, FlowKey knownKey) {
        if (current == null) {
            current = start(knownKey != null ? knownKey : FlowKey.of(s), s);
        }
        current.apply(s);
    }

    /**
     * 4-tuple reuse: ends the current connection, starts the next one with {@code s} and applies it.
     * Returns the old connection's events; the new one's wait in it.
     */
    private List<TrackerEvent> replace(Segment s) {
        boolean timeWait = current.inTimeWait();
        String oldUid = current.uid();
        current.endForReuse(s.tsMicros());
        List<TrackerEvent> old = current.takeEvents();
        current = start(current.key(), s);
        if (timeWait) {
            // A report made before the segment is applied (port reuse) comes first among the new one's events.
            current.report(AnomalyType.PORT_REUSE_IN_TIME_WAIT, s.tsMicros(), null, s,
                    String.format("new SYN while connection %s is in TIME_WAIT", oldUid));
        }
        current.apply(s);
        return old;
    }

    /** Handles everything due at {@code nowMicros}. */
    public Step onTimer(long nowMicros) {
        if (current == null) {
            return new Step(List.of(), Step.NO_DEADLINE, true);
        }
        current.fireDue(nowMicros);
        return settle();
    }

    /** As {@link #onTimer(long)}, handing the events to {@code events}; returns the next deadline. */
    public long onTimer(long nowMicros, Consumer<? super TrackerEvent> events) {
        if (current == null) {
            return Step.NO_DEADLINE;
        }
        current.fireDue(nowMicros);
        return settle(events);
    }

    /** Ends the current connection at end of input. */
    public Step finish(long nowMicros) {
        if (current == null) {
            return new Step(List.of(), Step.NO_DEADLINE, true);
        }
        current.finishAt(nowMicros);
        return settle();
    }

    /** As {@link #finish(long)}, handing the events to {@code events}. */
    public void finish(long nowMicros, Consumer<? super TrackerEvent> events) {
        if (current != null) {
            current.finishAt(nowMicros);
            settle(events);
        }
    }

    public long nextDeadline() {
        return current == null ? Step.NO_DEADLINE : current.nextDeadline();
    }

    /** True when nothing is kept for this key. */
    public boolean isEmpty() {
        return current == null;
    }

    /**
     * True when the connection has closed both ways (each endpoint CLOSED or in TIME_WAIT) and only waits
     * for its deadline: the segments that may still come (a retransmitted last ACK) are rare, so a caller
     * holding many trackers can keep this one in a compact form until then.
     */
    public boolean atRest() {
        if (current == null) {
            return false;
        }
        TcpState orig = current.originatorState();
        return (orig == TcpState.CLOSED || orig == TcpState.TIME_WAIT) && closedOrTimeWait(current.responderState());
    }

    private static boolean closedOrTimeWait(TcpState state) {
        return state == TcpState.CLOSED || state == TcpState.TIME_WAIT;
    }

    /** The current connection, or null. */
    public ConnectionTracker current() {
        return current;
    }

    /** The current connection's events as a step; forgets the connection once it has ended. */
    private Step settle() {
        List<TrackerEvent> events = current.takeEvents();
        if (current.ended()) {
            current = null;
            return new Step(events, Step.NO_DEADLINE, true);
        }
        return new Step(events, current.nextDeadline(), false);
    }

    /** Hands the current connection's events on; forgets it once it has ended; returns its next deadline. */
    private long settle(Consumer<? super TrackerEvent> sink) {
        deliver(current.takeEvents(), sink);
        if (current.ended()) {
            current = null;
            return Step.NO_DEADLINE;
        }
        return current.nextDeadline();
    }

    private static void deliver(List<TrackerEvent> events, Consumer<? super TrackerEvent> sink) {
        for (int i = 0, n = events.size(); i < n; i++) {
            sink.accept(events.get(i));
        }
    }

    /** The state as a plain value; null when nothing is kept. */
    public ConnectionSnapshot snapshot() {
        return current == null ? null : current.snapshot();
    }

    public static FlowTracker restore(ConnectionSnapshot snapshot, TrackerConfig config) {
        return restore(snapshot, config, true);
    }

    /** As {@link #restore(ConnectionSnapshot, TrackerConfig)}, for a tracker made with {@code stateEvents}. */
    public static FlowTracker restore(ConnectionSnapshot snapshot, TrackerConfig config, boolean stateEvents) {
        FlowTracker tracker = new FlowTracker(config, stateEvents);
        if (snapshot != null) {
            tracker.current = ConnectionTracker.restore(snapshot, config);
            tracker.current.stateEvents = stateEvents;
        }
        return tracker;
    }
}
