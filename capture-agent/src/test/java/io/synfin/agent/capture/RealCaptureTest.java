package io.synfin.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads a real three-interface pcapng made on this kind of machine (see
 * {@code src/test/resources/capture/README.md}) and compares every frame with what tshark reports.
 */
class RealCaptureTest {

    private static final String FIXTURE = "/capture/lo_veth_any.pcapng";
    private static final long TSHARK_SECONDS = 60;

    @TempDir
    Path dir;

    /** One line of tshark output: interface id, epoch time in nanoseconds, first protocol. */
    private record TsharkFrame(int interfaceId, long timestampNanos, String linkProtocol) {}

    @Test
    void everyFrameMatchesTsharkInInterfaceTimeAndLinkType() throws Exception {
        Path file = fixture();
        List<TsharkFrame> expected = tshark(file);

        FrameLog log = new FrameLog();
        try (CaptureSource source = CaptureFiles.open(file.toString())) {
            source.run(log);
        }

        assertThat(expected).hasSizeGreaterThanOrEqualTo(30);
        assertThat(log.frames).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            TsharkFrame want = expected.get(i);
            FrameLog.Seen got = log.frames.get(i);
            assertThat(got.interfaceId()).as("interface of frame %d", i + 1).isEqualTo(want.interfaceId());
            assertThat(got.timestampNanos()).as("time of frame %d", i + 1).isEqualTo(want.timestampNanos());
            assertThat(got.linkType()).as("link type of frame %d", i + 1).isEqualTo(linkTypeOf(want));
        }
        assertThat(log.frames).extracting(FrameLog.Seen::interfaceId).contains(0, 1, 2);
    }

    @Test
    void streamedFixtureGivesTheSameFramesAsTheFile() throws Exception {
        Path file = fixture();
        FrameLog mapped = new FrameLog();
        FrameLog streamed = new FrameLog();
        try (CaptureSource source = CaptureFiles.open(file.toString())) {
            source.run(mapped);
        }
        try (var in = Files.newInputStream(file);
                CaptureSource source = CaptureFiles.open(in, "stdin")) {
            source.run(streamed);
        }

        assertThat(streamed.frames).hasSameSizeAs(mapped.frames);
        for (int i = 0; i < mapped.frames.size(); i++) {
            assertThat(streamed.frames.get(i).bytes()).isEqualTo(mapped.frames.get(i).bytes());
            assertThat(streamed.frames.get(i).fileOffset()).isEqualTo(mapped.frames.get(i).fileOffset());
        }
    }

    /**
     * tshark names the first dissector, not the LINKTYPE: "eth" is EN10MB and "sll" is Linux cooked
     * capture; the fixture's README says dumpcap chose cooked v1 (113) for "any".
     */
    private static int linkTypeOf(TsharkFrame frame) {
        return switch (frame.linkProtocol()) {
            case "eth" -> LinkType.ETHERNET;
            case "sll" -> LinkType.LINUX_SLL;
            default -> throw new AssertionError("unexpected link protocol " + frame.linkProtocol());
        };
    }

    private Path fixture() throws URISyntaxException, IOException {
        // Copied so that tshark and the reader see the same path, whatever the classpath layout.
        Path copy = dir.resolve("lo_veth_any.pcapng");
        Files.copy(Path.of(RealCaptureTest.class.getResource(FIXTURE).toURI()), copy);
        return copy;
    }

    private List<TsharkFrame> tshark(Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("tshark", "-r", file.toString(), "-T", "fields",
                        "-e", "frame.interface_id", "-e", "frame.time_epoch", "-e", "frame.protocols")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(TSHARK_SECONDS, TimeUnit.SECONDS)).as("tshark finished").isTrue();
        assertThat(process.exitValue()).as("tshark exit code").isZero();
        List<TsharkFrame> frames = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\t");
            long nanos = new BigDecimal(fields[1]).movePointRight(9).longValueExact();
            frames.add(new TsharkFrame(Integer.parseInt(fields[0]), nanos, fields[2].split(":")[0]));
        }
        return frames;
    }
}
