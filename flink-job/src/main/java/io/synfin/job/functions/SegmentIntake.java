package io.synfin.job.functions;

import io.synfin.core.segment.Segment;
import io.synfin.job.io.DeadLetter;
import io.synfin.job.io.Ingest;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Right after the source: segments go on to the tracker, dead letters to their side output (counted by
 * reason). It also keeps the latest capture time it has passed on and, when the input ends (the final
 * watermark), sends it ahead of that watermark: the tracker needs the end of the whole input to tell
 * the timers {@code synfin analyze} would still have run from the connections it flushes.
 */
public final class SegmentIntake extends AbstractStreamOperator<Segment> implements OneInputStreamOperator<Ingest, Segment> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", DeadLetter.TYPE);
    /** The latest capture time (µs) one intake saw, sent once at the end of input. */
    public static final OutputTag<Long> END_OF_INPUT = new OutputTag<>("end-of-input", Types.LONG);

    private transient ListState<Long> latestState;
    private transient long latestMicros;
    private transient Counter deadLetters;
    private transient Map<DeadLetter.Reason, Counter> byReason;

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        // Split list state (union state cannot be checkpointed once some intakes of a bounded run have
        // finished): after a rescale an intake may get several values or none; every value still reaches one
        // intake, and the tracker takes the maximum of what all intakes send.
        latestState = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>("latest-capture-time", Types.LONG));
        latestMicros = Long.MIN_VALUE;
        for (Long value : latestState.get()) {
            latestMicros = Math.max(latestMicros, value);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        deadLetters = getMetricGroup().counter("deadLetters");
        byReason = new EnumMap<>(DeadLetter.Reason.class);
        for (DeadLetter.Reason reason : DeadLetter.Reason.values()) {
            byReason.put(reason, getMetricGroup().addGroup("deadLetterReason", reason.name()).counter("deadLetters"));
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        latestState.update(List.of(latestMicros));
    }

    @Override
    public void processElement(StreamRecord<Ingest> element) {
        Ingest ingest = element.getValue();
        Segment segment = ingest.segment();
        if (segment != null) {
            latestMicros = Math.max(latestMicros, segment.tsMicros());
            output.collect(element.replace(segment));
            return;
        }
        DeadLetter letter = ingest.deadLetter();
        deadLetters.inc();
        byReason.get(DeadLetter.Reason.valueOf(letter.reason())).inc();
        output.collect(DEAD_LETTERS, element.replace(letter));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() == Long.MAX_VALUE && latestMicros != Long.MIN_VALUE) {
            output.collect(END_OF_INPUT, new StreamRecord<>(latestMicros));
        }
        super.processWatermark(mark);
    }
}
