package io.synfin.cli;

import io.synfin.cli.analyze.Analysis;
import io.synfin.cli.analyze.AnalyzeOutput;
import io.synfin.core.TrackerConfig;
import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code synfin analyze FILE}: the connection tracker on one capture file, with no Kafka and no Flink.
 * For the engineer with one pcap who wants to know what happened to a handshake or a teardown.
 */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the connection tracker over a pcap/pcapng file: one line per connection, then a summary.",
            "Timers follow capture time; every connection still open at the end is flushed (END_OF_INPUT).",
            "Exit code 0; 1 when --ladder names no connection; 2 when the file is corrupt (after all it could read)."
        })
final class AnalyzeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "pcap or pcapng file; '-' reads standard input")
    private String file;

    @Option(names = "--json", description = "one JSON object per line: \"record\":\"connection\" or \"anomaly\", Avro field names")
    private boolean json;

    @Option(names = "--ladder", paramLabel = "UID", description = "the exchange of one connection as a sequence diagram")
    private String ladderUid;

    @Option(names = "--verify-checksums", description = "verify TCP checksums: bad ones leave C/c in history and do not change state")
    private boolean verifyChecksums;

    @Option(names = "--domain", defaultValue = "0", description = "observation domain of the capture (default: ${DEFAULT-VALUE})")
    private int domain;

    @Override
    public Integer call() {
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
        Analysis analysis = new Analysis(TrackerConfig.DEFAULTS, verifyChecksums, domain);
        AnalyzeOutput.Mode mode = ladderUid != null ? AnalyzeOutput.Mode.LADDER : json ? AnalyzeOutput.Mode.JSON : AnalyzeOutput.Mode.TABLE;
        return AnalyzeOutput.run(analysis, file, mode, ladderUid, out, System.err);
    }
}
