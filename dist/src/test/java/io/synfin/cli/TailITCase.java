package io.synfin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.schema.TcpSegment;
import io.synfin.schema.json.AvroJson;
import io.synfin.schema.serde.SingleObjectCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Garbage bytes and a record of a schema SynFin does not know sit between good
 * segments; {@code synfin tail} reports both on stderr with their offsets and prints the good ones.
 */
class TailITCase {

    private static final SingleObjectCodec<TcpSegment> CODEC = SingleObjectCodec.forType(TcpSegment.class);

    @ParameterizedTest
    @EnumSource(BrokerKind.class)
    void reportsGarbageAndForeignSchemaAndPrintsTheGoodRecordsAroundThem(BrokerKind kind) throws Exception {
        String bootstrap = kind.bootstrap();
        String topic = "tail.mixed." + kind.name().toLowerCase();
        BrokerKind.createTopic(bootstrap, topic, 1);
        List<TcpSegment> good = List.of(segment(1), segment(2), segment(3));
        produce(bootstrap, topic, List.of(
                CODEC.encode(good.get(0)),
                "not avro at all".getBytes(StandardCharsets.US_ASCII),
                CODEC.encode(good.get(1)),
                foreignSchemaRecord(),
                CODEC.encode(good.get(2))));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = TailCommand.run(TailCommand.consumerProperties(bootstrap, new Properties()), topic, true, 10,
                Duration.ofSeconds(3), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .containsExactly(AvroJson.toJson(good.get(0)), AvroJson.toJson(good.get(1)), AvroJson.toJson(good.get(2)));
        List<String> reports = err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("skipped:")).toList();
        assertThat(reports).hasSize(2);
        assertThat(reports.get(0)).contains(topic + "-0 offset 1 skipped: BAD_HEADER");
        assertThat(reports.get(1)).contains(topic + "-0 offset 3 skipped: UNKNOWN_SCHEMA");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("printed=3 skipped=2");
    }

    @ParameterizedTest
    @EnumSource(BrokerKind.class)
    void stopsAfterMaxRecords(BrokerKind kind) throws Exception {
        String bootstrap = kind.bootstrap();
        String topic = "tail.max." + kind.name().toLowerCase();
        BrokerKind.createTopic(bootstrap, topic, 1);
        produce(bootstrap, topic, List.of(CODEC.encode(segment(1)), CODEC.encode(segment(2)), CODEC.encode(segment(3))));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = TailCommand.run(TailCommand.consumerProperties(bootstrap, new Properties()), topic, true, 2, null,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(2);
    }

    private static TcpSegment segment(int n) {
        return TcpSegment.newBuilder()
                .setTs(1_700_000_000_000_000L + n)
                .setDomain(0)
                .setAgentId(0)
                .setSrcAddr(ByteBuffer.wrap(new byte[] {10, 0, 0, 1}))
                .setDstAddr(ByteBuffer.wrap(new byte[] {10, 0, 0, 2}))
                .setSrcPort(40000 + n)
                .setDstPort(80)
                .setSeq(n)
                .setAck(0)
                .setFlags(2)
                .setWindow(64240)
                .setPayloadLen(0)
                .setIpTotalLen(40)
                .setTtl(64)
                .setIpId(n)
                .setFragment(null)
                .setVlanIds(List.of())
                .setOptions(null)
                .build();
    }

    /** A well-formed single-object record whose schema is not one of SynFin's. */
    private static byte[] foreignSchemaRecord() throws Exception {
        Schema schema = SchemaBuilder.record("Other").namespace("example").fields().requiredInt("x").endRecord();
        GenericRecord record = new GenericData.Record(schema);
        record.put("x", 42);
        ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }

    private static void produce(String bootstrap, String topic, List<byte[]> values) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, value)).get();
            }
        }
    }
}
