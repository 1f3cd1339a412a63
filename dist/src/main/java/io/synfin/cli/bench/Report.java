package io.synfin.cli.bench;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What {@code synfin bench} measured, printed as a markdown table of stages, the concurrent pipeline's
 * latency, analyze beside argus and tshark, and a line on each of SynFin's speed targets.
 *
 * @param whole the unpaced concurrent run (throughput)
 * @param paced the paced concurrent run (latency)
 */
public record Report(List<Stage> stages, PipelineRun.Result whole, PipelineRun.Result paced, Duration watermarkDelay,
        Duration checkpointInterval, double pacedSpeed) {

    /** SynFin's throughput target for agent, broker and job together on the 2-core machine. */
    static final double TARGET_SEGMENTS_PER_SECOND = 250_000;

    public void print(PrintStream out) {
        out.println(Stage.header());
        stages.forEach(stage -> out.println(stage.row()));
        Stage analyze = find("analyze");
        Stage agent = find("agent");
        Stage heap = find("job, heap");
        if (agent != null && heap != null) {
            double wall = agent.wallSeconds() + heap.wallSeconds();
            out.printf(Locale.ROOT, "%nagent → broker, then the job (heap), one after the other: %.0f segments/s%n",
                    agent.segments() / wall);
        }
        for (String tool : List.of("argus", "tshark")) {
            Stage other = find(tool);
            if (analyze != null && other != null) {
                out.printf(Locale.ROOT, "analyze vs %s: wall %.2f s vs %.2f s (%s/analyze %.2f), CPU %.2f s vs %.2f s (%.2f)%n",
                        tool, analyze.wallSeconds(), other.wallSeconds(), tool, other.wallSeconds() / analyze.wallSeconds(),
                        analyze.cpuSeconds(), other.cpuSeconds(), other.cpuSeconds() / analyze.cpuSeconds());
            }
        }
        out.printf(Locale.ROOT, "%nlatency from the segment that makes a connection record due to the record (paced replay, "
                + "checkpoint interval %s s):%n", BigDecimal.valueOf(checkpointInterval.toMillis(), 3).stripTrailingZeros().toPlainString());
        out.println("  read_uncommitted: " + paced.uncommitted().text() + missing(paced.missingUncommitted(), paced.owed()));
        out.println("  read_committed:   " + paced.committed().text() + missing(paced.missingCommitted(), paced.owed()));
        out.println("  read_uncommitted, timer-driven records only (due when the watermark passes a deadline): "
                + paced.uncommittedTimers().text());
        if (paced.unexpected() > 0) {
            out.printf(Locale.ROOT, "  %d records on the topic that the analysis of the capture does not predict%n", paced.unexpected());
        }
        out.printf(Locale.ROOT, "%npeak resident memory of this process (every in-process stage): %d MiB%n", BenchRun.peakRssMiB());
        printTargets(out);
    }

    private static String missing(long missing, long owed) {
        return missing == 0 ? "" : String.format(Locale.ROOT, " (%d of %d owed records not seen)", missing, owed);
    }

    private void printTargets(PrintStream out) {
        double rate = whole.stage().segmentsPerSecond();
        double bound = watermarkDelay.toMillis() / 1e3 + 1;
        out.printf(Locale.ROOT, "%ntargets:%n");
        out.printf(Locale.ROOT, "- whole pipeline (agent, broker and job at once) >= 250000 segments/s: %s, %.0f segments/s%n",
                rate >= TARGET_SEGMENTS_PER_SECOND ? "met" : "not met", rate);
        out.printf(Locale.ROOT, "- p99 latency <= watermark delay + 1 s = %.1f s: read_uncommitted %s (%.3f s); "
                        + "read_committed %s (%.3f s, bounded below by the checkpoint interval)%n", bound,
                meets(paced.uncommitted(), bound), paced.uncommitted().p99(), meets(paced.committed(), bound), paced.committed().p99());
    }

    private static String meets(Latency latency, double bound) {
        return latency.count() > 0 && latency.p99() <= bound ? "met" : "not met";
    }

    /** The first stage whose name starts with {@code prefix}, or null. */
    public Stage find(String prefix) {
        return stages.stream().filter(s -> s.name().startsWith(prefix)).findFirst().orElse(null);
    }
}
