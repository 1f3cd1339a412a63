package io.synfin.core.state;

import io.synfin.core.TrackerConfig;
import io.synfin.core.anomaly.Anomaly;
import io.synfin.core.flow.FlowKey;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.segment.Segment;
import java.util.function.Consumer;

/**
 * The offline driver (used by {@code synfin analyze} and the benchmarks): a map of flow keys to
 * {@link FlowTracker}s and a deadline queue. Timers run on capture time: before each segment every
 * deadline at or before its timestamp fires. A key's entry goes as soon as its connection has ended.
 */
public final class FlowTable {

    /** Where records and anomalies go. */
    public interface Sink {
        void record(ConnectionSummary summary);

        void anomaly(Anomaly anomaly);

        /** RFC state changes; most sinks ignore them. */
        default void stateChanged(TrackerEvent.StateChanged change) {}
    }

    /**
     * A key's tracker, with what the table keeps for the key (the key itself, its hash, creation order,
     * the earliest deadline queued). It is the tracker rather than holding one: one object less per live
     * connection, and one memory load less per segment.
     */
    static final class Entry extends FlowTracker {
        final FlowKey key;
        final int hash;
        /** Creation order: end of input flushes in the order connections were first seen. */
        final long created;
        long queued = Step.NO_DEADLINE;
        boolean removed;

        Entry(FlowKey key, long created, TrackerConfig config, boolean stateEvents) {
            super(config, stateEvents);
            this.key = key;
            this.hash = key.tupleHash();
            this.created = created;
        }
    }

    private final TrackerConfig config;
    private final Sink sink;
    // The key is found from the segment's fields, so no key is built per segment (FlowIndex).
    private final FlowIndex flows = new FlowIndex();
    // Lazy re-arming: a key's deadline usually moves later with every segment (idle timer); only an
    // earlier deadline is queued at once. When a queued entry comes due, the tracker handles what is
    // really due (possibly nothing) and its next deadline is queued then.
    private final DeadlineHeap deadlines = new DeadlineHeap();
    private long now = Long.MIN_VALUE;
    private long created;
    private final boolean stateEvents;
    /** The trackers hand their events straight to the sink: no {@link Step} per segment. */
    private final Consumer<TrackerEvent> dispatch = this::dispatch;

    public FlowTable(TrackerConfig config, Sink sink) {
        this.config = config;
        this.sink = sink;
        this.stateEvents = overridesStateChanged(sink);
    }

    /**
     * Whether the sink's class implements {@link Sink#stateChanged} itself. When it keeps the default,
     * which ignores them, the trackers make no state-change events at all (the table's largest share of
     * allocation, and a state derived twice per segment).
     */
    static boolean overridesStateChanged(Sink sink) {
        try {
            return sink.getClass().getMethod("stateChanged", TrackerEvent.StateChanged.class).getDeclaringClass()
                    != Sink.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("Sink.stateChanged is part of the interface", e);
        }
    }

    /** Fires what is due up to the segment's time, then applies the segment. */
    public void onSegment(Segment s) {
        advanceTo(s.tsMicros());
        int hash = FlowKey.tupleHash(s);
        Entry entry = flows.get(s, hash);
        if (entry == null) {
            entry = new Entry(FlowKey.of(s), created++, config, stateEvents);
            flows.add(entry);
        }
        apply(entry, entry.onSegment(s, entry.key, dispatch));
    }

    /** Fires every deadline at or before {@code tsMicros}; time never goes back. */
    public void advanceTo(long tsMicros) {
        now = Math.max(now, tsMicros);
        while (!deadlines.isEmpty() && deadlines.peekAt() <= now) {
            long at = deadlines.peekAt();
            Entry entry = deadlines.poll();
            if (entry.removed || entry.queued != at) {
                continue;
            }
            entry.queued = Step.NO_DEADLINE;
            apply(entry, entry.onTimer(at, dispatch));
        }
    }

    /**
     * End of input: every connection still tracked is flushed with record reason END_OF_INPUT, in the
     * order the keys were first seen. Timers are not run first: what the capture did not reach did not
     * happen.
     */
    public void finish() {
        for (Entry entry : flows.inCreationOrder()) {
            entry.finish(now, dispatch);
            apply(entry, Step.NO_DEADLINE);
        }
        deadlines.clear();
    }

    /** Hands one event to the sink. */
    private void dispatch(TrackerEvent event) {
        if (event instanceof TrackerEvent.ConnectionEnded ended) {
            sink.record(ended.summary());
        } else if (event instanceof TrackerEvent.InterimRecord interim) {
            sink.record(interim.summary());
        } else if (event instanceof TrackerEvent.AnomalyFound found) {
            sink.anomaly(found.anomaly());
        } else if (event instanceof TrackerEvent.StateChanged change) {
            sink.stateChanged(change);
        }
    }

    /** After a key's input: drops the key once nothing remains, or queues an earlier deadline. */
    private void apply(Entry entry, long next) {
        if (entry.isEmpty()) {
            flows.remove(entry);
            entry.removed = true;
            return;
        }
        if (next < entry.queued) {
            entry.queued = next;
            deadlines.add(next, entry);
        }
    }

    /** Keys with state. */
    public int size() {
        return flows.size();
    }

    /** Keys with a deadline queued. */
    public int pendingDeadlines() {
        int queued = 0;
        for (Entry entry : flows.inCreationOrder()) {
            queued += entry.queued != Step.NO_DEADLINE ? 1 : 0;
        }
        return queued;
    }
}
