package io.synfin.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.agent.capture.CaptureException;
import io.synfin.agent.capture.CaptureFiles;
import io.synfin.agent.capture.CaptureSource;
import io.synfin.agent.capture.RawFrame;
import io.synfin.agent.decode.DecodeStatus;
import io.synfin.agent.decode.DecodedSegment;
import io.synfin.agent.decode.SegmentDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The direct encoder against the record + codec path on every frame of the project's real captures
 * ({@code testdata/captures}, beside the modules), and on their TCP frames mutated with a fixed seed: a
 * bit flip or a random byte keeps most of them decodable, with unusual field values.
 */
class SegmentEncoderCapturesTest {

    private static final Path CAPTURES = Path.of("..", "testdata", "captures").toAbsolutePath().normalize();
    private static final int MUTANTS_PER_FRAME = 40;
    private static final int DOMAIN = 12;
    private static final int AGENT_ID = 345;

    static Stream<Path> captures() throws IOException {
        List<Path> top;
        List<Path> scenarios;
        try (Stream<Path> files = Files.list(CAPTURES)) {
            top = files.filter(f -> f.getFileName().toString().matches(".*\\.pcap(ng)?")).sorted().toList();
        }
        try (Stream<Path> files = Files.list(CAPTURES.resolve("scenarios"))) {
            scenarios = files.filter(f -> f.getFileName().toString().endsWith(".pcap")).sorted().toList();
        }
        return Stream.concat(top.stream(), scenarios.stream());
    }

    @Test
    void theCapturesAreThere() throws IOException {
        // Both folders as the README lists them; an empty list would pass every parameterized case.
        assertThat(captures().map(f -> f.getFileName().toString()))
                .contains("ipv4_mixed.pcap", "ipv6_nano.pcap", "vlan_qinq.pcap", "any_sll2.pcap",
                        "two_interfaces.pcapng", "client_close.pcap", "zero_window.pcap")
                .hasSizeGreaterThanOrEqualTo(19);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void everySegmentOfTheCaptureAndItsMutantsEncodeExactlyAsTheCodec(Path capture) throws CaptureException {
        SplittableRandom random = new SplittableRandom(capture.getFileName().toString().hashCode());
        SegmentDecoder originals = new SegmentDecoder();
        SegmentDecoder mutants = new SegmentDecoder();
        DecodedSegment segment = new DecodedSegment();
        SegmentEncoder encoder = new SegmentEncoder(DOMAIN, AGENT_ID);
        EncodingOracle originalOracle = new EncodingOracle();
        EncodingOracle mutantOracle = new EncodingOracle();

        try (CaptureSource source = CaptureFiles.open(capture.toString())) {
            source.run(frame -> {
                if (originals.decode(frame, segment) != DecodeStatus.OK) {
                    return;
                }
                originalOracle.check(segment, encoder, DOMAIN, AGENT_ID, capture.getFileName() + " frame " + frame.frameNumber());
                byte[] original = frame.copyBytes();
                for (int m = 0; m < MUTANTS_PER_FRAME; m++) {
                    byte[] bytes = mutate(original, random);
                    if (mutants.decode(frame.linkType(), ByteBuffer.wrap(bytes), 0, bytes.length, bytes.length, segment)
                            == DecodeStatus.OK) {
                        segment.setTsMicros(frame.timestampMicros());
                        mutantOracle.check(segment, encoder, DOMAIN, AGENT_ID, describe(capture, frame, m));
                    }
                }
            });
        }

        long segments = originals.counters().count(DecodeStatus.OK);
        assertThat(originalOracle.checked).isPositive().isEqualTo(segments);
        assertThat(mutants.counters().total()).isEqualTo(MUTANTS_PER_FRAME * segments);
        assertThat(mutantOracle.checked).isEqualTo(mutants.counters().count(DecodeStatus.OK));
        // Many mutants still decode: a changed address, port, number, flag or payload byte is no damage.
        assertThat(mutantOracle.checked).isGreaterThan(mutants.counters().total() / 8);
    }

    /** One to three random bit flips or byte replacements, anywhere in the frame. */
    private static byte[] mutate(byte[] original, SplittableRandom random) {
        byte[] bytes = original.clone();
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            int at = random.nextInt(bytes.length);
            if (random.nextBoolean()) {
                bytes[at] ^= (byte) (1 << random.nextInt(8));
            } else {
                bytes[at] = (byte) random.nextInt(256);
            }
        }
        return bytes;
    }

    private static String describe(Path capture, RawFrame frame, int mutant) {
        return capture.getFileName() + " frame " + frame.frameNumber() + " mutant " + mutant;
    }
}
