package io.synfin.cli;

import io.synfin.agent.capture.CaptureException;
import io.synfin.cli.demo.DemoRun;
import io.synfin.job.JobConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code synfin demo}: broker, job and agent in this process on a bundled real capture (or a live
 * interface), with a live table of connection records and anomalies and a closing summary.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the whole pipeline in this process: an embedded Kafka broker (temporary directory), the SynFin",
            "job on a Flink MiniCluster and the agent replaying a bundled real capture that shows every kind of",
            "connection ending. Prints connection records and anomalies as the job commits them, then a summary,",
            "and exits 0 with nothing left behind. Ctrl-C stops everything cleanly at any time."
        })
final class DemoCommand implements Callable<Integer> {

    /** How long Ctrl-C waits for the run to stop its job and broker before the JVM goes anyway. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

    @Option(names = "--read", paramLabel = "FILE", description = "replay this pcap/pcapng file instead of the bundled capture")
    private String file;

    @Option(names = "--interface", paramLabel = "IF", description = "capture live on this interface instead (runs until Ctrl-C)")
    private String iface;

    @Option(names = "--filter", paramLabel = "BPF", description = "BPF filter for --interface (default: tcp); the demo's own broker and web UI ports are always left out")
    private String filter;

    @Option(names = "--keep-running", description = "after the replay, keep broker and job up (Flink web UI) until Ctrl-C")
    private boolean keepRunning;

    @Option(names = "--partitions", defaultValue = "2", description = "partitions of each topic (default: ${DEFAULT-VALUE})")
    private int partitions;

    @Option(names = "--parallelism", defaultValue = "2", description = "job parallelism, at most --partitions (default: ${DEFAULT-VALUE})")
    private int parallelism;

    @Option(names = "--state", defaultValue = "heap", description = "keyed state: heap or rocksdb (default: ${DEFAULT-VALUE})")
    private JobConfig.StateKind state;

    @Override
    public Integer call() throws Exception {
        if (partitions < 1 || parallelism < 1 || parallelism > partitions) {
            System.err.println("synfin demo: need 1 <= --parallelism <= --partitions");
            return 1;
        }
        if (iface != null && file != null) {
            System.err.println("synfin demo: --read and --interface exclude each other");
            return 1;
        }
        DemoRun.Options options = new DemoRun.Options(file, iface, filter,
                keepRunning, partitions, parallelism, state);
        DemoRun run = new DemoRun(options, System.out, System.err);
        // Ctrl-C / SIGTERM: end the run, then let this thread print the summary and stop everything. The
        // run is closed before the hook (resources close in reverse), so the JVM waits for the cleanup.
        try (StopHook hook = StopHook.install("synfin-demo-stop", run::stop, STOP_TIMEOUT); run) {
            run.run();
        } catch (CaptureException e) {
            System.err.println("synfin demo: " + e.getMessage());
            return 2;
        }
        System.err.println("synfin demo: stopped the job and the broker, deleted " + run.directory());
        return 0;
    }
}
