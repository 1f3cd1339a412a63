package io.synfin.job.io;

import io.synfin.schema.ConnectionRecord;
import io.synfin.schema.TcpAnomaly;
import io.synfin.schema.serde.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The job's outputs as Kafka records: connection records and anomalies in Avro single-object encoding,
 * keyed by the connection uid (a connection's records and findings share a partition, in order); dead
 * letters as the original key and value with the reason and origin in headers.
 */
public final class RecordSerializationSchemas {

    /** Dead-letter header names. */
    public static final String REASON_HEADER = "synfin.deadletter.reason";
    public static final String DETAIL_HEADER = "synfin.deadletter.detail";
    public static final String ORIGIN_HEADER = "synfin.deadletter.origin";

    private RecordSerializationSchemas() {}

    public static KafkaRecordSerializationSchema<ConnectionRecord> connections(String topic) {
        return new AvroRecords<>(topic, ConnectionRecord.class, ConnectionRecord::getUid);
    }

    public static KafkaRecordSerializationSchema<TcpAnomaly> anomalies(String topic) {
        return new AvroRecords<>(topic, TcpAnomaly.class, TcpAnomaly::getUid);
    }

    public static KafkaRecordSerializationSchema<DeadLetter> deadLetters(String topic) {
        return (letter, context, timestamp) -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add(REASON_HEADER, utf8(letter.reason()));
            headers.add(DETAIL_HEADER, utf8(letter.detail()));
            headers.add(ORIGIN_HEADER, utf8(String.format("%s-%d@%d", letter.topic(), letter.partition(), letter.offset())));
            return new ProducerRecord<>(topic, null, letter.timestamp() < 0 ? null : letter.timestamp(), letter.key(),
                    letter.value(), headers);
        };
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** One Avro record type in single-object encoding, keyed by a string field. */
    private static final class AvroRecords<T extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {
        private static final long serialVersionUID = 1L;

        private final String topic;
        private final Class<T> type;
        private final SerializableKey<T> key;
        private transient SingleObjectCodec<T> codec;

        AvroRecords(String topic, Class<T> type, SerializableKey<T> key) {
            this.topic = topic;
            this.type = type;
            this.key = key;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(T record, KafkaSinkContext context, Long timestamp) {
            if (codec == null) {
                codec = SingleObjectCodec.forType(type);
            }
            return new ProducerRecord<>(topic, null, timestamp, utf8(key.apply(record)), codec.encode(record));
        }
    }

    /** A key extractor the sink can ship with the job graph. */
    private interface SerializableKey<T> extends Function<T, String>, java.io.Serializable {}
}
