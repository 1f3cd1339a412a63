package io.synfin.job.state;

import static io.synfin.core.segment.TcpFlags.ACK;
import static io.synfin.core.segment.TcpFlags.PSH;
import static io.synfin.core.segment.TcpFlags.SYN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.synfin.core.TrackerConfig;
import io.synfin.core.flow.Addresses;
import io.synfin.core.segment.Segment;
import io.synfin.core.segment.SegmentOptions;
import io.synfin.core.state.FlowTracker;
import io.synfin.core.state.Step;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Random;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Keyed state bytes: lossless for the tracker, compact for a typical open connection, versioned. */
class TrackerStateSerializerTest {

    private static final long T0 = 1_700_000_000_000_000L;
    private static final byte[] CLIENT = Addresses.parse("10.0.0.5");
    private static final byte[] SERVER = Addresses.parse("10.0.0.9");
    /**
     * {@link #established()} in format 1, as the first version of this serializer wrote it. If a change to
     * what a tracker snapshot holds changes these bytes, the format byte must change with it.
     */
    private static final String FORMAT_1_ESTABLISHED =
            "0100060a24181e4000a1e5b5f8081100000000040a0000059c400a00000901bb000c43744268376f4533497172340100"
            + "040000055368414464e880a0020da1b501020181328032020381c0f4a46b0000000000380892c0272008fcff010088f0"
            + "ffff3f80a81f8aa3dfff7f08fafffdff7f8a4b0204008080feff7f07800000000000000002000800080008000812aa52"
            + "000000a81fda881f0400a05b380188cbfeff7f0000000000000000000000000000000000380098c027200080f0ffff3f"
            + "00f4b40180a81fca80e3ff3f08faefffff3fcab802beb802040080f0ffff3f0780000000000000000200080008000800"
            + "080ab2bd02000000a81fda881f0400a05b388132c8a8828040000000000000000000000000000000000008f4b401817d"
            + "08f4b40188f0ffff3f08817da81f080038000001806400000000000000000000000008b4d7fdff3fa1b50108b4d7fdff"
            + "3ff4b40108a1b501a81f0800380000018064000000000000000000000000";

    private static Segment segment(long ts, boolean fromClient, int flags, int seq, int ack, int payload) {
        SegmentOptions options = (flags & SYN) != 0
                ? new SegmentOptions(40, 1460, 7, true, new int[0], 123456789L, 0, new int[0])
                : SegmentOptions.NONE;
        return new Segment(ts, 0, fromClient ? CLIENT : SERVER, fromClient ? SERVER : CLIENT, fromClient ? 40000 : 443,
                fromClient ? 443 : 40000, seq, ack, flags, 501, payload, 40 + payload, 64, options, false);
    }

    /** An established connection that has moved data both ways, with 32-bit sequence numbers near the wrap. */
    private static FlowTracker established() {
        FlowTracker tracker = new FlowTracker(TrackerConfig.DEFAULTS);
        int c = 0xFFFF_F000;
        int s = 0x7FFF_FF00;
        tracker.onSegment(segment(T0, true, SYN, c, 0, 0));
        tracker.onSegment(segment(T0 + 800, false, SYN | ACK, s, c + 1, 0));
        tracker.onSegment(segment(T0 + 1_600, true, ACK, c + 1, s + 1, 0));
        tracker.onSegment(segment(T0 + 2_000, true, PSH | ACK, c + 1, s + 1, 1200));
        tracker.onSegment(segment(T0 + 2_900, false, PSH | ACK, s + 1, c + 1201, 5000));
        return tracker;
    }

    private static byte[] bytes(TrackerState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        TrackerStateSerializer.INSTANCE.serialize(state, out);
        return out.getCopyOfBuffer();
    }

    private static TrackerState read(byte[] bytes) throws IOException {
        return TrackerStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes));
    }

    @Test
    void anOpenConnectionRoundTripsToTheSameSnapshotAndDeadline() throws IOException {
        FlowTracker tracker = established();
        TrackerState state = new TrackerState(tracker.snapshot(), tracker.nextDeadline());
        TrackerState back = read(bytes(state));
        assertThat(back).usingRecursiveComparison().isEqualTo(state);
    }

    @Test
    void aRestoredTrackerBehavesAsTheOriginal() throws IOException {
        FlowTracker original = established();
        FlowTracker restored = FlowTracker.restore(read(bytes(new TrackerState(original.snapshot(), 0))).snapshot(),
                TrackerConfig.DEFAULTS);
        Step a = original.onTimer(T0 + 10L * 60 * 1_000_000);
        Step b = restored.onTimer(T0 + 10L * 60 * 1_000_000);
        assertThat(b.events()).usingRecursiveComparison().isEqualTo(a.events());
    }

    @Test
    void aCopyCarriesOnWithTheLiveTrackerWhileTheOriginalKeepsWhatItHeld() throws IOException {
        FlowTracker tracker = established();
        TrackerState original = TrackerState.live(tracker, 5);
        byte[] written = bytes(original);

        TrackerState copy = TrackerStateSerializer.INSTANCE.copy(original);

        assertThat(bytes(copy)).isEqualTo(written);
        // the heap backend's job goes on with the copy (no restore) while a checkpoint writes the original
        assertThat(copy.tracker(TrackerConfig.DEFAULTS)).isSameAs(tracker);
        copy.tracker(TrackerConfig.DEFAULTS)
                .onSegment(segment(T0 + 5_000, true, ACK, 0xFFFF_F000 + 1201, 0x7FFF_FF00 + 5001, 0));
        copy.arm(9);
        assertThat(bytes(original)).isEqualTo(written);
        assertThat(bytes(copy)).isNotEqualTo(written);
        // and the original, used again, is a tracker of its own
        FlowTracker restored = original.tracker(TrackerConfig.DEFAULTS);
        assertThat(restored).isNotSameAs(tracker);
        byte[] copyBytes = bytes(copy);
        restored.onSegment(segment(T0 + 6_000, false, PSH | ACK, 0x7FFF_FF00 + 5001, 0xFFFF_F000 + 1201, 700));
        assertThat(bytes(copy)).isEqualTo(copyBytes);
        assertThat(bytes(original)).isNotEqualTo(written);
    }

    @Test
    void anOpenConnectionTakesFewerThan512Bytes() throws IOException {
        FlowTracker tracker = established();
        int size = bytes(new TrackerState(tracker.snapshot(), tracker.nextDeadline())).length;
        assertThat(size).isLessThanOrEqualTo(512);
    }

    @Test
    void theNoDeadlineSentinelAndExtremeLongsSurvive() throws IOException {
        FlowTracker tracker = established();
        long[] extremes = {Step.NO_DEADLINE, Long.MIN_VALUE, -1, 0, T0, -T0};
        for (long armed : extremes) {
            assertThat(read(bytes(new TrackerState(tracker.snapshot(), armed))).armedMicros()).isEqualTo(armed);
        }
    }

    @Test
    void packedLongsAreLosslessForRandomValues() throws IOException {
        Random random = new Random(42);
        long[] values = new long[2000];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (i % 4) {
                case 0 -> random.nextLong();
                case 1 -> T0 + random.nextInt(1_000_000);
                case 2 -> random.nextInt(100) - 50;
                default -> i % 8 == 3 ? Long.MAX_VALUE : Long.MIN_VALUE + random.nextInt(10);
            };
        }
        DataOutputSerializer out = new DataOutputSerializer(64);
        PackedLongs packed = new PackedLongs(T0);
        packed.writeArray(values);
        packed.flushTo(out);
        assertThat(new PackedLongs(T0).readArray(new DataInputDeserializer(out.getCopyOfBuffer()))).containsExactly(values);
    }

    @Test
    void format1BytesStayAsTheyWereWritten() throws IOException {
        FlowTracker tracker = established();
        byte[] bytes = bytes(new TrackerState(tracker.snapshot(), tracker.nextDeadline()));
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(FORMAT_1_ESTABLISHED);
        assertThat(read(bytes)).usingRecursiveComparison()
                .isEqualTo(new TrackerState(tracker.snapshot(), tracker.nextDeadline()));
    }

    @Test
    void anUnknownFormatIsACorruptStateErrorNotAWrongTracker() throws IOException {
        FlowTracker tracker = established();
        byte[] bytes = bytes(new TrackerState(tracker.snapshot(), 0));
        bytes[0] = 9;
        assertThatThrownBy(() -> read(bytes)).isInstanceOf(IOException.class).hasMessageContaining("format 9");
    }
}
