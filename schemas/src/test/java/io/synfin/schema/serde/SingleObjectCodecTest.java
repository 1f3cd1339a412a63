package io.synfin.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.synfin.schema.AnomalyType;
import io.synfin.schema.ConnectionRecord;
import io.synfin.schema.RandomRecords;
import io.synfin.schema.Samples;
import io.synfin.schema.TcpAnomaly;
import io.synfin.schema.TcpSegment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class SingleObjectCodecTest {

    private final SingleObjectCodec<TcpSegment> segments = SingleObjectCodec.forType(TcpSegment.class);
    private final SingleObjectCodec<ConnectionRecord> connections = SingleObjectCodec.forType(ConnectionRecord.class);
    private final SingleObjectCodec<TcpAnomaly> anomalies = SingleObjectCodec.forType(TcpAnomaly.class);

    @Test
    void segmentsRoundTrip() {
        assertRoundTrip(segments, Samples.plainAck(Samples.TS_2026, 51000, 40000, 3_000_000_000L, 2_500_000_000L));
        assertRoundTrip(segments, Samples.ipv6Syn());
    }

    @Test
    void anomaliesWithAndWithoutASegmentRoundTrip() {
        assertRoundTrip(anomalies, Samples.refused());
        assertRoundTrip(anomalies, Samples.handshakeTimeout());
    }

    @Test
    void recordsOfEveryTypeWithEveryFieldVariedRoundTrip() {
        RandomRecords random = new RandomRecords(20260314L);
        for (int i = 0; i < 300; i++) {
            assertRoundTrip(segments, random.next(TcpSegment.class));
            assertRoundTrip(connections, random.next(ConnectionRecord.class));
            assertRoundTrip(anomalies, random.next(TcpAnomaly.class));
        }
    }

    @Test
    void generatedCodersWriteAndReadTheBytesOfAvrosDatumWalk() throws IOException {
        RandomRecords random = new RandomRecords(20261129L);
        for (int i = 0; i < 300; i++) {
            assertSameAsDatumWalk(segments, random.next(TcpSegment.class));
            assertSameAsDatumWalk(connections, random.next(ConnectionRecord.class));
            assertSameAsDatumWalk(anomalies, random.next(TcpAnomaly.class));
        }
    }

    @Test
    void aRecordThatFailsHalfWayLeavesNothingBehindForTheNext() throws IOException {
        ConnectionRecord broken = new RandomRecords(5L).next(ConnectionRecord.class);
        // history is a required string well into the record: the fields before it are already written
        broken.setHistory(null);

        assertThatThrownBy(() -> connections.encode(broken)).isInstanceOf(NullPointerException.class);

        assertSameAsDatumWalk(connections, new RandomRecords(6L).next(ConnectionRecord.class));
    }

    /** Avro's reflective writer and reader (generated coders off) agree with the codec byte for byte. */
    private static <T extends SpecificRecord> void assertSameAsDatumWalk(SingleObjectCodec<T> codec, T record)
            throws IOException {
        SpecificData walk = new SpecificData();
        walk.setCustomCoders(false);
        byte[] expected = byteArray(new BinaryMessageEncoder<T>(walk, codec.schema()).encode(record));

        assertThat(codec.encode(record)).isEqualTo(expected);
        assertThat(new BinaryMessageDecoder<T>(walk, codec.schema()).decode(codec.encode(record))).isEqualTo(record);
        assertThat(codec.decode(expected).valueOrNull()).isEqualTo(record);
    }

    private static byte[] byteArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Test
    void encodingStartsWithTheMarkerAndTheSchemaFingerprint() {
        byte[] bytes = segments.encode(Samples.ipv6Syn());

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint)
                .isEqualTo(SchemaNormalization.parsingFingerprint64(TcpSegment.getClassSchema()))
                .isEqualTo(segments.fingerprint());
    }

    @Test
    void streamEncodingWritesTheSameBytes() throws IOException {
        TcpAnomaly anomaly = Samples.refused();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        anomalies.encode(anomaly, out);

        assertThat(out.toByteArray()).isEqualTo(anomalies.encode(anomaly));
    }

    @Test
    void wrongMarkerIsABadHeader() {
        byte[] bytes = segments.encode(Samples.ipv6Syn());
        bytes[1] = 0x02;

        assertFailure(segments.decode(bytes), DecodeFailure.BAD_HEADER);
    }

    @Test
    void inputShorterThanTheHeaderIsABadHeader() {
        byte[] bytes = segments.encode(Samples.ipv6Syn());

        for (int length = 0; length < SingleObjectCodec.HEADER_LENGTH; length++) {
            assertFailure(segments.decode(Arrays.copyOf(bytes, length)), DecodeFailure.BAD_HEADER);
        }
    }

    @Test
    void anotherRecordTypesFingerprintIsAnUnknownSchema() {
        DecodeResult<TcpSegment> result = segments.decode(anomalies.encode(Samples.refused()));

        assertFailure(result, DecodeFailure.UNKNOWN_SCHEMA);
        assertThat(((DecodeResult.Failed<TcpSegment>) result).detail()).contains("io.synfin.schema.TcpSegment");
    }

    @Test
    void aFlippedFingerprintBitIsAnUnknownSchema() {
        byte[] bytes = segments.encode(Samples.ipv6Syn());
        bytes[5] ^= 0x10;

        assertFailure(segments.decode(bytes), DecodeFailure.UNKNOWN_SCHEMA);
    }

    @Test
    void everyTruncationOfTheBodyIsCorrupt() {
        byte[] bytes = connections.encode(new RandomRecords(7).next(ConnectionRecord.class));

        for (int length = SingleObjectCodec.HEADER_LENGTH; length < bytes.length; length++) {
            assertFailure(connections.decode(Arrays.copyOf(bytes, length)), DecodeFailure.CORRUPT_BODY);
        }
    }

    @Test
    void trailingBytesAreCorrupt() {
        byte[] bytes = segments.encode(Samples.ipv6Syn());

        DecodeResult<TcpSegment> result = segments.decode(Arrays.copyOf(bytes, bytes.length + 1));

        assertFailure(result, DecodeFailure.CORRUPT_BODY);
        assertThat(((DecodeResult.Failed<TcpSegment>) result).detail()).contains("1 trailing bytes");
    }

    @Test
    void aLengthBeyondTheBodyIsCorruptBeforeAnythingIsAllocated() {
        // ts, domain, agent_id, then src_addr claiming 2^30 bytes in a body of a dozen.
        byte[] bytes = withHeader(segments, 0x02, 0x02, 0x02, 0x80, 0x80, 0x80, 0x80, 0x08, 1, 2, 3, 4);

        DecodeResult<TcpSegment> result = segments.decode(bytes);

        assertFailure(result, DecodeFailure.CORRUPT_BODY);
        assertThat(((DecodeResult.Failed<TcpSegment>) result).detail()).contains("length 1073741824");
    }

    @Test
    void anArrayCountBeyondTheBodyIsCorrupt() {
        TcpSegment segment = Samples.plainAck(Samples.TS_2026, 40000, 9000, 1L << 31, 1L << 31);
        byte[] bytes = segments.encode(segment);
        // The plain ACK ends with: fragment null (0), vlan_ids empty (0), options null (0).
        // Replace the VLAN count with 10^9 items.
        byte[] forged = Arrays.copyOf(bytes, bytes.length + 4);
        int vlanCount = bytes.length - 2;
        byte[] billion = {(byte) 0x80, (byte) 0xa8, (byte) 0xd6, (byte) 0xb9, 0x07};
        System.arraycopy(billion, 0, forged, vlanCount, billion.length);
        forged[forged.length - 1] = 0;

        DecodeResult<TcpSegment> result = segments.decode(forged);

        assertFailure(result, DecodeFailure.CORRUPT_BODY);
        assertThat(((DecodeResult.Failed<TcpSegment>) result).detail()).contains("block of 1000000000 items");
    }

    @Test
    void anEnumIndexOutOfRangeIsCorrupt() {
        TcpAnomaly anomaly = Samples.handshakeTimeout();
        anomaly.setUid(null);
        anomaly.setCommunityId(null);
        byte[] bytes = anomalies.encode(anomaly);
        // Body: ts (varint), domain, uid null, community_id null, orig_h (5), orig_p, resp_h (5), resp_p, type.
        int type = SingleObjectCodec.HEADER_LENGTH + 8 + 1 + 1 + 1 + 5 + 3 + 5 + 2;
        assertThat(bytes[type]).isEqualTo((byte) 0x00); // HANDSHAKE_TIMEOUT, symbol 0
        int pastLast = AnomalyType.getClassSchema().getEnumSymbols().size();
        bytes[type] = (byte) (pastLast << 1); // zigzag varint of the index one past the last symbol

        DecodeResult<TcpAnomaly> result = anomalies.decode(bytes);

        assertFailure(result, DecodeFailure.CORRUPT_BODY);
        assertThat(((DecodeResult.Failed<TcpAnomaly>) result).detail()).contains("enum AnomalyType index " + pastLast);
    }

    @Test
    void randomGarbageIsABadHeaderOrAnUnknownSchemaAndNeverThrows() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] garbage = new byte[random.nextInt(80)];
            random.nextBytes(garbage);
            boolean marker = garbage.length >= 2 && garbage[0] == (byte) 0xC3 && garbage[1] == 0x01;
            assertFailure(segments.decode(garbage), marker && garbage.length >= SingleObjectCodec.HEADER_LENGTH
                    ? DecodeFailure.UNKNOWN_SCHEMA
                    : DecodeFailure.BAD_HEADER);
        }
    }

    @Test
    void garbageBehindTheMarkerIsAnUnknownSchema() {
        Random random = new Random(41);
        for (int i = 0; i < 1_000; i++) {
            byte[] garbage = new byte[SingleObjectCodec.HEADER_LENGTH + random.nextInt(60)];
            random.nextBytes(garbage);
            garbage[0] = (byte) 0xC3;
            garbage[1] = 0x01;

            assertFailure(segments.decode(garbage), DecodeFailure.UNKNOWN_SCHEMA);
        }
    }

    @Test
    void randomBodiesBehindAValidHeaderAreCorruptOrDecodeButNeverThrow() {
        Random random = new Random(43);
        int corrupt = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] body = new byte[random.nextInt(120)];
            random.nextBytes(body);
            int[] unsigned = new int[body.length];
            for (int j = 0; j < body.length; j++) {
                unsigned[j] = body[j] & 0xFF;
            }
            DecodeResult<ConnectionRecord> result = connections.decode(withHeader(connections, unsigned));
            if (result instanceof DecodeResult.Failed<ConnectionRecord> failed) {
                assertThat(failed.reason()).isEqualTo(DecodeFailure.CORRUPT_BODY);
                corrupt++;
            }
        }
        assertThat(corrupt).isPositive();
    }

    @Test
    void bitFlipsInValidRecordsNeverThrow() {
        Random random = new Random(44);
        RandomRecords records = new RandomRecords(45);
        for (int i = 0; i < 5_000; i++) {
            byte[] bytes = anomalies.encode(records.next(TcpAnomaly.class));
            int at = random.nextInt(bytes.length);
            bytes[at] ^= (byte) (1 << random.nextInt(8));
            DecodeResult<TcpAnomaly> result = anomalies.decode(bytes);
            if (result instanceof DecodeResult.Failed<TcpAnomaly> failed) {
                DecodeFailure expected = at < 2
                        ? DecodeFailure.BAD_HEADER
                        : at < SingleObjectCodec.HEADER_LENGTH ? DecodeFailure.UNKNOWN_SCHEMA : DecodeFailure.CORRUPT_BODY;
                assertThat(failed.reason()).as("flip at byte %d", at).isEqualTo(expected);
            } else {
                assertThat(at).as("only a body flip can still decode").isGreaterThanOrEqualTo(SingleObjectCodec.HEADER_LENGTH);
            }
        }
    }

    private static <T extends SpecificRecord> void assertRoundTrip(SingleObjectCodec<T> codec, T record) {
        DecodeResult<T> result = codec.decode(codec.encode(record));

        assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        assertThat(result.valueOrNull()).isEqualTo(record);
    }

    private static <T> void assertFailure(DecodeResult<T> result, DecodeFailure reason) {
        assertThat(result).isInstanceOf(DecodeResult.Failed.class);
        assertThat(((DecodeResult.Failed<T>) result).reason()).isEqualTo(reason);
        assertThat(result.valueOrNull()).isNull();
    }

    private static byte[] withHeader(SingleObjectCodec<?> codec, int... body) {
        ByteBuffer bytes = ByteBuffer.allocate(SingleObjectCodec.HEADER_LENGTH + body.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.put((byte) 0xC3).put((byte) 0x01).putLong(codec.fingerprint());
        for (int b : body) {
            bytes.put((byte) b);
        }
        return bytes.array();
    }
}
