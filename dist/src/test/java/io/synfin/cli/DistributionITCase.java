package io.synfin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packaged distribution ({@code target/synfin/lib}, what {@code ./synfin} runs) as a separate
 * process: every sub-command a user reaches first must find all its classes at run time, not only on
 * the test classpath.
 */
class DistributionITCase {

    private static final Path LIB = Path.of("target", "synfin", "lib").toAbsolutePath();

    private static List<String> synfin(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", LIB + "/*", "io.synfin.cli.SynFin"));
        command.addAll(List.of(args));
        return Captures.run(command);
    }

    @Test
    void analyzeJsonRunsFromTheDistribution() throws Exception {
        assertThat(Files.isDirectory(LIB)).as("packaged distribution at %s", LIB).isTrue();
        List<String> lines = synfin("analyze", "--json", Captures.decoderCapture("ipv4_mixed.pcap").toString());
        assertThat(lines).hasSize(6);
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(lines.get(0)).has("record")).isTrue();
    }

    @Test
    void segmentsAndTableRunFromTheDistribution() {
        assertThat(synfin("segments", Captures.decoderCapture("ipv6_nano.pcap").toString())).hasSize(22);
        assertThat(synfin("analyze", Captures.decoderCapture("any_sll2.pcap").toString()))
                .anySatisfy(l -> assertThat(l).startsWith("2 connections"));
    }
}
