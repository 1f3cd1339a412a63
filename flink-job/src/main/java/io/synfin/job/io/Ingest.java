package io.synfin.job.io;

import io.synfin.core.segment.Segment;
import io.synfin.job.types.ImmutableSerializer;
import io.synfin.job.types.SegmentSerializer;
import io.synfin.job.types.SimpleTypeInfo;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * One record read from {@code tcp.segments}: the segment it holds, or the dead letter it became. The
 * source emits both through one stream; the intake splits them.
 */
public final class Ingest {

    public static final TypeInformation<Ingest> TYPE = new SimpleTypeInfo<>(Ingest.class, Serializer.INSTANCE, false);

    private final Segment segment;
    private final DeadLetter deadLetter;

    private Ingest(Segment segment, DeadLetter deadLetter) {
        this.segment = segment;
        this.deadLetter = deadLetter;
    }

    public static Ingest of(Segment segment) {
        return new Ingest(segment, null);
    }

    public static Ingest of(DeadLetter deadLetter) {
        return new Ingest(null, deadLetter);
    }

    /** The segment, or null for a dead letter. */
    public Segment segment() {
        return segment;
    }

    /** The dead letter, or null for a segment. */
    public DeadLetter deadLetter() {
        return deadLetter;
    }

    /** A tag byte, then the segment or the dead letter. */
    public static final class Serializer extends ImmutableSerializer<Ingest> {
        private static final long serialVersionUID = 1L;
        public static final Serializer INSTANCE = new Serializer();

        @Override
        public void serialize(Ingest ingest, DataOutputView out) throws IOException {
            if (ingest.segment != null) {
                out.writeBoolean(true);
                SegmentSerializer.INSTANCE.serialize(ingest.segment, out);
            } else {
                out.writeBoolean(false);
                DeadLetter.Serializer.INSTANCE.serialize(ingest.deadLetter, out);
            }
        }

        @Override
        public Ingest deserialize(DataInputView in) throws IOException {
            return in.readBoolean()
                    ? of(SegmentSerializer.INSTANCE.deserialize(in))
                    : of(DeadLetter.Serializer.INSTANCE.deserialize(in));
        }

        @Override
        public TypeSerializerSnapshot<Ingest> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    /** Serializer snapshot: the format has one version so far. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Ingest> {
        public Snapshot() {
            super(() -> Serializer.INSTANCE);
        }
    }
}
