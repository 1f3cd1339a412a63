package io.synfin.job.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.core.flow.Addresses;
import io.synfin.core.segment.Segment;
import io.synfin.core.segment.SegmentOptions;
import io.synfin.core.segment.TcpFlags;
import io.synfin.job.io.DeadLetter;
import io.synfin.job.io.Ingest;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The job's own wire types between operators: segments, keys, intake elements. */
class SegmentSerializerTest {

    private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    private static final Segment PLAIN = new Segment(1_700_000_000_123_456L, 3, Addresses.parse("10.0.0.5"),
            Addresses.parse("10.0.0.9"), 65535, 80, 0xF000_0000, 7, TcpFlags.ACK | TcpFlags.NS, 65535, 0, 40, 255,
            SegmentOptions.NONE, false);

    @Test
    void aPlainIpv4SegmentRoundTripsIn47Bytes() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        SegmentSerializer.INSTANCE.serialize(PLAIN, out);
        assertThat(out.length()).isEqualTo(47);
        Segment back = roundTrip(SegmentSerializer.INSTANCE, PLAIN);
        assertThat(back).usingRecursiveComparison().isEqualTo(PLAIN);
        assertThat(back.options()).isSameAs(SegmentOptions.NONE);
    }

    @Test
    void optionsAndABadChecksumSurvive() throws IOException {
        Segment syn = new Segment(1L, 0, Addresses.parse("fd77::1"), Addresses.parse("fd77::2"), 1, 2, 3, 0,
                TcpFlags.SYN, 64800, 0, 80, 64,
                new SegmentOptions(44, 1440, 14, true, new int[] {1, -2}, 4_000_000_000L, 0, new int[] {30}), true);
        assertThat(roundTrip(SegmentSerializer.INSTANCE, syn)).usingRecursiveComparison().isEqualTo(syn);
    }

    @Test
    void flowIdsOfBothDirectionsAreEqual() throws IOException {
        Segment reverse = new Segment(2L, 3, PLAIN.dstAddr(), PLAIN.srcAddr(), 80, 65535, 7, 0, TcpFlags.ACK, 1, 0, 40,
                64, SegmentOptions.NONE, false);
        assertThat(FlowId.of(reverse)).isEqualTo(FlowId.of(PLAIN)).hasSameHashCodeAs(FlowId.of(PLAIN));
        assertThat(roundTrip(FlowId.Serializer.INSTANCE, FlowId.of(PLAIN))).isEqualTo(FlowId.of(PLAIN));
    }

    @Test
    void ingestCarriesEitherKind() throws IOException {
        DeadLetter letter = new DeadLetter("BAD_HEADER", "x", "tcp.segments", 1, 99, 5, null, new byte[] {1, 2});
        Ingest back = roundTrip(Ingest.Serializer.INSTANCE, Ingest.of(letter));
        assertThat(back.segment()).isNull();
        assertThat(back.deadLetter()).usingRecursiveComparison().isEqualTo(letter);
        assertThat(roundTrip(Ingest.Serializer.INSTANCE, Ingest.of(PLAIN)).segment())
                .usingRecursiveComparison().isEqualTo(PLAIN);
    }
}
