package io.synfin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synfin.cli.analyze.Analysis;
import io.synfin.cli.analyze.AnalyzeOutput;
import io.synfin.cli.demo.DemoRun;
import io.synfin.cli.demo.DemoSummary;
import io.synfin.core.TrackerConfig;
import io.synfin.schema.AnomalyType;
import io.synfin.schema.CloseKind;
import io.synfin.schema.ConnState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's own path in this JVM on the bundled capture: its broker, its job (bounded replay), the agent
 * and the live table. The connection endings and anomalies the table counted are exactly those
 * {@code synfin analyze} finds in the same file, the table and summary say so, and closing the run leaves
 * no broker port, temporary directory or non-daemon thread behind.
 */
class DemoITCase {

    /** The bundled capture's TCP segments (capinfos: 1343 packets, every one a TCP segment). */
    private static final long SEGMENTS = 1343;

    @TempDir
    static Path tmp;

    private static Map<DemoSummary.Ending, Long> expectedEndings;
    private static Map<AnomalyType, Long> expectedAnomalies;

    @BeforeAll
    static void analyzeTheBundledCapture() throws IOException {
        Path capture = tmp.resolve("demo.pcapng");
        try (InputStream in = DemoRun.class.getResourceAsStream(DemoRun.BUNDLED_CAPTURE)) {
            assertThat(in).as("bundled capture on the classpath").isNotNull();
            Files.copy(in, capture);
        }
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(json, false, StandardCharsets.UTF_8);
                PrintStream err = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8)) {
            assertThat(AnalyzeOutput.run(new Analysis(TrackerConfig.DEFAULTS, false, 0), capture.toString(),
                    AnalyzeOutput.Mode.JSON, null, out, err)).isZero();
        }
        expectedEndings = new TreeMap<>();
        expectedAnomalies = new EnumMap<>(AnomalyType.class);
        ObjectMapper mapper = new ObjectMapper();
        for (String line : json.toString(StandardCharsets.UTF_8).lines().toList()) {
            JsonNode node = mapper.readTree(line);
            if (node.get("record").asText().equals("connection")) {
                expectedEndings.merge(new DemoSummary.Ending(ConnState.valueOf(node.get("conn_state").asText()),
                        CloseKind.valueOf(node.get("close_kind").asText())), 1L, Long::sum);
            } else {
                expectedAnomalies.merge(AnomalyType.valueOf(node.get("type").asText()), 1L, Long::sum);
            }
        }
    }

    @Test
    @Timeout(300)
    void theDemoShowsWhatAnalyzeFindsAndLeavesNothingBehind() throws Exception {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        DemoRun.Result result;
        Path dir;
        String bootstrap;
        try (PrintStream out = new PrintStream(table, true, StandardCharsets.UTF_8);
                PrintStream err = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
                DemoRun run = new DemoRun(DemoRun.Options.replay(null), out, err)) {
            result = run.run();
            dir = run.directory();
            bootstrap = run.bootstrap();
            assertThat(dir).isDirectory();
        }

        // The capture shows every kind of ending the scenarios were made for, and the demo saw each one.
        assertThat(expectedEndings.keySet()).extracting(DemoSummary.Ending::closeKind).contains(
                CloseKind.FOUR_WAY, CloseKind.FIN_ACK_COMBINED, CloseKind.SIMULTANEOUS, CloseKind.REFUSED,
                CloseKind.HANDSHAKE_TIMEOUT, CloseKind.RESET_BY_ORIGINATOR, CloseKind.RESET_BY_RESPONDER);
        assertThat(result.summary().endings()).isEqualTo(expectedEndings);
        assertThat(result.summary().anomalies()).isEqualTo(expectedAnomalies);
        assertThat(result.summary().interimRecords()).isZero();
        assertThat(result.summary().undecodableRecords()).isZero();
        assertThat(result.segments()).isEqualTo(SEGMENTS);
        assertThat(result.stopped()).isFalse();

        long connections = expectedEndings.values().stream().mapToLong(Long::longValue).sum();
        long anomalies = expectedAnomalies.values().stream().mapToLong(Long::longValue).sum();
        List<String> lines = table.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.stream().filter(l -> l.startsWith("conn ")).count()).isEqualTo(connections);
        assertThat(lines.stream().filter(l -> l.startsWith("ANOM ")).count()).isEqualTo(anomalies);
        assertThat(lines).contains(connections + " connections (0 interim records), " + anomalies + " anomalies");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("  segments:       " + SEGMENTS + " published"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("  by conn_state:  ").contains("REJ=1", "S0=1"));

        assertThat(dir).doesNotExist();
        assertThat(refused(bootstrap)).as("broker port %s closed", bootstrap).isTrue();
        assertThat(newNonDaemonThreads(before, Duration.ofSeconds(30))).isEmpty();
    }

    private static boolean refused(String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))), 2000);
            return false;
        } catch (ConnectException e) {
            return true;
        }
    }

    /** Non-daemon threads started since {@code before} and still alive after up to {@code wait} (threads end asynchronously). */
    private static List<String> newNonDaemonThreads(Set<Thread> before, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            List<String> left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive() && !t.isDaemon())
                    .map(Thread::getName).sorted().toList();
            if (left.isEmpty() || System.nanoTime() - deadline > 0) {
                return left;
            }
            Thread.sleep(100);
        }
    }
}
