package io.synfin.job.state;

import io.synfin.core.state.ConnectionSnapshot;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * What the job keeps per flow key: the tracker's snapshot and the one event-time deadline armed for it
 * (microseconds; its timer fires at the millisecond at or after it). The deadline is kept so the timer
 * can be moved when the tracker's next deadline comes earlier, never re-registered per segment.
 */
public record TrackerState(ConnectionSnapshot snapshot, long armedMicros) {

    public static final TypeInformation<TrackerState> TYPE = TrackerStateSerializer.TYPE;

    public TrackerState {
        Objects.requireNonNull(snapshot, "snapshot");
    }

    /** The event-time timer (milliseconds) that covers a deadline in microseconds. */
    public static long timerMillis(long deadlineMicros) {
        return Math.floorDiv(deadlineMicros, 1000) + (Math.floorMod(deadlineMicros, 1000) == 0 ? 0 : 1);
    }
}
