package io.synfin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.cli.bench.BenchRun;
import io.synfin.cli.bench.Latency;
import io.synfin.cli.bench.PipelineRun;
import io.synfin.cli.bench.Report;
import io.synfin.cli.bench.Stage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code synfin bench} on a small generated capture: every stage, the concurrent pipeline included, counts
 * every generated segment, and the paced run times every record the job owes with a finite, non-negative latency.
 */
class BenchITCase {

    private static final int PACKETS = 30_000;
    private static final int PACED_PACKETS = 20_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(400)
    void everyStageSeesEverySegmentAndTheRecordsAreTimed() throws Exception {
        Path capture = dir.resolve("bench.pcap");
        assertThat(SynFin.commandLine().execute("generate", capture.toString(), "--packets", Integer.toString(PACKETS))).isZero();
        // 100 connections/s: the paced capture spans about 13 s, so reset connections' 5 s linger ends within it
        Path pacedCapture = dir.resolve("paced.pcap");
        assertThat(SynFin.commandLine().execute("generate", pacedCapture.toString(), "--packets", Integer.toString(PACED_PACKETS),
                "--rate", "100")).isZero();
        Report report;
        try (PrintStream log = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8)) {
            report = new BenchRun(capture, pacedCapture, dir, log, Duration.ofSeconds(1), 1).run();
        }
        List<Stage> stages = report.stages();
        assertThat(stages).extracting(Stage::name).startsWith("decode (capture file → segments)",
                "analyze (decode + tracker, no Kafka/Flink)", "agent → broker (publish, acks=all)",
                "job, heap state (bounded, parallelism 2)", "job, rocksdb state (bounded, parallelism 2)",
                BenchRun.WHOLE, "whole pipeline at once, paced replay (--speed 1.0, paced capture)");
        assertThat(stages).allSatisfy(stage -> {
            assertThat(stage.segments()).as(stage.name()).isEqualTo(stage.name().contains("paced") ? PACED_PACKETS : PACKETS);
            assertThat(stage.wallSeconds()).as(stage.name()).isPositive();
        });
        PipelineRun.Result whole = report.whole();
        assertThat(whole.owed()).as("every record of the capture").isPositive();
        assertThat(whole.missingUncommitted()).isZero();
        assertThat(whole.missingCommitted()).isZero();
        assertThat(whole.unexpected()).isZero();
        assertThat(stages.subList(0, 7)).allSatisfy(stage -> assertThat(stage.cpuSeconds()).as(stage.name()).isPositive());

        PipelineRun.Result paced = report.paced();
        assertThat(paced.owed()).isPositive();
        assertThat(paced.missingUncommitted()).isZero();
        assertThat(paced.missingCommitted()).isZero();
        assertThat(paced.unexpected()).isZero();
        for (Latency latency : List.of(paced.uncommitted(), paced.committed())) {
            assertThat(latency.count()).isGreaterThanOrEqualTo((int) paced.owed());
            assertThat(latency.p50()).isFinite().isNotNegative().isLessThanOrEqualTo(latency.p99());
            assertThat(latency.p99()).isFinite().isLessThanOrEqualTo(latency.max()).isLessThan(60);
        }
        assertThat(paced.uncommittedTimers().count()).as("timer-driven records timed").isPositive();
        // a timer fires only when the watermark, the out-of-orderness bound behind the newest segment, passes it
        assertThat(paced.uncommittedTimers().p50()).isGreaterThanOrEqualTo(1.0);
        // read_committed sees a record only once the checkpoint after it commits
        assertThat(paced.committed().p50()).isGreaterThanOrEqualTo(paced.uncommitted().p50());

        ByteArrayOutputStream table = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(table, true, StandardCharsets.UTF_8)) {
            report.print(out);
        }
        List<String> lines = table.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.stream().filter(l -> l.startsWith("| ") && l.contains("| " + PACKETS + " |")).count()).isEqualTo(stages.size() - 1);
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("| " + BenchRun.WHOLE + " | " + PACKETS + " |"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("  read_uncommitted: p50 "));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("  read_committed:   p50 "));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("- whole pipeline .* (met|not met), \\d+ segments/s"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("- p99 latency <= watermark delay + 1 s = 3.0 s: read_uncommitted "));
    }
}
