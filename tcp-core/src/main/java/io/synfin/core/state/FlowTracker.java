package io.synfin.core.state;

import io.synfin.core.TrackerConfig;
import io.synfin.core.anomaly.AnomalyType;
import io.synfin.core.flow.FlowKey;
import io.synfin.core.segment.Segment;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything SynFin keeps for one flow key: the current connection of the 4-tuple, if any. It is the
 * unit the Flink job keeps per key: one pending deadline ({@link #nextDeadline()}), one timer callback
 * that handles all that is due, and a snapshot. It handles 4-tuple reuse: the old connection's record
 * is emitted first, then the new connection starts with a new uid (SPEC §4).
 */
public final class FlowTracker {

    private final TrackerConfig config;
    private ConnectionTracker current;
    private final boolean stateEvents;

    public FlowTracker(TrackerConfig config) {
        this(config, true);
    }

    /** With {@code stateEvents} false, no step carries {@link TrackerEvent.StateChanged} events. */
    FlowTracker(TrackerConfig config, boolean stateEvents) {
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
        return onSegment(s, null);
    }

    /** As {@link #onSegment(Segment)}, with the segment's key when the caller has it already. */
    Step onSegment(Segment s, FlowKey knownKey) {
        if (current == null) {
            current = start(knownKey != null ? knownKey : FlowKey.of(s), s);
            return settle(current.onSegment(s));
        }
        if (!current.startsNewConnection(s)) {
            return settle(current.onSegment(s));
        }
        boolean timeWait = current.inTimeWait();
        String oldUid = current.uid();
        List<TrackerEvent> events = new ArrayList<>(current.endForReuse(s.tsMicros()).events());
        current = start(current.key(), s);
        if (timeWait) {
            current.report(AnomalyType.PORT_REUSE_IN_TIME_WAIT, s.tsMicros(), null, s,
                    String.format("new SYN while connection %s is in TIME_WAIT", oldUid));
        }
        // A report made before onSegment (port reuse) is part of the new connection's first step.
        Step step = current.onSegment(s);
        events.addAll(step.events());
        return settle(new Step(events, step.nextDeadline(), step.finished()));
    }

    /** Handles everything due at {@code nowMicros}. */
    public Step onTimer(long nowMicros) {
        if (current == null) {
            return new Step(List.of(), Step.NO_DEADLINE, true);
        }
        return settle(current.onTimer(nowMicros));
    }

    /** Ends the current connection at end of input. */
    public Step finish(long nowMicros) {
        if (current == null) {
            return new Step(List.of(), Step.NO_DEADLINE, true);
        }
        return settle(current.finish(nowMicros));
    }

    public long nextDeadline() {
        return current == null ? Step.NO_DEADLINE : current.nextDeadline();
    }

    /** True when nothing is kept for this key. */
    public boolean isEmpty() {
        return current == null;
    }

    /** The current connection, or null. */
    public ConnectionTracker current() {
        return current;
    }

    private Step settle(Step step) {
        if (current != null && current.ended()) {
            current = null;
        }
        return step;
    }

    /** The state as a plain value; null when nothing is kept. */
    public ConnectionSnapshot snapshot() {
        return current == null ? null : current.snapshot();
    }

    public static FlowTracker restore(ConnectionSnapshot snapshot, TrackerConfig config) {
        FlowTracker tracker = new FlowTracker(config);
        if (snapshot != null) {
            tracker.current = ConnectionTracker.restore(snapshot, config);
        }
        return tracker;
    }
}
