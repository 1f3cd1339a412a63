package io.synfin.job.state;

import io.synfin.core.TrackerConfig;
import io.synfin.core.state.ConnectionSnapshot;
import io.synfin.core.state.FlowTracker;
import io.synfin.job.types.FlowId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * What keyed state holds per flow key: the tracker packed into bytes ({@link TrackerStateSerializer},
 * format 2), with the one event-time deadline armed for it (microseconds; its timer fires at the
 * millisecond at or after it). The deadline is kept so the timer can be moved when the tracker's next
 * deadline comes earlier, never re-registered per segment.
 *
 * <p>An immutable value: the job works on live trackers of recently active keys and packs one into state
 * when it comes to rest, when it is pushed out of the live set, and before every checkpoint
 * ({@code LiveTrackers}). Packed, an open connection costs its bytes and not a live tracker's object
 * graph; the heap backend copies nothing, and RocksDB reads and writes the bytes as they are. The flow key
 * is not repeated in the bytes: it is the state's key.
 */
public final class TrackerState {

    public static final TypeInformation<TrackerState> TYPE = TrackerStateSerializer.TYPE;

    private final byte[] packed;

    TrackerState(byte[] packed) {
        this.packed = Objects.requireNonNull(packed, "packed");
    }

    /** Packs {@code tracker} (not empty) with its armed deadline. */
    public static TrackerState pack(FlowTracker tracker, long armedMicros) {
        return of(tracker.snapshot(), armedMicros);
    }

    /** Packs a snapshot with its armed deadline. */
    public static TrackerState of(ConnectionSnapshot snapshot, long armedMicros) {
        Objects.requireNonNull(snapshot, "snapshot");
        try {
            return new TrackerState(TrackerStateSerializer.writeBody(snapshot, armedMicros));
        } catch (IOException e) {
            throw new UncheckedIOException("packing a tracker into memory", e);
        }
    }

    /** The deadline armed for the tracker; {@code Step.NO_DEADLINE} when none. */
    public long armedMicros() {
        return TrackerStateSerializer.armedOf(packed);
    }

    /** The tracker of {@code key}, as it was packed, with the caller's settings and no state events. */
    public FlowTracker unpack(TrackerConfig config, FlowId key) {
        return FlowTracker.restore(snapshot(key), config, false);
    }

    /** The packed tracker as plain values. */
    public ConnectionSnapshot snapshot(FlowId key) {
        try {
            return TrackerStateSerializer.readBody(packed, key.toBytes());
        } catch (IOException e) {
            throw new IllegalStateException(String.format("tracker state of %s is corrupt: %s", key, e.getMessage()), e);
        }
    }

    /** Bytes of the packed tracker (without the format byte and length that state bytes add). */
    public int packedSize() {
        return packed.length;
    }

    byte[] packed() {
        return packed;
    }

    /** The event-time timer (milliseconds) that covers a deadline in microseconds. */
    public static long timerMillis(long deadlineMicros) {
        return Math.floorDiv(deadlineMicros, 1000) + (Math.floorMod(deadlineMicros, 1000) == 0 ? 0 : 1);
    }
}
