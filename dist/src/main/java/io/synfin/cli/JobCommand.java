package io.synfin.cli;

import io.synfin.job.EmbeddedRun;
import io.synfin.job.JobConfig;
import io.synfin.job.functions.ConnectionTrackerFunction;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code synfin job}: the Flink job on an embedded MiniCluster, reading {@code tcp.segments} and writing
 * {@code tcp.connections}, {@code tcp.anomalies} and {@code tcp.deadletter} with exactly-once sinks.
 */
@Command(
        name = "job",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the SynFin Flink job on an embedded MiniCluster; prints the Flink web UI address.",
            "With --bounded it reads up to the offsets that exist at start, flushes every connection and exits 0."
        })
final class JobCommand implements Callable<Integer> {

    @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    private String bootstrap;

    @Option(names = "--parallelism", defaultValue = "2", description = "job parallelism, at most the partitions of tcp.segments (default: ${DEFAULT-VALUE})")
    private int parallelism;

    @Option(names = "--state", defaultValue = "heap", description = "keyed state: heap or rocksdb (incremental checkpoints) (default: ${DEFAULT-VALUE})")
    private JobConfig.StateKind state;

    @Option(names = "--checkpoint-dir", description = "checkpoint storage, e.g. file:///var/lib/synfin/checkpoints (default: <tmp>/synfin-checkpoints)")
    private String checkpointDir;

    @Option(names = "--bounded", description = "replay mode: stop at the offsets that exist at start")
    private boolean bounded;

    @Option(names = "--live-trackers", defaultValue = "" + ConnectionTrackerFunction.DEFAULT_LIVE_TRACKERS,
            description = "trackers each tracker instance keeps live; the rest are packed in keyed state (default: ${DEFAULT-VALUE})")
    private int liveTrackers;

    @Override
    public Integer call() throws Exception {
        JobConfig defaults = JobConfig.defaults(bootstrap);
        JobConfig config = defaults.withParallelism(parallelism)
                .withState(state)
                .withBounded(bounded)
                .withLiveTrackers(liveTrackers)
                .withCheckpoints(checkpointDir, defaults.checkpointInterval());
        EmbeddedRun.run(config, System.out);
        return 0;
    }
}
