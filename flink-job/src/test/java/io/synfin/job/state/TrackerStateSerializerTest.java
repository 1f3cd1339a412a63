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
import io.synfin.job.types.FlowId;
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
    /**
     * The same connection in format 2 (no key, the uid as its 64-bit digest, runs of zeros and the "no time"
     * sentinel in one byte each). If a change to what a tracker snapshot holds changes these bytes, the
     * format byte must change with it.
     */
    private static final String FORMAT_2_ESTABLISHED =
            "02850200060a24181e4000a1e5b5f80838b4ac645a6fe8750100040000055368414464e880a0020da1b501020181328032020381"
            + "c0f4a46b1f380892c0272008fcff010088f0ffff3f80a81f8aa3dfff7f08fafffdff7f8a4b0204008080feff7f0f0f0008000800"
            + "08000812aa5217a81fda881f0400a05b380188cbfeff7f4f380098c027200080f0ffff3f00f4b40180a81fca80e3ff3f08faefff"
            + "ff3fcab802beb802040080f0ffff3f0f0f00080008000800080ab2bd0217a81fda881f0400a05b388132c8a88280404f08f4b401"
            + "817d08f4b40188f0ffff3f08817da81f080038130180643b08b4d7fdff3fa1b50108b4d7fdff3ff4b40108a1b501a81f08003813"
            + "0180643b";

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

    private static final FlowId KEY = FlowId.of(segment(T0, true, SYN, 0, 0, 0));

    private static TrackerState packed(FlowTracker tracker, long armed) {
        return TrackerState.pack(tracker, armed);
    }

    @Test
    void anOpenConnectionRoundTripsToTheSameSnapshotAndDeadline() throws IOException {
        FlowTracker tracker = established();
        TrackerState back = read(bytes(packed(tracker, tracker.nextDeadline())));
        assertThat(back.snapshot(KEY)).usingRecursiveComparison().isEqualTo(tracker.snapshot());
        assertThat(back.armedMicros()).isEqualTo(tracker.nextDeadline());
    }

    @Test
    void aRestoredTrackerBehavesAsTheOriginal() throws IOException {
        FlowTracker original = established();
        FlowTracker restored = read(bytes(packed(original, 0))).unpack(TrackerConfig.DEFAULTS, KEY);
        Step a = original.onTimer(T0 + 10L * 60 * 1_000_000);
        Step b = restored.onTimer(T0 + 10L * 60 * 1_000_000);
        assertThat(b.events()).usingRecursiveComparison().isEqualTo(a.events());
    }

    @Test
    void aValueKeepsWhatWasPackedWhileItsTrackerGoesOn() throws IOException {
        FlowTracker tracker = established();
        TrackerState state = packed(tracker, 5);
        byte[] written = bytes(state);
        // the backends may share the value between the job and a running checkpoint: it never changes
        assertThat(TrackerStateSerializer.INSTANCE.isImmutableType()).isTrue();
        assertThat(TrackerStateSerializer.INSTANCE.copy(state)).isSameAs(state);
        tracker.onSegment(segment(T0 + 5_000, true, ACK, 0xFFFF_F000 + 1201, 0x7FFF_FF00 + 5001, 0));
        assertThat(bytes(state)).isEqualTo(written);
        assertThat(bytes(packed(tracker, 5))).isNotEqualTo(written);
        // and each unpacking is a tracker of its own
        assertThat(state.unpack(TrackerConfig.DEFAULTS, KEY)).isNotSameAs(state.unpack(TrackerConfig.DEFAULTS, KEY));
    }

    @Test
    void anOpenConnectionTakesFewerThan272Bytes() throws IOException {
        FlowTracker tracker = established();
        int size = bytes(packed(tracker, tracker.nextDeadline())).length;
        System.out.printf("state bytes of an established connection: %d%n", size);
        assertThat(size).isLessThanOrEqualTo(272);
    }

    @Test
    void theNoDeadlineSentinelAndExtremeLongsSurvive() throws IOException {
        FlowTracker tracker = established();
        long[] extremes = {Step.NO_DEADLINE, Long.MIN_VALUE, -1, 0, T0, -T0};
        for (long armed : extremes) {
            assertThat(read(bytes(packed(tracker, armed))).armedMicros()).isEqualTo(armed);
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
        PackedLongs packed = PackedLongs.writer(T0);
        packed.writeArray(values);
        byte[] bytes = packed.toArray();
        assertThat(PackedLongs.reader(T0, bytes, 0).readArray()).containsExactly(values);
        // format 1 is read from a DataInputView: the same values the same way
        assertThat(PackedLongs.reader(T0, new DataInputDeserializer(bytes)).readArray()).containsExactly(values);
    }

    @Test
    void runsOfZerosOfEveryLengthSurviveBetweenArraysAndOtherFields() throws IOException {
        Random random = new Random(7);
        PackedLongs packed = PackedLongs.writer(T0);
        java.util.List<long[]> arrays = new java.util.ArrayList<>();
        java.util.List<Integer> runs = new java.util.ArrayList<>();
        for (int run = 0; run < 300; run++) {
            long[] values = new long[random.nextInt(12)];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextInt(3) == 0 ? random.nextLong() : 0;
            }
            arrays.add(values);
            packed.writeArray(values);
            int zeros = random.nextInt(40);
            runs.add(zeros);
            for (int z = 0; z < zeros; z++) {
                packed.write(0);
            }
            packed.write(run);
            if (run % 7 == 0) {
                // other fields between values, as the tracker's strings are
                packed.writeRawByte(0x5A);
                packed.writeString(run % 2 == 0 ? "ShADadFf" : "flip \u00e9\u4e2d");
                packed.writeRawLong(-run);
            }
        }
        byte[] bytes = packed.toArray();
        PackedLongs back = PackedLongs.reader(T0, bytes, 0);
        for (int run = 0; run < 300; run++) {
            assertThat(back.readArray()).containsExactly(arrays.get(run));
            for (int z = 0; z < runs.get(run); z++) {
                assertThat(back.read()).isZero();
            }
            assertThat(back.read()).isEqualTo(run);
            if (run % 7 == 0) {
                assertThat(back.readRawByte()).isEqualTo(0x5A);
                assertThat(back.readString()).isEqualTo(run % 2 == 0 ? "ShADadFf" : "flip \u00e9\u4e2d");
                assertThat(back.readRawLong()).isEqualTo(-run);
            }
        }
        assertThat(back.remaining()).isZero();
        // the strings are DataOutput's modified UTF-8: a DataInputView reader (format 1) reads them too
        PackedLongs viaView = PackedLongs.reader(T0, new DataInputDeserializer(bytes));
        assertThat(viaView.readArray()).containsExactly(arrays.get(0));
    }

    @Test
    void format1BytesWrittenByAnEarlierSynFinAreStillRead() throws IOException {
        FlowTracker tracker = established();
        TrackerState state = read(HexFormat.of().parseHex(FORMAT_1_ESTABLISHED));
        assertThat(state.snapshot(KEY)).usingRecursiveComparison().isEqualTo(tracker.snapshot());
        assertThat(state.armedMicros()).isEqualTo(tracker.nextDeadline());
        // written again, they are format 2
        assertThat(bytes(state)).isEqualTo(bytes(packed(tracker, tracker.nextDeadline())));
    }

    @Test
    void format2BytesStayAsTheyWereWritten() throws IOException {
        FlowTracker tracker = established();
        byte[] bytes = bytes(packed(tracker, tracker.nextDeadline()));
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(FORMAT_2_ESTABLISHED);
    }

    @Test
    void anUnknownFormatIsACorruptStateErrorNotAWrongTracker() throws IOException {
        byte[] bytes = bytes(packed(established(), 0));
        bytes[0] = 9;
        assertThatThrownBy(() -> read(bytes)).isInstanceOf(IOException.class).hasMessageContaining("format 9");
    }

    @Test
    void anImpossibleLengthIsACorruptStateError() {
        byte[] bytes = {2, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F};
        assertThatThrownBy(() -> read(bytes)).isInstanceOf(IOException.class).hasMessageContaining("tracker state of");
    }

    @Test
    void aTruncatedValueIsAnError() throws IOException {
        byte[] bytes = bytes(packed(established(), 0));
        assertThatThrownBy(() -> read(java.util.Arrays.copyOf(bytes, bytes.length - 3))).isInstanceOf(IOException.class);
    }
}
