package io.synfin.job.io;

import io.synfin.core.segment.Segment;
import io.synfin.schema.TcpSegment;
import io.synfin.schema.mapping.SegmentDecoder;
import io.synfin.schema.mapping.SegmentRecords;
import io.synfin.schema.serde.DecodeResult;
import io.synfin.schema.serde.SingleObjectCodec;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads {@code tcp.segments}: each Kafka record becomes the tracker's segment, or, when it does not decode
 * or holds impossible values, a dead letter with the reason and the original bytes. Never throws on
 * input, so one bad record cannot stop the job.
 */
public final class SegmentDeserializationSchema implements KafkaRecordDeserializationSchema<Ingest> {

    private static final long serialVersionUID = 1L;

    private transient SingleObjectCodec<TcpSegment> codec;
    private transient SegmentDecoder direct;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        init();
    }

    private void init() {
        codec = SingleObjectCodec.forType(TcpSegment.class);
        direct = new SegmentDecoder();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Ingest> out) {
        out.collect(read(record));
    }

    Ingest read(ConsumerRecord<byte[], byte[]> record) {
        if (codec == null) {
            init();
        }
        byte[] value = record.value();
        if (value == null) {
            return Ingest.of(deadLetter(record, DeadLetter.Reason.EMPTY_VALUE, "record without a value"));
        }
        // Nearly every record is a well-formed segment of the current schema: read it straight into the
        // tracker's value. Whatever the direct decoder does not accept, the general path below names.
        Segment segment = direct.decode(value);
        if (segment != null) {
            return Ingest.of(segment);
        }
        DecodeResult<TcpSegment> result = codec.decode(value);
        if (result instanceof DecodeResult.Failed<TcpSegment> failed) {
            return Ingest.of(deadLetter(record, DeadLetter.Reason.valueOf(failed.reason().name()), failed.detail()));
        }
        TcpSegment decoded = result.valueOrNull();
        String problem = SegmentRecords.problem(decoded);
        if (problem != null) {
            return Ingest.of(deadLetter(record, DeadLetter.Reason.INVALID_FIELDS, problem));
        }
        return Ingest.of(SegmentRecords.toSegment(decoded));
    }

    private static DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record, DeadLetter.Reason reason, String detail) {
        return new DeadLetter(reason.name(), detail, record.topic(), record.partition(), record.offset(),
                record.timestamp(), record.key(), record.value());
    }

    @Override
    public TypeInformation<Ingest> getProducedType() {
        return Ingest.TYPE;
    }
}
