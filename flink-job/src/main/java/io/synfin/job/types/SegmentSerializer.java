package io.synfin.job.types;

import io.synfin.core.segment.Segment;
import io.synfin.core.segment.SegmentOptions;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The tracker's {@link Segment} between the intake and the keyed tracker (the keyBy network edge):
 * fixed-width header fields, options only when the header has any. A plain IPv4 ACK takes 47 bytes.
 */
public final class SegmentSerializer extends ImmutableSerializer<Segment> {

    private static final long serialVersionUID = 1L;
    public static final SegmentSerializer INSTANCE = new SegmentSerializer();
    public static final TypeInformation<Segment> TYPE = new SimpleTypeInfo<>(Segment.class, INSTANCE, false);

    private static final int HAS_OPTIONS = 1;
    private static final int CHECKSUM_BAD = 2;

    @Override
    public void serialize(Segment s, DataOutputView out) throws IOException {
        out.writeLong(s.tsMicros());
        out.writeInt(s.domain());
        out.writeByte(s.srcAddr().length);
        out.write(s.srcAddr());
        out.write(s.dstAddr());
        out.writeShort(s.srcPort());
        out.writeShort(s.dstPort());
        out.writeInt(s.seq());
        out.writeInt(s.ack());
        out.writeShort(s.flags());
        out.writeShort(s.window());
        out.writeInt(s.payloadLen());
        out.writeInt(s.ipTotalLen());
        out.writeByte(s.ttl());
        SegmentOptions o = s.options();
        boolean options = o != SegmentOptions.NONE;
        out.writeByte((options ? HAS_OPTIONS : 0) | (s.checksumBad() ? CHECKSUM_BAD : 0));
        if (options) {
            out.writeByte(o.headerLen());
            out.writeInt(o.mss());
            out.writeInt(o.windowScale());
            out.writeBoolean(o.sackPermitted());
            writeInts(o.sackBlocks(), out);
            out.writeLong(o.tsVal());
            out.writeLong(o.tsEcr());
            writeInts(o.unknownKinds(), out);
        }
    }

    @Override
    public Segment deserialize(DataInputView in) throws IOException {
        long ts = in.readLong();
        int domain = in.readInt();
        int addrLen = in.readUnsignedByte();
        byte[] src = new byte[addrLen];
        in.readFully(src);
        byte[] dst = new byte[addrLen];
        in.readFully(dst);
        int srcPort = in.readUnsignedShort();
        int dstPort = in.readUnsignedShort();
        int seq = in.readInt();
        int ack = in.readInt();
        int flags = in.readUnsignedShort();
        int window = in.readUnsignedShort();
        int payloadLen = in.readInt();
        int ipTotalLen = in.readInt();
        int ttl = in.readUnsignedByte();
        int bits = in.readUnsignedByte();
        SegmentOptions options = SegmentOptions.NONE;
        if ((bits & HAS_OPTIONS) != 0) {
            options = new SegmentOptions(in.readUnsignedByte(), in.readInt(), in.readInt(), in.readBoolean(),
                    readInts(in), in.readLong(), in.readLong(), readInts(in));
        }
        return new Segment(ts, domain, src, dst, srcPort, dstPort, seq, ack, flags, window, payloadLen, ipTotalLen,
                ttl, options, (bits & CHECKSUM_BAD) != 0);
    }

    private static void writeInts(int[] values, DataOutputView out) throws IOException {
        out.writeByte(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
    }

    private static int[] readInts(DataInputView in) throws IOException {
        int[] values = new int[in.readUnsignedByte()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readInt();
        }
        return values;
    }

    @Override
    public TypeSerializerSnapshot<Segment> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot: the format has one version so far. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Segment> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
