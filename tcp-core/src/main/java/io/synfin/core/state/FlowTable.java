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

    private final TrackerConfig config;
    private final Sink sink;
    private final Map<FlowKey, FlowTracker> flows = new HashMap<>();
    // Lazy deletion: an entry is acted on only if it still equals its flow's next deadline.
    private final PriorityQueue<Due> deadlines = new PriorityQueue<>();
    private final Map<FlowKey, Long> armed = new HashMap<>();
    private long now = Long.MIN_VALUE;

    public FlowTable(TrackerConfig config, Sink sink) {
        this.config = config;
        this.sink = sink;
    }

    /** Fires what is due up to the segment's time, then applies the segment. */
    public void onSegment(Segment s) {
        advanceTo(s.tsMicros());
        FlowKey key = FlowKey.of(s);
        FlowTracker flow = flows.get(key);
        if (flow == null) {
            flow = new FlowTracker(config);
            flows.put(key, flow);
        }
        apply(key, flow, flow.onSegment(s));
    }

    /** Fires every deadline at or before {@code tsMicros}; time never goes back. */
    public void advanceTo(long tsMicros) {
        now = Math.max(now, tsMicros);
        while (!deadlines.isEmpty() && deadlines.peek().at() <= now) {
            Due due = deadlines.poll();
            Long current = armed.get(due.key());
            if (current == null || current != due.at()) {
                continue;
            }
            armed.remove(due.key());
            FlowTracker flow = flows.get(due.key());
            if (flow != null) {
                apply(due.key(), flow, flow.onTimer(due.at()));
            }
        }
    }

    /**
     * End of input: every connection still tracked is flushed with record reason END_OF_INPUT.
     * Timers are not run first: what the capture did not reach did not happen.
     */
    public void finish() {
        for (Map.Entry<FlowKey, FlowTracker> e : Map.copyOf(flows).entrySet()) {
            apply(e.getKey(), e.getValue(), e.getValue().finish(now));
        }
        deadlines.clear();
        armed.clear();
    }

    private void apply(FlowKey key, FlowTracker flow, Step step) {
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
        if (flow.isEmpty()) {
            flows.remove(key);
            armed.remove(key);
            return;
        }
        long next = flow.nextDeadline();
        Long current = armed.get(key);
        if (current == null || current != next) {
            armed.put(key, next);
            deadlines.add(new Due(next, key));
        }
    }

    /** Keys with state. */
    public int size() {
        return flows.size();
    }

    /** Deadline entries still queued (stale ones included until they surface). */
    public int pendingDeadlines() {
        return armed.size();
    }
}
