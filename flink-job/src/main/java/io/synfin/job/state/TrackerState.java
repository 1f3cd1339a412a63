package io.synfin.job.state;

import io.synfin.core.TrackerConfig;
import io.synfin.core.state.ConnectionSnapshot;
import io.synfin.core.state.FlowTracker;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * What the job keeps per flow key: the tracker and the one event-time deadline armed for it
 * (microseconds; its timer fires at the millisecond at or after it). The deadline is kept so the timer
 * can be moved when the tracker's next deadline comes earlier, never re-registered per segment.
 *
 * <p>The tracker is held live once used: the heap backend keeps this object between segments, so a
 * segment costs no snapshot and no restore there; state bytes (checkpoints, RocksDB) always hold the
 * snapshot, and a value read from them is restored with the function's current settings on first use.
 */
public final class TrackerState {

    public static final TypeInformation<TrackerState> TYPE = TrackerStateSerializer.TYPE;

    private ConnectionSnapshot snapshot;
    private FlowTracker live;
    private long armedMicros;

    /** A value as read from state bytes. */
    public TrackerState(ConnectionSnapshot snapshot, long armedMicros) {
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
        this.armedMicros = armedMicros;
    }

    private TrackerState(FlowTracker live, long armedMicros) {
        this.live = live;
        this.armedMicros = armedMicros;
    }

    /** A value holding {@code tracker} itself. */
    public static TrackerState live(FlowTracker tracker, long armedMicros) {
        return new TrackerState(Objects.requireNonNull(tracker, "tracker"), armedMicros);
    }

    /** The tracker, restored from the snapshot on first use. */
    public FlowTracker tracker(TrackerConfig config) {
        if (live == null) {
            live = FlowTracker.restore(snapshot, config, false);
            snapshot = null;
        }
        return live;
    }

    /**
     * The tracker's state as plain values (taken from the live tracker when there is one). Synchronized with
     * {@link #handOver}: a heap checkpoint reads this value on its own thread while the job copies it.
     */
    public synchronized ConnectionSnapshot snapshot() {
        return live != null ? live.snapshot() : snapshot;
    }

    /**
     * An independent copy of this value that carries on with the live tracker, while this value keeps a
     * snapshot of it. The heap backend copies a value the job is about to change while a checkpoint still
     * holds the original; the checkpoint only writes the original, so the job keeps its tracker without a
     * snapshot-and-restore per key after every checkpoint.
     */
    synchronized TrackerState handOver() {
        if (live == null) {
            return new TrackerState(snapshot, armedMicros);
        }
        FlowTracker tracker = live;
        snapshot = tracker.snapshot();
        live = null;
        return new TrackerState(tracker, armedMicros);
    }

    public long armedMicros() {
        return armedMicros;
    }

    public void arm(long deadlineMicros) {
        armedMicros = deadlineMicros;
    }

    /** The event-time timer (milliseconds) that covers a deadline in microseconds. */
    public static long timerMillis(long deadlineMicros) {
        return Math.floorDiv(deadlineMicros, 1000) + (Math.floorMod(deadlineMicros, 1000) == 0 ? 0 : 1);
    }
}
