package io.synfin.job.types;

import io.synfin.core.flow.FlowKey;
import io.synfin.core.segment.Segment;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The job's key: {@link FlowKey#toBytes()} (the Kafka key of the segment) as a value with content
 * equality, so both directions of a connection meet in one key group. A bare {@code byte[]} cannot be a
 * Flink key (identity hash code).
 */
public final class FlowId {

    public static final TypeInformation<FlowId> TYPE = new SimpleTypeInfo<>(FlowId.class, Serializer.INSTANCE, true);

    private final byte[] bytes;
    private final int hash;

    private FlowId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** The key of the connection {@code segment} belongs to. */
    public static FlowId of(Segment segment) {
        return new FlowId(FlowKey.of(segment).toBytes());
    }

    /** Wraps {@code bytes} (a {@link FlowKey#toBytes()} form) without copying. */
    public static FlowId wrap(byte[] bytes) {
        return new FlowId(bytes);
    }

    /** The key bytes; a copy. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowId other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return FlowKey.fromBytes(bytes).toString();
    }

    /** Length-prefixed key bytes. */
    public static final class Serializer extends ImmutableSerializer<FlowId> {
        private static final long serialVersionUID = 1L;
        public static final Serializer INSTANCE = new Serializer();

        @Override
        public void serialize(FlowId id, DataOutputView out) throws IOException {
            out.writeByte(id.bytes.length);
            out.write(id.bytes);
        }

        @Override
        public FlowId deserialize(DataInputView in) throws IOException {
            byte[] bytes = new byte[in.readUnsignedByte()];
            in.readFully(bytes);
            return new FlowId(bytes);
        }

        @Override
        public TypeSerializerSnapshot<FlowId> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    /** Serializer snapshot: the format has one version so far. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<FlowId> {
        public Snapshot() {
            super(() -> Serializer.INSTANCE);
        }
    }
}
