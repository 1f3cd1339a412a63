package io.synfin.core.state;

import io.synfin.core.TrackerConfig;
import io.synfin.core.anomaly.Anomaly;
import io.synfin.core.flow.FlowKey;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.segment.Segment;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

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

    private record Due(long at, FlowKey key) implements Comparable<Due> {
        @Override
        public int compareTo(Due other) {
            return Long.compare(at, other.at);
        }
    }

    /** A key's tracker and the earliest deadline queued for it. */
    private static final class Entry {
        final FlowTracker flow;
        long queued = Step.NO_DEADLINE;

        Entry(FlowTracker flow) {
            this.flow = flow;
        }
    }

    private final TrackerConfig config;
    private final Sink sink;
    private final Map<FlowKey, Entry> flows = new HashMap<>();
    // Lazy re-arming: a key's deadline usually moves later with every segment (idle timer); only an
    // earlier deadline is queued at once. When a queued entry comes due, the tracker handles what is
    // really due (possibly nothing) and its next deadline is queued then.
    private final PriorityQueue<Due> deadlines = new PriorityQueue<>();
    private long now = Long.MIN_VALUE;

    public FlowTable(TrackerConfig config, Sink sink) {
        this.config = config;
        this.sink = sink;
    }

    /** Fires what is due up to the segment's time, then applies the segment. */
    public void onSegment(Segment s) {
        advanceTo(s.tsMicros());
        FlowKey key = FlowKey.of(s);
        Entry entry = flows.get(key);
        if (entry == null) {
            entry = new Entry(new FlowTracker(config));
            flows.put(key, entry);
        }
        apply(key, entry, entry.flow.onSegment(s));
    }

    /** Fires every deadline at or before {@code tsMicros}; time never goes back. */
    public void advanceTo(long tsMicros) {
        now = Math.max(now, tsMicros);
        while (!deadlines.isEmpty() && deadlines.peek().at() <= now) {
            Due due = deadlines.poll();
            Entry entry = flows.get(due.key());
            if (entry == null || entry.queued != due.at()) {
                continue;
            }
            entry.queued = Step.NO_DEADLINE;
            apply(due.key(), entry, entry.flow.onTimer(due.at()));
        }
    }

    /**
     * End of input: every connection still tracked is flushed with record reason END_OF_INPUT.
     * Timers are not run first: what the capture did not reach did not happen.
     */
    public void finish() {
        for (Map.Entry<FlowKey, Entry> e : Map.copyOf(flows).entrySet()) {
            apply(e.getKey(), e.getValue(), e.getValue().flow.finish(now));
        }
        deadlines.clear();
    }

    private void apply(FlowKey key, Entry entry, Step step) {
        for (TrackerEvent event : step.events()) {
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
        if (entry.flow.isEmpty()) {
            flows.remove(key);
            return;
        }
        long next = step.nextDeadline();
        if (next < entry.queued) {
            entry.queued = next;
            deadlines.add(new Due(next, key));
        }
    }

    /** Keys with state. */
    public int size() {
        return flows.size();
    }

    /** Keys with a deadline queued. */
    public int pendingDeadlines() {
        int queued = 0;
        for (Entry entry : flows.values()) {
            queued += entry.queued != Step.NO_DEADLINE ? 1 : 0;
        }
        return queued;
    }
}
