package io.synfin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synfin.core.segment.TcpFlags;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code synfin segments} against Wireshark's decoder on every real capture made for the decoder: the
 * same number of TCP segments, in the same order, with the same flags, seq and ack. tshark is the
 * reference (installed by the test command); each file covers one encapsulation.
 */
class SegmentsMatchTsharkITCase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"ipv4_mixed.pcap", "ipv6_nano.pcap", "vlan_qinq.pcap", "any_sll2.pcap", "two_interfaces.pcapng"})
    void everySegmentMatchesTshark(String name) throws Exception {
        Path file = Captures.decoderCapture(name);
        Captures.Output output = Captures.capture((out, err) -> SegmentsCommand.run(file.toString(), 7, 7, false, out, err));
        assertThat(output.exit()).as(output.err()).isZero();

        List<String> ours = new ArrayList<>();
        for (String line : output.lines()) {
            JsonNode segment = JSON.readTree(line);
            ours.add(segment.get("flags").asText() + " " + segment.get("seq").asLong() + " " + segment.get("ack").asLong());
        }
        List<String> tshark = new ArrayList<>();
        for (String line : Captures.run(List.of("tshark", "-r", file.toString(), "-Y", "tcp", "-T", "fields",
                "-e", "tcp.flags", "-e", "tcp.seq_raw", "-e", "tcp.ack_raw", "-E", "separator=,"))) {
            String[] f = line.split(",");
            int flags = Integer.decode(f[0]) & TcpFlags.ALL;
            tshark.add(TcpFlags.toTcpdump(flags) + " " + f[1] + " " + f[2]);
        }

        assertThat(tshark).as("tshark finds TCP in %s", name).isNotEmpty();
        assertThat(ours).containsExactlyElementsOf(tshark);
        assertThat(output.err()).contains("OK=" + tshark.size());
    }
}
