package io.synfin.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.synfin.schema.Samples;
import io.synfin.schema.Severity;
import io.synfin.schema.TcpAnomaly;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** Records written with an older schema decode into today's type when the codec is told that schema. */
class OlderWriterSchemaTest {

    /** TcpAnomaly as an imagined earlier release wrote it: no sender, no segment fields. */
    private static final Schema EARLIER_ANOMALY = new Schema.Parser().parse("""
            {"type": "record", "name": "TcpAnomaly", "namespace": "io.synfin.schema", "fields": [
              {"name": "ts", "type": "long"},
              {"name": "domain", "type": "int"},
              {"name": "uid", "type": ["null", "string"], "default": null},
              {"name": "community_id", "type": ["null", "string"], "default": null},
              {"name": "orig_h", "type": "bytes"},
              {"name": "orig_p", "type": "int"},
              {"name": "resp_h", "type": "bytes"},
              {"name": "resp_p", "type": "int"},
              {"name": "type", "type": {"type": "enum", "name": "AnomalyType",
                "symbols": ["HANDSHAKE_TIMEOUT", "HALF_OPEN", "CONNECTION_REFUSED"]}},
              {"name": "severity", "type": {"type": "enum", "name": "Severity",
                "symbols": ["INFO", "LOW", "MEDIUM", "HIGH"]}},
              {"name": "detail", "type": "string"}
            ]}""");

    @Test
    void anEarlierWriterSchemaDecodesWithDefaultsForNewFields() throws IOException {
        byte[] bytes = encodeEarlierRefusal();
        SingleObjectCodec<TcpAnomaly> codec = SingleObjectCodec.forType(TcpAnomaly.class, EARLIER_ANOMALY);

        TcpAnomaly anomaly = codec.decode(bytes).valueOrNull();

        assertThat(anomaly).isNotNull();
        assertThat(anomaly.getType()).hasToString("CONNECTION_REFUSED");
        assertThat(anomaly.getSeverity()).isEqualTo(Severity.LOW);
        assertThat(anomaly.getOrigP()).isEqualTo(40000);
        assertThat(anomaly.getSender()).isNull();
        assertThat(anomaly.getFlags()).isNull();
    }

    @Test
    void anEarlierWriterSchemaTheCodecWasNotToldIsAnUnknownSchema() throws IOException {
        DecodeResult<TcpAnomaly> result = SingleObjectCodec.forType(TcpAnomaly.class).decode(encodeEarlierRefusal());

        assertThat(result).isInstanceOf(DecodeResult.Failed.class);
        assertThat(((DecodeResult.Failed<TcpAnomaly>) result).reason()).isEqualTo(DecodeFailure.UNKNOWN_SCHEMA);
    }

    @Test
    void aWriterSchemaTodaysTypeCannotReadIsRejectedAtConstruction() {
        Schema unreadable = new Schema.Parser().parse("""
                {"type": "record", "name": "TcpAnomaly", "namespace": "io.synfin.schema", "fields": [
                  {"name": "ts", "type": "string"}
                ]}""");

        assertThatThrownBy(() -> SingleObjectCodec.forType(TcpAnomaly.class, unreadable))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read");
    }

    private static byte[] encodeEarlierRefusal() throws IOException {
        TcpAnomaly today = Samples.refused();
        GenericRecord earlier = new GenericData.Record(EARLIER_ANOMALY);
        earlier.put("ts", today.getTs());
        earlier.put("domain", today.getDomain());
        earlier.put("uid", today.getUid());
        earlier.put("community_id", today.getCommunityId());
        earlier.put("orig_h", today.getOrigH());
        earlier.put("orig_p", today.getOrigP());
        earlier.put("resp_h", today.getRespH());
        earlier.put("resp_p", today.getRespP());
        earlier.put("type", new GenericData.EnumSymbol(EARLIER_ANOMALY.getField("type").schema(), "CONNECTION_REFUSED"));
        earlier.put("severity", new GenericData.EnumSymbol(EARLIER_ANOMALY.getField("severity").schema(), "LOW"));
        earlier.put("detail", today.getDetail());
        ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), EARLIER_ANOMALY).encode(earlier);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }
}
