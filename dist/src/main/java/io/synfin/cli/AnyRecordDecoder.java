package io.synfin.cli;

import io.synfin.schema.ConnectionRecord;
import io.synfin.schema.TcpAnomaly;
import io.synfin.schema.TcpSegment;
import io.synfin.schema.serde.DecodeFailure;
import io.synfin.schema.serde.DecodeResult;
import io.synfin.schema.serde.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Decodes a record of any SynFin topic: the single-object header's fingerprint picks the schema, so one
 * reader serves segments, connections and anomalies alike. Bad input comes back as a failure, never thrown.
 */
final class AnyRecordDecoder {

    private final List<SingleObjectCodec<? extends SpecificRecord>> codecs = List.of(
            SingleObjectCodec.forType(TcpSegment.class),
            SingleObjectCodec.forType(ConnectionRecord.class),
            SingleObjectCodec.forType(TcpAnomaly.class));

    DecodeResult<? extends SpecificRecord> decode(byte[] bytes) {
        if (bytes == null) {
            return new DecodeResult.Failed<>(DecodeFailure.BAD_HEADER, "null value (tombstone)");
        }
        // The first codec's header check gives the BAD_HEADER detail for anything not single-object.
        if (bytes.length < SingleObjectCodec.HEADER_LENGTH || bytes[0] != (byte) 0xC3 || bytes[1] != (byte) 0x01) {
            return codecs.get(0).decode(bytes);
        }
        long fingerprint = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(2);
        for (SingleObjectCodec<? extends SpecificRecord> codec : codecs) {
            if (codec.fingerprint() == fingerprint) {
                return codec.decode(bytes);
            }
        }
        return new DecodeResult.Failed<>(DecodeFailure.UNKNOWN_SCHEMA,
                String.format("fingerprint %016x is not a SynFin schema", fingerprint));
    }
}
