package io.synfin.job.state;

import io.synfin.core.analysis.DirectionAnalysis;
import io.synfin.core.analysis.DirectionCounters;
import io.synfin.core.state.ConnectionSnapshot;
import io.synfin.job.types.SimpleTypeInfo;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Keyed state bytes of one {@link TrackerState}: a format version, then the snapshot's fields with the
 * longs packed ({@link PackedLongs}, times relative to the connection's start). The version byte lets a
 * later format read state written by this one without a serializer migration. The value is mutable (it
 * holds the live tracker), so a copy is a value of its own: the heap backend copies a value before the job
 * changes it while a checkpoint still reads the original ({@link TrackerState#handOver}).
 */
public final class TrackerStateSerializer extends TypeSerializerSingleton<TrackerState> {

    private static final long serialVersionUID = 1L;
    public static final TrackerStateSerializer INSTANCE = new TrackerStateSerializer();
    static final TypeInformation<TrackerState> TYPE = new SimpleTypeInfo<>(TrackerState.class, INSTANCE, false);

    static final int FORMAT_1 = 1;
    private static final int ORIG_IS_LOW = 1;
    private static final int GUESSED = 2;
    private static final int HAS_FLIP_REASON = 4;
    /** DirectionAnalysis.Snapshot flattened: its 16 own fields, then the 12 counters. */
    private static final int ANALYSIS_LONGS = 28;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TrackerState createInstance() {
        return null;
    }

    @Override
    public TrackerState copy(TrackerState from) {
        return from.handOver();
    }

    @Override
    public TrackerState copy(TrackerState from, TrackerState reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public TrackerState deserialize(TrackerState reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public void serialize(TrackerState state, DataOutputView out) throws IOException {
        ConnectionSnapshot s = state.snapshot();
        out.writeByte(FORMAT_1);
        out.writeLong(s.startMicros());
        PackedLongs longs = new PackedLongs(s.startMicros());
        longs.write(state.armedMicros());
        longs.flushTo(out);
        out.writeByte(s.key().length);
        out.write(s.key());
        out.writeUTF(s.uid());
        out.writeByte((s.origIsLow() ? ORIG_IS_LOW : 0) | (s.guessed() ? GUESSED : 0)
                | (s.flipReason() != null ? HAS_FLIP_REASON : 0));
        if (s.flipReason() != null) {
            out.writeUTF(s.flipReason());
        }
        longs.write(s.flips());
        longs.write(s.closeKind());
        longs.write(s.anomalyCount());
        longs.flushTo(out);
        out.writeUTF(s.history());
        longs.write(s.historySeen());
        longs.writeArray(s.times());
        longs.writeArray(s.orig());
        longs.writeArray(s.resp());
        for (long v : flatten(s.origAnalysis())) {
            longs.write(v);
        }
        for (long v : flatten(s.respAnalysis())) {
            longs.write(v);
        }
        longs.flushTo(out);
    }

    @Override
    public TrackerState deserialize(DataInputView in) throws IOException {
        int format = in.readUnsignedByte();
        if (format != FORMAT_1) {
            throw new IOException(String.format("tracker state format %d, this SynFin reads format %d", format, FORMAT_1));
        }
        long start = in.readLong();
        PackedLongs longs = new PackedLongs(start);
        long armed = longs.read(in);
        byte[] key = new byte[in.readUnsignedByte()];
        in.readFully(key);
        String uid = in.readUTF();
        int bits = in.readUnsignedByte();
        String flipReason = (bits & HAS_FLIP_REASON) != 0 ? in.readUTF() : null;
        int flips = (int) longs.read(in);
        int closeKind = (int) longs.read(in);
        int anomalyCount = (int) longs.read(in);
        String history = in.readUTF();
        int historySeen = (int) longs.read(in);
        long[] times = longs.readArray(in);
        long[] orig = longs.readArray(in);
        long[] resp = longs.readArray(in);
        DirectionAnalysis.Snapshot origAnalysis = analysis(longs, in);
        DirectionAnalysis.Snapshot respAnalysis = analysis(longs, in);
        ConnectionSnapshot s = new ConnectionSnapshot(key, uid, start, (bits & ORIG_IS_LOW) != 0, (bits & GUESSED) != 0,
                flips, flipReason, closeKind, anomalyCount, history, historySeen, times, orig, resp, origAnalysis,
                respAnalysis);
        return new TrackerState(s, armed);
    }

    private static long[] flatten(DirectionAnalysis.Snapshot a) {
        DirectionCounters.Snapshot c = a.counters();
        return new long[] {
            bit(a.seqKnown()), a.nextSeq(), a.nextSeqMicros(), bit(a.maxSeqKnown()), a.maxSeqToBeAcked(), a.lastAck(),
            bit(a.lastAckValid()), a.lastAckMicros(), a.window(), bit(a.windowKnown()), bit(a.windowFromSyn()),
            a.windowScale(), a.dupAckCount(), a.lastFlags(), a.synMicros(), a.firstRttMicros(),
            c.retransmissions(), c.fastRetransmissions(), c.spuriousRetransmissions(), c.outOfOrder(),
            c.lostSegments(), c.dupAcks(), c.zeroWindows(), c.zeroWindowProbes(), c.windowFull(), c.windowUpdates(),
            c.keepAlives(), c.retransmittedBytes()
        };
    }

    private static DirectionAnalysis.Snapshot analysis(PackedLongs longs, DataInputView in) throws IOException {
        long[] v = new long[ANALYSIS_LONGS];
        for (int i = 0; i < v.length; i++) {
            v[i] = longs.read(in);
        }
        DirectionCounters.Snapshot counters = new DirectionCounters.Snapshot(
                v[16], v[17], v[18], v[19], v[20], v[21], v[22], v[23], v[24], v[25], v[26], v[27]);
        return new DirectionAnalysis.Snapshot(v[0] == 1, (int) v[1], v[2], v[3] == 1, (int) v[4], (int) v[5],
                v[6] == 1, v[7], (int) v[8], v[9] == 1, v[10] == 1, (int) v[11], (int) v[12], (int) v[13], v[14],
                v[15], counters);
    }

    private static long bit(boolean b) {
        return b ? 1 : 0;
    }

    @Override
    public TypeSerializerSnapshot<TrackerState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot; format changes are versioned per value (the leading byte), not here. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<TrackerState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
