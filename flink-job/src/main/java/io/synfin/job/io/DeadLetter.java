package io.synfin.job.io;

import io.synfin.job.types.ImmutableSerializer;
import io.synfin.job.types.SimpleTypeInfo;
import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A record of {@code tcp.segments} the job could not use, kept whole for {@code tcp.deadletter}: why, and
 * the original key and value bytes with where they were read.
 *
 * @param reason the {@link Reason} name
 * @param detail a short human-readable explanation
 * @param topic source topic
 * @param partition source partition
 * @param offset source offset
 * @param timestamp the source record's Kafka timestamp (ms)
 * @param key original key bytes, or null
 * @param value original value bytes, or null (a tombstone)
 */
public record DeadLetter(
        String reason, String detail, String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {

    public static final TypeInformation<DeadLetter> TYPE = new SimpleTypeInfo<>(DeadLetter.class, Serializer.INSTANCE, false);

    /** Why a record is a dead letter. */
    public enum Reason {
        /** No value at all (a tombstone). */
        EMPTY_VALUE,
        /** Not Avro single-object encoding: too short, or no C3 01 marker. */
        BAD_HEADER,
        /** A schema fingerprint no reader here knows. */
        UNKNOWN_SCHEMA,
        /** The body does not decode with its schema. */
        CORRUPT_BODY,
        /** Decoded, but a field holds what no TCP header can (address length, port, 32-bit range). */
        INVALID_FIELDS
    }

    public DeadLetter {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(topic, "topic");
    }

    /** Tagged fields; the byte arrays length-prefixed, -1 for null. */
    public static final class Serializer extends ImmutableSerializer<DeadLetter> {
        private static final long serialVersionUID = 1L;
        public static final Serializer INSTANCE = new Serializer();

        @Override
        public void serialize(DeadLetter d, DataOutputView out) throws IOException {
            out.writeUTF(d.reason);
            out.writeUTF(d.detail);
            out.writeUTF(d.topic);
            out.writeInt(d.partition);
            out.writeLong(d.offset);
            out.writeLong(d.timestamp);
            writeBytes(d.key, out);
            writeBytes(d.value, out);
        }

        @Override
        public DeadLetter deserialize(DataInputView in) throws IOException {
            return new DeadLetter(in.readUTF(), in.readUTF(), in.readUTF(), in.readInt(), in.readLong(), in.readLong(),
                    readBytes(in), readBytes(in));
        }

        private static void writeBytes(byte[] bytes, DataOutputView out) throws IOException {
            out.writeInt(bytes == null ? -1 : bytes.length);
            if (bytes != null) {
                out.write(bytes);
            }
        }

        private static byte[] readBytes(DataInputView in) throws IOException {
            int length = in.readInt();
            if (length < 0) {
                return null;
            }
            byte[] bytes = new byte[length];
            in.readFully(bytes);
            return bytes;
        }

        @Override
        public TypeSerializerSnapshot<DeadLetter> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    /** Serializer snapshot: the format has one version so far. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<DeadLetter> {
        public Snapshot() {
            super(() -> Serializer.INSTANCE);
        }
    }
}
