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
import java.util.List;
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
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The tracker of one flow key in Flink: it loads the key's snapshot, hands the segment or the due timer to
 * the core {@link FlowTracker}, sends the step's connection records out and its anomalies to a side
 * output, and keeps one event-time timer at the tracker's next deadline. All decisions are the core's.
 *
 * <p>It runs the tracker as {@code synfin analyze} does ({@code FlowTable}): before a segment, every
 * deadline of its key at or before the segment's time fires (the watermark may not have reached it yet);
 * and when the input ends (the final watermark), each connection runs the timers due by the end of the
 * whole input — the latest capture time, sent by the intakes on the broadcast side — and is then flushed
 * with record reason END_OF_INPUT, never timed out by a deadline the capture did not reach.
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

    public ConnectionTrackerFunction(TrackerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public void open(OpenContext context) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("tracker", TrackerState.TYPE));
        metrics = new TrackerMetrics(getRuntimeContext().getMetricGroup(), () -> open);
        events = new ArrayList<>();
        collect = events::add;
    }

    @Override
    public void processElement(Segment segment, ReadOnlyContext ctx, Collector<ConnectionRecord> out) throws Exception {
        metrics.segmentIn(ctx.timestamp() != null && ctx.timestamp() <= ctx.currentWatermark());
        TrackerState saved = state.value();
        // No RFC state-change events: nothing the job publishes is made from them.
        FlowTracker tracker = saved == null ? new FlowTracker(config, false) : saved.tracker(config);
        if (tracker.nextDeadline() <= segment.tsMicros()) {
            tracker.onTimer(segment.tsMicros(), collect);
            emit(null, ctx, out);
        }
        tracker.onSegment(segment, collect);
        emit(segment, ctx, out);
        save(tracker, saved, saved == null ? Step.NO_DEADLINE : saved.armedMicros(), ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ConnectionRecord> out) throws Exception {
        TrackerState saved = state.value();
        if (saved == null || TrackerState.timerMillis(saved.armedMicros()) != timestamp) {
            return;
        }
        FlowTracker tracker = saved.tracker(config);
        if (ctx.currentWatermark() == Long.MAX_VALUE) {
            long end = endOfInput(ctx.getBroadcastState(END_OF_INPUT));
            tracker.onTimer(end, collect);
            emit(null, ctx, out);
            tracker.finish(end, collect);
            emit(null, ctx, out);
        } else {
            tracker.onTimer(saved.armedMicros(), collect);
            emit(null, ctx, out);
        }
        // the timer that just fired is gone: nothing is armed any more
        save(tracker, saved, Step.NO_DEADLINE, ctx.timerService());
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
     * Keeps the tracker, or clears the key when nothing remains. The timer moves only when the next
     * deadline comes earlier than the armed one; a later deadline leaves the armed timer, which then fires
     * early, finds nothing due and arms the real one (as FlowTable re-arms lazily).
     */
    private void save(FlowTracker tracker, TrackerState saved, long armed, TimerService timers) throws Exception {
        if (tracker.isEmpty()) {
            if (armed != Step.NO_DEADLINE) {
                timers.deleteEventTimeTimer(TrackerState.timerMillis(armed));
            }
            state.clear();
            open -= saved != null ? 1 : 0;
            return;
        }
        long next = tracker.nextDeadline();
        if (next < armed) {
            long nextMillis = TrackerState.timerMillis(next);
            if (armed == Step.NO_DEADLINE) {
                timers.registerEventTimeTimer(nextMillis);
            } else if (TrackerState.timerMillis(armed) != nextMillis) {
                timers.deleteEventTimeTimer(TrackerState.timerMillis(armed));
                timers.registerEventTimeTimer(nextMillis);
            }
            armed = next;
        }
        if (saved == null) {
            state.update(TrackerState.live(tracker, armed));
            open++;
        } else {
            saved.arm(armed);
            // the heap backend already holds this object; RocksDB writes its snapshot
            state.update(saved);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
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
