package io.synfin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synfin.cli.analyze.Analysis;
import io.synfin.cli.analyze.AnalyzeOutput;
import io.synfin.core.TrackerConfig;
import io.synfin.schema.ConnectionRecord;
import io.synfin.schema.TcpAnomaly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Captures.Output analyze(Path file, AnalyzeOutput.Mode mode, String uid) {
        Analysis analysis = new Analysis(TrackerConfig.DEFAULTS, false, 0);
        return Captures.capture((out, err) -> AnalyzeOutput.run(analysis, file.toString(), mode, uid, out, err));
    }

    @Test
    void tablePrintsOneLinePerConnectionInStartOrderThenASummary() {
        Captures.Output output = analyze(Captures.decoderCapture("ipv4_mixed.pcap"), AnalyzeOutput.Mode.TABLE, null);

        assertThat(output.exit()).isZero();
        List<String> lines = output.lines();
        assertThat(lines.get(0)).contains("start (UTC)", "state", "close", "uid");
        List<String> rows = lines.subList(1, 6);
        assertThat(rows).extracting(r -> r.substring(0, 26)).isSorted();
        assertThat(String.join("\n", rows)).contains(" REJ ", " REFUSED ", " RSTR ", " SF ");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("5 connections, 1 anomalies; 48 TCP segments of 48 frames in "));
        assertThat(output.out()).contains("by conn_state:  SF=3  REJ=1  RSTR=1").contains("anomalies:      CONNECTION_REFUSED=1");
    }

    @Test
    void jsonLinesCarryTheAvroFieldNamesOfRecordsAndAnomalies() throws Exception {
        Captures.Output output = analyze(Captures.decoderCapture("ipv4_mixed.pcap"), AnalyzeOutput.Mode.JSON, null);

        assertThat(output.exit()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.lines()) {
            lines.add(JSON.readTree(line));
        }
        List<JsonNode> connections = lines.stream().filter(l -> l.get("record").asText().equals("connection")).toList();
        List<JsonNode> anomalies = lines.stream().filter(l -> l.get("record").asText().equals("anomaly")).toList();
        assertThat(connections).hasSize(5);
        assertThat(anomalies).hasSize(1);
        assertThat(fieldNames(connections.get(0))).containsExactlyElementsOf(withRecord(ConnectionRecord.getClassSchema()));
        assertThat(fieldNames(anomalies.get(0))).containsExactlyElementsOf(withRecord(TcpAnomaly.getClassSchema()));
        JsonNode refused = anomalies.get(0);
        assertThat(refused.get("type").asText()).isEqualTo("CONNECTION_REFUSED");
        assertThat(refused.get("resp_p").asInt()).isEqualTo(79);
        JsonNode rej = connections.stream().filter(c -> c.get("conn_state").asText().equals("REJ")).findFirst().orElseThrow();
        assertThat(rej.get("uid").asText()).isEqualTo(refused.get("uid").asText());
        assertThat(rej.get("history").asText()).isEqualTo("Sr");
        assertThat(rej.get("orig_h").asText()).isEqualTo("10.77.0.1");
    }

    @Test
    void ladderShowsBothEndpointsThroughASimultaneousClose() {
        Path file = Captures.SCENARIOS.resolve("simultaneous_close.pcap");
        String table = analyze(file, AnalyzeOutput.Mode.TABLE, null).lines().get(1);
        String uid = table.substring(table.lastIndexOf(' ') + 1);

        Captures.Output output = analyze(file, AnalyzeOutput.Mode.LADDER, uid);

        assertThat(output.exit()).isZero();
        assertThat(output.out())
                .contains("connection " + uid)
                .contains("CLOSED -> SYN_SENT", "SYN_SENT -> ESTABLISHED", "SYN_RECEIVED -> ESTABLISHED")
                .contains("ESTABLISHED -> FIN_WAIT_1", "FIN_WAIT_1 -> CLOSING", "CLOSING -> TIME_WAIT")
                .contains(" S seq=0 ", " S. seq=0 ack=1 ")
                .contains("conn_state SF", "close SIMULTANEOUS");
        // both FINs leave before either side has seen the other's: one arrow each way with F
        assertThat(output.lines().stream().filter(l -> l.contains(" F. ")).count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void ladderOfAnUnknownUidIsExitCodeOne() {
        Captures.Output output = analyze(Captures.decoderCapture("ipv4_mixed.pcap"), AnalyzeOutput.Mode.LADDER, "Cnope");
        assertThat(output.exit()).isEqualTo(1);
        assertThat(output.err()).contains("no connection with uid Cnope");
    }

    @Test
    void truncatedFileStillFlushesWhatItSawAndExitsTwo(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(Captures.decoderCapture("ipv4_mixed.pcap"));
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(whole, 3000));

        Captures.Output output = analyze(cut, AnalyzeOutput.Mode.TABLE, null);

        assertThat(output.exit()).isEqualTo(2);
        assertThat(output.err()).contains("cut.pcap: at byte offset 2817");
        assertThat(output.out()).contains("15 TCP segments of 15 frames");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static List<String> withRecord(Schema schema) {
        List<String> names = new ArrayList<>(List.of("record"));
        schema.getFields().forEach(f -> names.add(f.name()));
        return names;
    }
}
