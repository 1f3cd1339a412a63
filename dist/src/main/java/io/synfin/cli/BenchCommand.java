package io.synfin.cli;

import io.synfin.cli.bench.BenchRun;
import io.synfin.cli.bench.Report;
import io.synfin.cli.demo.DemoRun;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code synfin bench}: generates a large synthetic capture and measures each stage of the pipeline on
 * it, printing a markdown table (segments/s, CPU seconds per million segments) and the peak memory.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measures decode, analyze, agent -> broker, and the job (heap and RocksDB state) one after another on",
            "one capture (generated with --packets, or --read); then agent, broker and the unbounded job at once,",
            "as fast as possible (throughput) and paced (latency from a connection's last segment to its record);",
            "and argus and tshark on the same file when installed."
        })
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--packets", defaultValue = "1000000", description = "packets of the generated capture (default: ${DEFAULT-VALUE})")
    private long packets;

    @Option(names = "--read", paramLabel = "FILE", description = "measure this capture instead of generating one")
    private Path file;

    @Option(names = "--checkpoint-interval", paramLabel = "SECONDS", defaultValue = "10",
            description = "the concurrent job's checkpoint interval in seconds, fractions allowed (0.5); read_committed consumers see records at checkpoints (default: ${DEFAULT-VALUE}, the job's)")
    private double checkpointSeconds;

    @Option(names = "--paced-speed", defaultValue = "1",
            description = "the latency run replays at this multiple of the capture's pace (default: ${DEFAULT-VALUE})")
    private double pacedSpeed;

    @Option(names = "--paced-packets", defaultValue = "1200000",
            description = "packets of the latency run's generated capture (default: ${DEFAULT-VALUE})")
    private long pacedPackets;

    @Option(names = "--paced-rate", defaultValue = "1000",
            description = "new connections per second of the latency run's capture (default: ${DEFAULT-VALUE}): with the "
                    + "default packets it spans about 80 s, past the tracker's 60 s TIME_WAIT, so closed connections' records come due within it")
    private int pacedRate;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Path dir = Files.createTempDirectory("synfin-bench-");
        try {
            Path capture = file;
            if (capture == null) {
                capture = dir.resolve("bench.pcap");
                System.err.println("synfin bench: generating " + packets + " packets into " + capture);
                int rc = SynFin.commandLine().execute("generate", capture.toString(), "--packets", Long.toString(packets));
                if (rc != 0) {
                    return rc;
                }
            }
            Path paced = dir.resolve("paced.pcap");
            System.err.println("synfin bench: generating " + pacedPackets + " packets at " + pacedRate + " connections/s into " + paced);
            int pacedRc = SynFin.commandLine().execute("generate", paced.toString(), "--packets", Long.toString(pacedPackets),
                    "--rate", Integer.toString(pacedRate));
            if (pacedRc != 0) {
                return pacedRc;
            }
            Report report = new BenchRun(capture, paced, dir, System.err, Duration.ofMillis(Math.max(1, Math.round(checkpointSeconds * 1000))), pacedSpeed).run();
            out.printf(Locale.ROOT, "synfin bench, %s, %d cores, %s (%d bytes)%n%n", LocalDate.now(),
                    Runtime.getRuntime().availableProcessors(), capture.getFileName(), Files.size(capture));
            report.print(out);
            return 0;
        } finally {
            DemoRun.deleteTree(dir);
        }
    }
}
