package io.synfin.job.functions;

import io.synfin.core.TrackerConfig;
import io.synfin.core.segment.Segment;
import io.synfin.core.state.FlowTracker;
import io.synfin.core.state.Step;
import io.synfin.core.state.TrackerEvent;
import io.synfin.job.state.TrackerState;
import io.synfin.job.types.FlowId;
import io.synfin.schema.ConnectionRecord;
import io.synfin.schema.TcpAnomaly;
import io.synfin.schema.mapping.StepRecords;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.operators.KeyContext;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The tracker of one flow key in Flink: it takes the key's tracker, hands the segment or the due timer to
 * the core {@link FlowTracker}, sends the step's connection records out and its anomalies to a side
 * output, and keeps one event-time timer at the tracker's next deadline. All decisions are the core's.
 *
 * <p>It runs the tracker as {@code synfin analyze} does ({@code FlowTable}): before a segment, every
 * deadline of its key at or before the segment's time fires (the watermark may not have reached it yet);
 * and when the input ends (the final watermark), each connection runs the timers due by the end of the
 * whole input — the latest capture time, sent by the intakes on the broadcast side — and is then flushed
 * with record reason END_OF_INPUT, never timed out by a deadline the capture did not reach.
 *
 * <p>Live trackers: the trackers of active keys stay live objects here (at most {@code liveTrackers}
 * per instance), so a segment of an active connection costs no unpacking and no packing, with either
 * state backend. Keyed state holds every other tracker packed ({@link TrackerState}): a connection is
 * packed when it comes to rest (closed both ways, waiting for its deadline), when it has been idle for
 * {@link #IDLE_MICROS} of event time, when it is the least recently active one beyond the bound, and,
 * still live, before every checkpoint, which so holds every open connection. Run by a plain keyed-broadcast operator rather than {@link TrackerOperator},
 * nothing stays live and every call packs its tracker.
 */
public final class ConnectionTrackerFunction
        extends KeyedBroadcastProcessFunction<FlowId, Segment, Long, ConnectionRecord>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<TcpAnomaly> ANOMALIES = new OutputTag<>("anomalies", new AvroTypeInfo<>(TcpAnomaly.class));
    /** Broadcast state: the end of input (µs), the maximum over every intake. */
    public static final MapStateDescriptor<String, Long> END_OF_INPUT =
            new MapStateDescriptor<>("end-of-input", Types.STRING, Types.LONG);
    private static final String END_KEY = "end";

    // shipped with the function to the task managers (TrackerConfig is a serializable record)
    private final TrackerConfig config;
    private transient ValueState<TrackerState> state;
    private transient ListState<Long> openState;
    private transient TrackerMetrics metrics;
    /** What one tracker call reported, gathered by {@link #collect} and emptied by {@code emit}. */
    private transient List<TrackerEvent> events;
    private transient Consumer<TrackerEvent> collect;
    private transient long open;
    /** Most live trackers kept; the rest are packed in keyed state. */
    private final int liveTrackers;
    /** Switches the key for write-backs; null (nothing kept live) unless run by {@link TrackerOperator}. */
    private transient KeyContext keys;
    /** Live trackers by key, least recently active first. */
    private transient LinkedHashMap<FlowId, Live> live;
    /** The latest segment time this instance has seen. */
    private transient long nowMicros;
    /** No live tracker can have been idle long enough before this time (the head's last segment + idle). */
    private transient long nextIdleCheck;

    public ConnectionTrackerFunction(TrackerConfig config) {
        this(config, DEFAULT_LIVE_TRACKERS);
    }

    public ConnectionTrackerFunction(TrackerConfig config, int liveTrackers) {
        this.config = Objects.requireNonNull(config, "config");
        if (liveTrackers < 0) {
            throw new IllegalArgumentException(String.format("liveTrackers must not be negative: %d", liveTrackers));
        }
        this.liveTrackers = liveTrackers;
    }

    /** The default bound of live trackers per instance: at most about 32 MB of heap. */
    public static final int DEFAULT_LIVE_TRACKERS = 32_768;

    /**
     * A live tracker without a segment for this long (event time, µs) is packed: it is idle, and a live
     * tracker costs some 700 bytes more than a packed one. An active connection's segments come closer
     * together, so it stays live.
     */
    public static final long IDLE_MICROS = 2_000_000;

    /** The tracker of one key while it is being worked on or kept live. */
    private static final class Live {
        final FlowTracker tracker;
        long armed;
        /** Event time of its last segment. */
        long lastMicros;
        /** Keyed state holds an entry for the key (possibly older than this tracker). */
        boolean stored;
        /** Changed since it was last packed into keyed state. */
        boolean dirty;
        /** In the live set. */
        boolean kept;

        Live(FlowTracker tracker, long armed, boolean stored) {
            this.tracker = tracker;
            this.armed = armed;
            this.stored = stored;
        }
    }

    /** Called by {@link TrackerOperator} once open: from now on, active trackers stay live. */
    void attach(KeyContext operator) {
        this.keys = operator;
    }

    @Override
    public void open(OpenContext context) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("tracker", TrackerState.TYPE));
        metrics = new TrackerMetrics(getRuntimeContext().getMetricGroup(), () -> open);
        events = new ArrayList<>();
        collect = events::add;
        live = new LinkedHashMap<>(16, 0.75f, true);
    }

    @Override
    public void processElement(Segment segment, ReadOnlyContext ctx, Collector<ConnectionRecord> out) throws Exception {
        metrics.segmentIn(ctx.timestamp() != null && ctx.timestamp() <= ctx.currentWatermark());
        FlowId key = ctx.getCurrentKey();
        Live entry = live.get(key);
        if (entry == null) {
            TrackerState saved = state.value();
            // No RFC state-change events: nothing the job publishes is made from them.
            entry = saved == null
                    ? new Live(new FlowTracker(config, false), Step.NO_DEADLINE, false)
                    : new Live(saved.unpack(config, key), saved.armedMicros(), true);
        }
        FlowTracker tracker = entry.tracker;
        if (tracker.nextDeadline() <= segment.tsMicros()) {
            tracker.onTimer(segment.tsMicros(), collect);
            emit(null, ctx, out);
        }
        tracker.onSegment(segment, collect);
        emit(segment, ctx, out);
        entry.lastMicros = segment.tsMicros();
        save(key, entry, entry.armed, ctx.timerService());
        nowMicros = Math.max(nowMicros, segment.tsMicros());
        packIdle(key, ctx.timerService());
    }

    /**
     * Packs the live trackers that have been idle for {@link #IDLE_MICROS}: they are the least recently
     * active, at the head of the live set, and each is packed once, so this costs nothing per segment.
     */
    private void packIdle(FlowId current, TimerService timers) throws Exception {
        if (nowMicros < nextIdleCheck) {
            return;
        }
        while (!live.isEmpty()) {
            Live eldest = live.values().iterator().next();
            if (eldest.lastMicros > nowMicros - IDLE_MICROS) {
                nextIdleCheck = eldest.lastMicros + IDLE_MICROS;
                return;
            }
            packLeastRecent(current, timers);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ConnectionRecord> out) throws Exception {
        FlowId key = ctx.getCurrentKey();
        Live entry = live.get(key);
        if (entry == null) {
            TrackerState saved = state.value();
            if (saved == null || TrackerState.timerMillis(saved.armedMicros()) != timestamp) {
                return;
            }
            entry = new Live(saved.unpack(config, key), saved.armedMicros(), true);
        } else if (TrackerState.timerMillis(entry.armed) != timestamp) {
            return;
        }
        FlowTracker tracker = entry.tracker;
        if (ctx.currentWatermark() == Long.MAX_VALUE) {
            long end = endOfInput(ctx.getBroadcastState(END_OF_INPUT));
            tracker.onTimer(end, collect);
            emit(null, ctx, out);
            tracker.finish(end, collect);
            emit(null, ctx, out);
        } else {
            tracker.onTimer(entry.armed, collect);
            emit(null, ctx, out);
        }
        // the timer that just fired is gone: nothing is armed any more
        save(key, entry, Step.NO_DEADLINE, ctx.timerService());
    }

    /** The end of the input, or {@code Long.MIN_VALUE} (no timer is then due) when no intake sent one. */
    private static long endOfInput(ReadOnlyBroadcastState<String, Long> ends) throws Exception {
        Long end = ends.get(END_KEY);
        return end == null ? Long.MIN_VALUE : end;
    }

    @Override
    public void processBroadcastElement(Long endMicros, Context ctx, Collector<ConnectionRecord> out) throws Exception {
        Long known = ctx.getBroadcastState(END_OF_INPUT).get(END_KEY);
        ctx.getBroadcastState(END_OF_INPUT).put(END_KEY, known == null ? endMicros : Math.max(known, endMicros));
    }

    /**
     * Sends out what the last tracker call put in {@link #events} ({@code cause} its segment, or null for
     * a timer or the end of input) and empties it. Most calls add nothing, and then nothing is made.
     */
    private void emit(Segment cause, ReadOnlyContext ctx, Collector<ConnectionRecord> out) {
        if (events.isEmpty()) {
            return;
        }
        StepRecords records = StepRecords.of(events, cause);
        events.clear();
        for (ConnectionRecord record : records.records()) {
            out.collect(record);
            metrics.recordOut();
        }
        for (TcpAnomaly anomaly : records.anomalies()) {
            ctx.output(ANOMALIES, anomaly);
            metrics.anomaly(anomaly.getType());
        }
    }

    /**
     * Keeps the tracker (live, or packed into keyed state), or clears the key when nothing remains. The
     * timer moves when the next deadline comes earlier than the armed one, and when the tracker is packed
     * at rest; otherwise a later deadline leaves the armed timer, which then fires early, finds nothing due
     * and arms the real one (as FlowTable re-arms lazily).
     */
    private void save(FlowId key, Live entry, long armed, TimerService timers) throws Exception {
        FlowTracker tracker = entry.tracker;
        if (tracker.isEmpty()) {
            if (armed != Step.NO_DEADLINE) {
                timers.deleteEventTimeTimer(TrackerState.timerMillis(armed));
            }
            if (entry.stored) {
                state.clear();
            }
            if (entry.kept) {
                live.remove(key);
            }
            // an open connection is one stored or kept: counted when it first was
            open -= entry.stored || entry.kept ? 1 : 0;
            return;
        }
        long next = tracker.nextDeadline();
        boolean atRest = tracker.atRest();
        // packed at rest until its deadline: an early timer would unpack and pack it again for nothing
        entry.armed = next < armed || atRest ? armExactly(armed, next, timers) : armed;
        if (!entry.stored && !entry.kept) {
            open++;
        }
        if (keys == null || liveTrackers == 0 || atRest) {
            packInto(entry);
            if (entry.kept) {
                live.remove(key);
                entry.kept = false;
            }
            return;
        }
        entry.dirty = true;
        if (!entry.kept) {
            entry.kept = true;
            live.put(key, entry);
            if (live.size() > liveTrackers) {
                packLeastRecent(key, timers);
            }
        }
    }

    /** Packs the least recently active live tracker into its key's state and lets it go. */
    private void packLeastRecent(FlowId current, TimerService timers) throws Exception {
        Iterator<Map.Entry<FlowId, Live>> it = live.entrySet().iterator();
        Map.Entry<FlowId, Live> eldest = it.next();
        it.remove();
        Live entry = eldest.getValue();
        entry.kept = false;
        keys.setCurrentKey(eldest.getKey());
        try {
            // the timer service works on the current key
            long armed = entry.armed;
            entry.armed = armExactly(armed, entry.tracker.nextDeadline(), timers);
            if (entry.dirty || entry.armed != armed) {
                packInto(entry);
            }
        } finally {
            keys.setCurrentKey(current);
        }
    }

    /**
     * Moves the armed timer to the tracker's next deadline: always when that deadline is earlier, and for a
     * tracker about to be packed also when it is later (a live tracker's timer may fire early, it only
     * re-arms; a packed one's should not).
     *
     * @return the deadline armed now
     */
    private static long armExactly(long armed, long next, TimerService timers) {
        if (next == Step.NO_DEADLINE || armed == next) {
            return armed;
        }
        long nextMillis = TrackerState.timerMillis(next);
        if (armed != Step.NO_DEADLINE) {
            if (TrackerState.timerMillis(armed) == nextMillis) {
                return next;
            }
            timers.deleteEventTimeTimer(TrackerState.timerMillis(armed));
        }
        timers.registerEventTimeTimer(nextMillis);
        return next;
    }

    private void packInto(Live entry) throws Exception {
        state.update(TrackerState.pack(entry.tracker, entry.armed));
        entry.stored = true;
        entry.dirty = false;
    }

    /**
     * Packs every changed live tracker into its key's state (they stay live). Runs before the keyed state
     * is snapshotted, so a checkpoint holds every open connection as it is now.
     */
    private void packLive() throws Exception {
        if (keys == null || live.isEmpty()) {
            return;
        }
        Object current = keys.getCurrentKey();
        try {
            for (Map.Entry<FlowId, Live> e : live.entrySet()) {
                if (e.getValue().dirty) {
                    keys.setCurrentKey(e.getKey());
                    packInto(e.getValue());
                }
            }
        } finally {
            if (current != null) {
                keys.setCurrentKey(current);
            }
        }
    }

    /** Live trackers kept now (tests). */
    int liveCount() {
        return live.size();
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        packLive();
        openState.update(List.of(open));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        // Split list state: without a rescale each instance gets its own count back; after one the counts
        // are spread over the instances and only their sum is exact.
        openState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("open-connections", Types.LONG));
        open = 0;
        for (Long count : openState.get()) {
            open += count;
        }
    }
}
