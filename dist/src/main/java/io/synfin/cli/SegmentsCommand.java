package io.synfin.cli;

import io.synfin.agent.capture.CaptureException;
import io.synfin.agent.capture.CaptureFiles;
import io.synfin.agent.capture.CaptureSource;
import io.synfin.agent.decode.DecodeCounters;
import io.synfin.agent.decode.DecodeStatus;
import io.synfin.agent.decode.DecodedSegment;
import io.synfin.agent.decode.SegmentDecoder;
import io.synfin.schema.json.AvroJson;
import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code synfin segments FILE}: decodes a pcap or pcapng file (or standard input) and prints one JSON
 * object per TCP segment with the {@code TcpSegment} Avro field names, then the decode counters on
 * standard error. The engineer's first look at what the agent would publish.
 */
@Command(
        name = "segments",
        mixinStandardHelpOptions = true,
        description = {
            "Prints one JSON object per TCP segment of a pcap/pcapng file, with the TcpSegment field names,",
            "then the decode counters on stderr. Exit code 0, or 2 when the file is corrupt (after every good segment)."
        })
final class SegmentsCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "pcap or pcapng file; '-' reads standard input")
    private String file;

    @Option(names = "--agent-id", defaultValue = "0", description = "agent id written into each segment (default: ${DEFAULT-VALUE})")
    private int agentId;

    @Option(names = "--domain", description = "observation domain (default: the agent id)")
    private Integer domain;

    @Option(names = "--verify-checksums", description = "verify TCP checksums (segments are printed either way)")
    private boolean verifyChecksums;

    @Override
    public Integer call() {
        // one large buffer over stdout: millions of lines must not each pay for a flush
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
        return run(file, agentId, domain == null ? agentId : domain, verifyChecksums, out, System.err);
    }

    /** Decodes {@code file} and prints its segments; returns the process exit code. */
    static int run(String file, int agentId, int domain, boolean verifyChecksums, PrintStream out, PrintStream err) {
        SegmentDecoder decoder = new SegmentDecoder(verifyChecksums);
        DecodedSegment segment = new DecodedSegment();
        StringBuilder line = new StringBuilder(512);
        int exit = 0;
        try (CaptureSource source = CaptureFiles.open(file)) {
            source.run(frame -> {
                if (decoder.decode(frame, segment) == DecodeStatus.OK) {
                    line.setLength(0);
                    AvroJson.append(line, segment.toAvro(domain, agentId)).append('\n');
                    out.append(line);
                }
            });
        } catch (CaptureException e) {
            err.println("synfin segments: " + e.getMessage());
            exit = 2;
        }
        out.flush();
        printCounters(decoder.counters(), err);
        return exit;
    }

    static void printCounters(DecodeCounters counters, PrintStream err) {
        err.println("frames=" + counters.total() + " " + counters.summary());
    }
}
