package io.synfin.cli;

import io.synfin.cli.bench.BenchRun;
import io.synfin.cli.bench.Stage;
import io.synfin.cli.demo.DemoRun;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
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
            "one capture (generated with --packets, or --read), and argus and tshark on the same file when installed."
        })
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--packets", defaultValue = "1000000", description = "packets of the generated capture (default: ${DEFAULT-VALUE})")
    private long packets;

    @Option(names = "--read", paramLabel = "FILE", description = "measure this capture instead of generating one")
    private Path file;

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
            List<Stage> stages = new BenchRun(capture, dir, System.err).run();
            out.printf(Locale.ROOT, "synfin bench, %s, %d cores, %s (%d bytes)%n%n", LocalDate.now(),
                    Runtime.getRuntime().availableProcessors(), capture.getFileName(), Files.size(capture));
            BenchRun.print(stages, out);
            out.printf(Locale.ROOT, "%npeak resident memory of this process (every in-process stage): %d MiB%n", BenchRun.peakRssMiB());
            out.println("latency from a connection's last segment to its record: not measured by this version");
            return 0;
        } finally {
            DemoRun.deleteTree(dir);
        }
    }
}
