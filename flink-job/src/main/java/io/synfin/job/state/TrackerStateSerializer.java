package io.synfin.job.state;

import io.synfin.core.analysis.DirectionAnalysis;
import io.synfin.core.analysis.DirectionCounters;
import io.synfin.core.flow.ConnectionUid;
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
 * Keyed state bytes of one {@link TrackerState}: a format version, the length of the packed tracker, then
 * the packed tracker: the snapshot's fields with the longs packed ({@link PackedLongs}, times relative to
 * the connection's start). The version byte lets a later format read state written by an earlier one
 * without a serializer migration: format 1 (which also held the flow key and the uid as text, and had no
 * length) is still read.
 */
public final class TrackerStateSerializer extends TypeSerializerSingleton<TrackerState> {

    private static final long serialVersionUID = 1L;
    public static final TrackerStateSerializer INSTANCE = new TrackerStateSerializer();
    static final TypeInformation<TrackerState> TYPE = new SimpleTypeInfo<>(TrackerState.class, INSTANCE, false);

    static final int FORMAT_1 = 1;
    static final int FORMAT_2 = 2;
    /** No packed tracker comes near this; a longer length is corrupt state, not a huge allocation. */
    private static final int MAX_PACKED = 1 << 16;
    private static final int ORIG_IS_LOW = 1;
    private static final int GUESSED = 2;
    private static final int HAS_FLIP_REASON = 4;

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TrackerState createInstance() {
        return null;
    }

    @Override
    public TrackerState copy(TrackerState from) {
        return from;
    }

    @Override
    public TrackerState copy(TrackerState from, TrackerState reuse) {
        return from;
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
        byte[] packed = state.packed();
        out.writeByte(FORMAT_2);
        PackedLongs.writeVarint(packed.length, out);
        out.write(packed);
    }

    @Override
    public TrackerState deserialize(DataInputView in) throws IOException {
        int format = in.readUnsignedByte();
        if (format == FORMAT_2) {
            long length = PackedLongs.readVarint(in);
            if (length < 0 || length > MAX_PACKED) {
                throw new IOException(String.format("tracker state of %d bytes", length));
            }
            byte[] packed = new byte[(int) length];
            in.readFully(packed);
            return new TrackerState(packed);
        }
        if (format == FORMAT_1) {
            return readFormat1(in);
        }
        throw new IOException(String.format("tracker state format %d, this SynFin reads formats %d and %d", format,
                FORMAT_1, FORMAT_2));
    }

    /** The packed tracker: the body of a format-2 value. */
    static byte[] writeBody(ConnectionSnapshot s, long armedMicros) throws IOException {
        PackedLongs w = PackedLongs.writer(s.startMicros());
        w.writeRawLong(s.startMicros());
        w.write(armedMicros);
        w.writeRawLong(ConnectionUid.parse(s.uid()));
        w.writeRawByte((s.origIsLow() ? ORIG_IS_LOW : 0) | (s.guessed() ? GUESSED : 0)
                | (s.flipReason() != null ? HAS_FLIP_REASON : 0));
        if (s.flipReason() != null) {
            w.writeString(s.flipReason());
        }
        w.write(s.flips());
        w.write(s.closeKind());
        w.write(s.anomalyCount());
        w.writeString(s.history());
        w.write(s.historySeen());
        w.writeArray(s.times());
        w.writeArray(s.orig());
        w.writeArray(s.resp());
        writeAnalysis(s.origAnalysis(), w);
        writeAnalysis(s.respAnalysis(), w);
        return w.toArray();
    }

    /** The snapshot in a packed tracker, for the flow key {@code key}. */
    static ConnectionSnapshot readBody(byte[] packed, byte[] key) throws IOException {
        long start = startOf(packed);
        PackedLongs r = PackedLongs.reader(start, packed, Long.BYTES);
        r.read(); // the armed deadline
        ConnectionSnapshot s = readTail(key, ConnectionUid.text(r.readRawLong()), start, r);
        if (r.remaining() != 0) {
            throw new IOException(String.format("tracker state has %d bytes after the tracker", r.remaining()));
        }
        return s;
    }

    /** The armed deadline in a packed tracker, without unpacking the rest. */
    static long armedOf(byte[] packed) {
        try {
            return PackedLongs.reader(startOf(packed), packed, Long.BYTES).read();
        } catch (IOException e) {
            throw new IllegalStateException("tracker state is corrupt: " + e.getMessage(), e);
        }
    }

    private static long startOf(byte[] packed) throws IOException {
        return PackedLongs.reader(0, packed, 0).readRawLong();
    }

    /** Format 1: the key and the uid text inline, no length; repacked as format 2 (without the key). */
    private static TrackerState readFormat1(DataInputView in) throws IOException {
        long start = in.readLong();
        PackedLongs r = PackedLongs.reader(start, in);
        long armed = r.read();
        byte[] key = new byte[in.readUnsignedByte()];
        in.readFully(key);
        ConnectionSnapshot s = readTail(key, in.readUTF(), start, r);
        return new TrackerState(writeBody(s, armed));
    }

    /** Everything after the uid; the same in both formats. */
    private static ConnectionSnapshot readTail(byte[] key, String uid, long start, PackedLongs r) throws IOException {
        int bits = r.readRawByte();
        String flipReason = (bits & HAS_FLIP_REASON) != 0 ? r.readString() : null;
        int flips = (int) r.read();
        int closeKind = (int) r.read();
        int anomalyCount = (int) r.read();
        String history = r.readString();
        int historySeen = (int) r.read();
        long[] times = r.readArray();
        long[] orig = r.readArray();
        long[] resp = r.readArray();
        DirectionAnalysis.Snapshot origAnalysis = readAnalysis(r);
        DirectionAnalysis.Snapshot respAnalysis = readAnalysis(r);
        return new ConnectionSnapshot(key, uid, start, (bits & ORIG_IS_LOW) != 0, (bits & GUESSED) != 0, flips,
                flipReason, closeKind, anomalyCount, history, historySeen, times, orig, resp, origAnalysis,
                respAnalysis);
    }

    /** A direction's analysis state: its 16 own fields, then the 12 counters. */
    private static void writeAnalysis(DirectionAnalysis.Snapshot a, PackedLongs w) {
        w.write(bit(a.seqKnown()));
        w.write(a.nextSeq());
        w.write(a.nextSeqMicros());
        w.write(bit(a.maxSeqKnown()));
        w.write(a.maxSeqToBeAcked());
        w.write(a.lastAck());
        w.write(bit(a.lastAckValid()));
        w.write(a.lastAckMicros());
        w.write(a.window());
        w.write(bit(a.windowKnown()));
        w.write(bit(a.windowFromSyn()));
        w.write(a.windowScale());
        w.write(a.dupAckCount());
        w.write(a.lastFlags());
        w.write(a.synMicros());
        w.write(a.firstRttMicros());
        DirectionCounters.Snapshot c = a.counters();
        w.write(c.retransmissions());
        w.write(c.fastRetransmissions());
        w.write(c.spuriousRetransmissions());
        w.write(c.outOfOrder());
        w.write(c.lostSegments());
        w.write(c.dupAcks());
        w.write(c.zeroWindows());
        w.write(c.zeroWindowProbes());
        w.write(c.windowFull());
        w.write(c.windowUpdates());
        w.write(c.keepAlives());
        w.write(c.retransmittedBytes());
    }

    private static DirectionAnalysis.Snapshot readAnalysis(PackedLongs r) throws IOException {
        boolean seqKnown = r.read() == 1;
        int nextSeq = (int) r.read();
        long nextSeqMicros = r.read();
        boolean maxSeqKnown = r.read() == 1;
        int maxSeqToBeAcked = (int) r.read();
        int lastAck = (int) r.read();
        boolean lastAckValid = r.read() == 1;
        long lastAckMicros = r.read();
        int window = (int) r.read();
        boolean windowKnown = r.read() == 1;
        boolean windowFromSyn = r.read() == 1;
        int windowScale = (int) r.read();
        int dupAckCount = (int) r.read();
        int lastFlags = (int) r.read();
        long synMicros = r.read();
        long firstRttMicros = r.read();
        DirectionCounters.Snapshot counters = new DirectionCounters.Snapshot(r.read(), r.read(), r.read(), r.read(),
                r.read(), r.read(), r.read(), r.read(), r.read(), r.read(), r.read(), r.read());
        return new DirectionAnalysis.Snapshot(seqKnown, nextSeq, nextSeqMicros, maxSeqKnown, maxSeqToBeAcked, lastAck,
                lastAckValid, lastAckMicros, window, windowKnown, windowFromSyn, windowScale, dupAckCount, lastFlags,
                synMicros, firstRttMicros, counters);
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
