package io.synfin.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/** The body check on the Avro types SynFin's own schemas do not use yet: maps, fixed, floats, blocked arrays. */
class BodyCheckTest {

    private static final Schema PROBE = new Schema.Parser().parse("""
            {"type": "record", "name": "Probe", "namespace": "example", "fields": [
              {"name": "up", "type": "boolean"},
              {"name": "ratio", "type": "float"},
              {"name": "mean", "type": "double"},
              {"name": "mac", "type": {"type": "fixed", "name": "Mac", "size": 6}},
              {"name": "labels", "type": {"type": "map", "values": "long"}},
              {"name": "samples", "type": {"type": "array", "items": "string"}},
              {"name": "gaps", "type": {"type": "array", "items": "null"}}
            ]}""");

    @Test
    void everyTypeWrittenByAvroPassesWhetherArraysAreBlockedOrNot() throws IOException {
        GenericRecord probe = probe();

        byte[] plain = writePlain(probe);
        byte[] blocked = writeBlocked(probe);

        assertThat(BodyCheck.check(PROBE, plain, 0, plain.length)).isNull();
        assertThat(BodyCheck.check(PROBE, blocked, 0, blocked.length)).isNull();
        assertThat(blocked).as("blocked arrays carry byte sizes").isNotEqualTo(plain);
    }

    @Test
    void aBooleanByteOtherThanZeroOrOneIsCorrupt() throws IOException {
        byte[] bytes = writePlain(probe());
        bytes[0] = 2;

        assertThat(BodyCheck.check(PROBE, bytes, 0, bytes.length)).contains("boolean byte 2");
    }

    @Test
    void everyTruncationIsCorrupt() throws IOException {
        byte[] bytes = writeBlocked(probe());

        for (int length = 0; length < bytes.length; length++) {
            assertThat(BodyCheck.check(PROBE, Arrays.copyOf(bytes, length), 0, length)).as("length %d", length)
                    .isNotNull();
        }
    }

    @Test
    void tooManyItemsThatTakeNoBytesAreCorrupt() {
        Schema nulls = new Schema.Parser().parse("{\"type\": \"array\", \"items\": \"null\"}");
        // One block of 2^17 nulls (zig-zag varint 80 80 10), then the end marker.
        byte[] bytes = {(byte) 0x80, (byte) 0x80, 0x10, 0x00};

        assertThat(BodyCheck.check(nulls, bytes, 0, bytes.length)).contains("block of 131072 items");
    }

    @Test
    void nestingBeyondTheDepthLimitIsCorrupt() {
        Schema list = new Schema.Parser().parse("""
                {"type": "record", "name": "Node", "fields": [
                  {"name": "next", "type": ["null", "Node"]}
                ]}""");
        byte[] bytes = new byte[BodyCheck.MAX_DEPTH + 1];
        Arrays.fill(bytes, (byte) 0x02); // union branch 1: another Node, again and again

        assertThat(BodyCheck.check(list, bytes, 0, bytes.length)).contains("nesting deeper than");
    }

    private static GenericRecord probe() {
        GenericRecord probe = new GenericData.Record(PROBE);
        probe.put("up", true);
        probe.put("ratio", 0.25f);
        probe.put("mean", 1.5e-3);
        probe.put("mac", new GenericData.Fixed(PROBE.getField("mac").schema(), new byte[] {2, 0, 0, 0, 0, 1}));
        Map<String, Long> labels = new LinkedHashMap<>();
        labels.put("rack", 7L);
        labels.put("row", -3L);
        probe.put("labels", labels);
        List<String> samples = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            samples.add("sample-" + i);
        }
        probe.put("samples", samples);
        probe.put("gaps", Arrays.asList(null, null, null));
        return probe;
    }

    private static byte[] writeBlocked(GenericRecord probe) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // A 64-byte block size makes the encoder split the 50 samples into several sized blocks.
        BinaryEncoder encoder = new EncoderFactory().configureBlockSize(64).blockingBinaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(PROBE).write(probe, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] writePlain(GenericRecord probe) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(PROBE).write(probe, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
