package io.synfin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void printsOneJsonObjectPerSegmentWithTheAvroFieldNames() throws Exception {
        Path file = Captures.decoderCapture("ipv4_mixed.pcap");
        Captures.Output output = Captures.capture((out, err) -> SegmentsCommand.run(file.toString(), 3, 9, false, out, err));

        assertThat(output.exit()).isZero();
        assertThat(output.lines()).hasSize(48);
        JsonNode syn = JSON.readTree(output.lines().get(0));
        assertThat(syn.get("flags").asText()).isEqualTo("S");
        assertThat(syn.get("src_addr").asText()).isEqualTo("10.77.0.1");
        assertThat(syn.get("dst_port").asInt()).isEqualTo(80);
        assertThat(syn.get("agent_id").asInt()).isEqualTo(3);
        assertThat(syn.get("domain").asInt()).isEqualTo(9);
        assertThat(syn.get("ip_version").asInt()).isEqualTo(4);
        assertThat(syn.get("options").get("mss").asInt()).isEqualTo(1460);
        assertThat(JSON.readTree(output.lines().get(1)).get("flags").asText()).isEqualTo("S.");
        assertThat(output.err()).contains("frames=48").contains("OK=48");
    }

    @Test
    void nonTcpFramesAreCountedNotPrinted() {
        Path file = Captures.decoderCapture("vlan_qinq.pcap");
        Captures.Output output = Captures.capture((out, err) -> SegmentsCommand.run(file.toString(), 0, 0, false, out, err));

        assertThat(output.exit()).isZero();
        assertThat(output.lines()).hasSize(20);
        assertThat(output.err()).contains("frames=31").contains("NOT_IP=2").contains("NOT_TCP=9");
    }

    @Test
    void truncatedFilePrintsEveryGoodSegmentThenNamesTheOffset(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(Captures.decoderCapture("ipv4_mixed.pcap"));
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(whole, 3000));

        Captures.Output output = Captures.capture((out, err) -> SegmentsCommand.run(cut.toString(), 0, 0, false, out, err));

        assertThat(output.exit()).isEqualTo(2);
        assertThat(output.lines()).hasSize(15);
        assertThat(output.err()).contains("cut.pcap").contains("at byte offset 2817").contains("OK=15");
    }

    @Test
    void randomBytesAreAClearErrorNotACrash(@TempDir Path dir) throws Exception {
        Path garbage = dir.resolve("garbage.bin");
        byte[] bytes = new byte[4096];
        new java.util.Random(42).nextBytes(bytes);
        Files.write(garbage, bytes);

        Captures.Output output = Captures.capture((out, err) -> SegmentsCommand.run(garbage.toString(), 0, 0, false, out, err));

        assertThat(output.exit()).isEqualTo(2);
        assertThat(output.out()).isEmpty();
        assertThat(output.err()).contains("garbage.bin").contains("at byte offset 0");
    }
}
