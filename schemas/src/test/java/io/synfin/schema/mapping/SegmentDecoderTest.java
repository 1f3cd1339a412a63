package io.synfin.schema.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.core.segment.Segment;
import io.synfin.schema.RandomRecords;
import io.synfin.schema.Samples;
import io.synfin.schema.TcpOptions;
import io.synfin.schema.TcpSegment;
import io.synfin.schema.serde.DecodeResult;
import io.synfin.schema.serde.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/** The direct decoder gives what the general path (codec, problem check, mapping) gives, or leaves the bytes to it. */
class SegmentDecoderTest {

    private final SingleObjectCodec<TcpSegment> codec = SingleObjectCodec.forType(TcpSegment.class);
    private final SegmentDecoder decoder = new SegmentDecoder();

    /** What the job's general path makes of {@code bytes}: the segment, or null for a dead letter. */
    private Segment generalPath(byte[] bytes) {
        DecodeResult<TcpSegment> result = codec.decode(bytes);
        TcpSegment record = result.valueOrNull();
        return record == null || SegmentRecords.problem(record) != null ? null : SegmentRecords.toSegment(record);
    }

    @Test
    void theDecoderIsWrittenForTheCurrentSchema() {
        assertThat(SchemaNormalization.parsingFingerprint64(TcpSegment.getClassSchema()))
                .isEqualTo(SegmentDecoder.READ_FOR_FINGERPRINT);
    }

    @Test
    void possibleRecordsWithEveryUnionAndArrayVariedDecodeAsTheGeneralPathDoes() {
        RandomRecords random = new RandomRecords(20261129L);
        Random fix = new Random(7);
        for (int i = 0; i < 1_000; i++) {
            byte[] bytes = codec.encode(possible(random.next(TcpSegment.class), fix));

            Segment fast = decoder.decode(bytes);

            assertThat(fast).as("record %d", i).isNotNull();
            assertThat(fast).usingRecursiveComparison().isEqualTo(generalPath(bytes));
        }
        assertThat(decoder.decode(codec.encode(Samples.ipv6Syn()))).usingRecursiveComparison()
                .isEqualTo(SegmentRecords.toSegment(Samples.ipv6Syn()));
    }

    @Test
    void recordsWithImpossibleFieldsAreLeftToTheGeneralPath() {
        RandomRecords random = new RandomRecords(42L);
        int impossible = 0;
        for (int i = 0; i < 1_000; i++) {
            TcpSegment record = random.next(TcpSegment.class);
            byte[] bytes = codec.encode(record);
            if (SegmentRecords.problem(record) != null) {
                impossible++;
                assertThat(decoder.decode(bytes)).as("record %d: %s", i, SegmentRecords.problem(record)).isNull();
            } else {
                assertThat(decoder.decode(bytes)).usingRecursiveComparison().isEqualTo(generalPath(bytes));
            }
        }
        assertThat(impossible).isGreaterThan(900);
    }

    @Test
    void cutShortFlippedOrLengthenedBytesAreNeverAcceptedWhereTheGeneralPathRefuses() {
        RandomRecords random = new RandomRecords(3L);
        Random fix = new Random(11);
        Random mutate = new Random(13);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 300; i++) {
            byte[] valid = codec.encode(possible(random.next(TcpSegment.class), fix));
            for (int cut = 0; cut < valid.length; cut++) {
                assertThat(decoder.decode(Arrays.copyOf(valid, cut))).as("cut at %d", cut).isNull();
            }
            assertThat(decoder.decode(Arrays.copyOf(valid, valid.length + 1))).isNull();
            for (int flip = 0; flip < 20; flip++) {
                byte[] bytes = valid.clone();
                int at = mutate.nextInt(bytes.length);
                bytes[at] = (byte) (bytes[at] ^ (1 << mutate.nextInt(8)));
                Segment fast = decoder.decode(bytes);
                if (fast == null) {
                    refused++;
                } else {
                    accepted++;
                    assertThat(fast).as("flip at %d", at).usingRecursiveComparison().isEqualTo(generalPath(bytes));
                }
            }
        }
        assertThat(accepted).isPositive();
        assertThat(refused).isPositive();
    }

    @Test
    void aWrongMarkerOrAnotherFingerprintIsLeftToTheGeneralPath() {
        byte[] bytes = codec.encode(Samples.ipv6Syn());
        byte[] marker = bytes.clone();
        marker[1] = 0x02;
        byte[] fingerprint = bytes.clone();
        fingerprint[9] ^= 1;

        assertThat(decoder.decode(marker)).isNull();
        assertThat(decoder.decode(fingerprint)).isNull();
        assertThat(decoder.decode(new byte[0])).isNull();
        assertThat(decoder.decode(bytes)).isNotNull();
    }

    /** {@code r} with every field the tracker checks moved into its possible range; unions and arrays kept. */
    private static TcpSegment possible(TcpSegment r, Random random) {
        int length = r.getSrcAddr().remaining();
        byte[] dst = new byte[length];
        random.nextBytes(dst);
        r.setDstAddr(ByteBuffer.wrap(dst));
        r.setSrcPort(r.getSrcPort() & 0xFFFF);
        r.setDstPort(r.getDstPort() & 0xFFFF);
        r.setSeq(r.getSeq() & 0xFFFF_FFFFL);
        r.setAck(r.getAck() & 0xFFFF_FFFFL);
        r.setFlags(r.getFlags() & 0x1FF);
        r.setWindow(r.getWindow() & 0xFFFF);
        r.setPayloadLen(r.getPayloadLen() & 0xFFFF);
        r.setIpTotalLen(r.getIpTotalLen() & 0x1FFFF);
        r.setTtl(r.getTtl() & 0xFF);
        TcpOptions options = r.getOptions();
        if (options != null) {
            options.setTcpHeaderLen(20 + 4 * random.nextInt(11));
        }
        return r;
    }
}
