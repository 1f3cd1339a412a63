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
    /** Domain (4 bytes) and IP version (1) ahead of the endpoints. */
    private static final int KEY_PREFIX = 5;

    private final byte[] bytes;
    private final int hash;

    private FlowId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /**
     * The key of the connection {@code segment} belongs to: the bytes of {@code FlowKey.of(segment).toBytes()}
     * (domain, IP version, then the lower endpoint and the higher, each address and big-endian port),
     * written without the FlowKey and its address copies: keyBy computes it twice per segment.
     */
    public static FlowId of(Segment segment) {
        byte[] src = segment.srcAddr();
        byte[] dst = segment.dstAddr();
        int srcPort = segment.srcPort();
        int dstPort = segment.dstPort();
        boolean srcLow = FlowKey.compareEndpoints(src, srcPort, dst, dstPort) <= 0;
        int domain = segment.domain();
        byte[] key = new byte[KEY_PREFIX + 2 * (src.length + 2)];
        key[0] = (byte) (domain >>> 24);
        key[1] = (byte) (domain >>> 16);
        key[2] = (byte) (domain >>> 8);
        key[3] = (byte) domain;
        key[4] = (byte) segment.ipVersion();
        int at = endpoint(key, KEY_PREFIX, srcLow ? src : dst, srcLow ? srcPort : dstPort);
        endpoint(key, at, srcLow ? dst : src, srcLow ? dstPort : srcPort);
        return new FlowId(key);
    }

    private static int endpoint(byte[] key, int at, byte[] addr, int port) {
        System.arraycopy(addr, 0, key, at, addr.length);
        key[at + addr.length] = (byte) (port >>> 8);
        key[at + addr.length + 1] = (byte) port;
        return at + addr.length + 2;
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
