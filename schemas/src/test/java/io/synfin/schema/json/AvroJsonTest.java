package io.synfin.schema.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synfin.core.segment.TcpFlags;
import io.synfin.schema.CloseKind;
import io.synfin.schema.ConnState;
import io.synfin.schema.ConnectionRecord;
import io.synfin.schema.InterimDeltas;
import io.synfin.schema.RandomRecords;
import io.synfin.schema.Samples;
import io.synfin.schema.TcpAnomaly;
import io.synfin.schema.TcpSegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AvroJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aPlainAckIsOneLineWithAddressTextFlagTextAndTheDerivedIpVersion() {
        TcpSegment ack = Samples.plainAck(1_773_480_413_589_793L, 51000, 40000, 3_000_000_000L, 2_500_000_000L);

        assertThat(AvroJson.toJson(ack)).isEqualTo("{\"ts\":1773480413589793,\"domain\":7,\"agent_id\":7,"
                + "\"ip_version\":4,\"src_addr\":\"192.168.1.23\",\"dst_addr\":\"142.250.185.78\","
                + "\"src_port\":51000,\"dst_port\":443,\"seq\":3000000000,\"ack\":2500000000,\"flags\":\".\","
                + "\"window\":501,\"payload_len\":0,\"ip_total_len\":40,\"ttl\":64,\"ip_id\":40000,"
                + "\"fragment\":null,\"vlan_ids\":[],\"options\":null}");
    }

    @Test
    void anIpv6SynPrintsCanonicalAddressesAndItsNestedRecordsAsObjects() {
        String json = AvroJson.toJson(Samples.ipv6Syn());

        assertThat(json)
                .contains("\"agent_id\":4,\"ip_version\":6,\"src_addr\":\"2001:db8::1\",\"dst_addr\":\"::1\",")
                .contains("\"flags\":\"S\",")
                .contains("\"fragment\":{\"offset\":0,\"more_fragments\":true},\"vlan_ids\":[200,100],")
                .endsWith("\"options\":{\"tcp_header_len\":40,\"mss\":1440,\"window_scale\":7,"
                        + "\"sack_permitted\":true,\"sack_blocks\":[{\"left\":4294967000,\"right\":200}],"
                        + "\"ts_val\":2981775131,\"ts_ecr\":0,\"unknown_kinds\":[30]}}")
                .doesNotContain("\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"S., 0x012", "P., 0x018", "F., 0x011", "R, 0x004", "none, 0x000", "FSRP.UEW, 0x0FF"})
    void flagsPrintAsTcpdumpText(String text, String mask) {
        TcpSegment segment = Samples.plainAck(Samples.TS_2026, 40000, 9000, 1L << 31, 1L << 31);
        segment.setFlags(Integer.decode(mask));

        assertThat(AvroJson.toJson(segment)).contains("\"flags\":\"" + text + "\",");
    }

    @Test
    void anAnomalyPrintsEnumsAsSymbolsAndItsFlagsAsText() {
        assertThat(AvroJson.toJson(Samples.refused())).isEqualTo("{\"ts\":" + Samples.TS_2026 + ",\"domain\":7,"
                + "\"uid\":\"CSfin1a2b3c4d5e6f\",\"community_id\":\"1:LQU9qZlK+B5F3KDmev6m5PMibrg=\","
                + "\"orig_h\":\"10.0.0.5\",\"orig_p\":40000,\"resp_h\":\"10.0.0.9\",\"resp_p\":8080,"
                + "\"type\":\"CONNECTION_REFUSED\",\"severity\":\"LOW\","
                + "\"detail\":\"SYN seq 999 answered by RST/ACK ack 1000\",\"sender\":\"RESPONDER\","
                + "\"flags\":\"R.\",\"seq\":0,\"ack\":1000,\"payload_len\":0}");
    }

    @Test
    void nullUnionsPrintAsNull() {
        assertThat(AvroJson.toJson(Samples.handshakeTimeout()))
                .endsWith("\"sender\":null,\"flags\":null,\"seq\":null,\"ack\":null,\"payload_len\":null}");
    }

    @Test
    void stringsAreEscapedForJson() {
        TcpAnomaly anomaly = Samples.refused();
        anomaly.setDetail("say \"hi\" \\ tab\there\nnew\u0001 é \uD83D\uDE00 lone \uD800 end");

        assertThat(AvroJson.toJson(anomaly)).contains("\"detail\":"
                + "\"say \\\"hi\\\" \\\\ tab\\there\\nnew\\u0001 é \uD83D\uDE00 lone \\ud800 end\"");
    }

    @Test
    void aConnectionRecordPrintsItsDeltasAsANestedObject() throws Exception {
        ConnectionRecord record = new RandomRecords(1).next(ConnectionRecord.class);
        record.setOrigH(Samples.ipv6(0xfe80, 0, 0, 0, 0x0202, 0xb3ff, 0xfe1e, 0x8329));
        record.setRespH(Samples.ipv6(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201));
        record.setConnState(ConnState.SF);
        record.setCloseKind(CloseKind.FIN_ACK_COMBINED);
        record.setDeltas(InterimDeltas.newBuilder().setSinceTs(1L).setOrigPkts(2).setOrigBytes(3).setOrigIpBytes(4L)
                .setRespPkts(5).setRespBytes(6).setRespIpBytes(7L).setOrigRetransmittedPkts(8L)
                .setRespRetransmittedPkts(9L).setMissedBytes(10L).setAnomalyCount(11L).build());

        JsonNode json = JSON.readTree(AvroJson.toJson(record));

        assertThat(json.get("orig_h").asText()).isEqualTo("fe80::202:b3ff:fe1e:8329");
        assertThat(json.get("resp_h").asText()).isEqualTo("::ffff:192.0.2.1");
        assertThat(json.get("conn_state").asText()).isEqualTo("SF");
        assertThat(json.get("close_kind").asText()).isEqualTo("FIN_ACK_COMBINED");
        assertThat(json.get("deltas").get("since_ts").asLong()).isEqualTo(1);
        assertThat(json.get("deltas").get("anomaly_count").asLong()).isEqualTo(11);
        // A real field here (derived and inserted only for TcpSegment), so it prints its own value.
        assertThat(json.get("ip_version").asInt()).isEqualTo(record.getIpVersion());
    }

    @Test
    void genericRecordsPrintMapsFixedBytesAndNonFiniteNumbers() {
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "Probe", "namespace": "example", "fields": [
                  {"name": "labels", "type": {"type": "map", "values": "string"}},
                  {"name": "next_h", "type": {"type": "fixed", "name": "Ip4", "size": 4}},
                  {"name": "short_h", "type": "bytes"},
                  {"name": "blob", "type": "bytes"},
                  {"name": "flags", "type": "int"},
                  {"name": "ratio", "type": "double"},
                  {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["ONE", "TWO"]}}
                ]}""");
        GenericRecord probe = new GenericData.Record(schema);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("rack", "r1");
        labels.put("q\"uote", "x");
        probe.put("labels", labels);
        probe.put("next_h", new GenericData.Fixed(schema.getField("next_h").schema(), new byte[] {8, 8, 4, 4}));
        probe.put("short_h", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        probe.put("blob", ByteBuffer.wrap(new byte[] {(byte) 0xde, (byte) 0xad, 0x00}));
        probe.put("flags", 18);
        probe.put("ratio", Double.NaN);
        probe.put("kind", new GenericData.EnumSymbol(schema.getField("kind").schema(), "TWO"));

        assertThat(AvroJson.toJson(probe)).isEqualTo("{\"labels\":{\"rack\":\"r1\",\"q\\\"uote\":\"x\"},"
                + "\"next_h\":\"8.8.4.4\",\"short_h\":\"010203\",\"blob\":\"dead00\",\"flags\":18,"
                + "\"ratio\":\"NaN\",\"kind\":\"TWO\"}");
    }

    @Test
    void appendAddsToWhatIsAlreadyInTheBuilder() {
        StringBuilder out = new StringBuilder("> ");

        AvroJson.append(out, Samples.handshakeTimeout());

        assertThat(out.toString()).startsWith("> {\"ts\":").endsWith("}");
    }

    @Test
    void everyRecordOfEveryTypeIsValidJsonWithItsSchemaFieldsInOrder() throws Exception {
        RandomRecords random = new RandomRecords(99);
        for (int i = 0; i < 300; i++) {
            assertFieldsInOrder(random.next(TcpSegment.class));
            assertFieldsInOrder(random.next(ConnectionRecord.class));
            assertFieldsInOrder(random.next(TcpAnomaly.class));
        }
    }

    private static void assertFieldsInOrder(IndexedRecord record) throws Exception {
        String line = AvroJson.toJson(record);
        JsonNode json = JSON.readTree(line);

        List<String> expected = new ArrayList<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            expected.add(field.name());
            if (record instanceof TcpSegment && field.name().equals("agent_id")) {
                expected.add("ip_version");
            }
        }
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        assertThat(names).as(line).containsExactlyElementsOf(expected);
        assertThat(line).doesNotContain("\n");
        if (record instanceof TcpSegment segment) {
            assertThat(json.get("flags").asText()).isEqualTo(TcpFlags.toTcpdump(segment.getFlags()));
        }
    }
}
