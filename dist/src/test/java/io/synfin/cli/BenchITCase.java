package io.synfin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.cli.bench.BenchRun;
import io.synfin.cli.bench.Stage;
import io.synfin.cli.demo.DemoRun;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code synfin bench}'s stages on the small bundled capture: every stage runs and counts every segment. */
class BenchITCase {

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void everyStageSeesEverySegment() throws Exception {
        Path capture = dir.resolve("demo.pcapng");
        try (InputStream in = DemoRun.class.getResourceAsStream(DemoRun.BUNDLED_CAPTURE)) {
            Files.copy(in, capture);
        }
        List<Stage> stages;
        try (PrintStream log = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8)) {
            stages = new BenchRun(capture, dir, log).run();
        }
        assertThat(stages).extracting(Stage::name).startsWith("decode (capture file → segments)",
                "analyze (decode + tracker, no Kafka/Flink)", "agent → broker (publish, acks=all)",
                "job, heap state (bounded, parallelism 2)", "job, rocksdb state (bounded, parallelism 2)");
        assertThat(stages).allSatisfy(stage -> {
            assertThat(stage.segments()).as(stage.name()).isEqualTo(1343);
            assertThat(stage.wallSeconds()).as(stage.name()).isPositive();
        });
        assertThat(stages.subList(0, 5)).allSatisfy(stage -> assertThat(stage.cpuSeconds()).as(stage.name()).isPositive());

        ByteArrayOutputStream table = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(table, true, StandardCharsets.UTF_8)) {
            BenchRun.print(stages, out);
        }
        List<String> lines = table.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.stream().filter(l -> l.startsWith("| ") && l.contains("| 1343 |")).count()).isEqualTo(stages.size());
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("agent → broker, then the job (heap), one after the other: "));
    }
}
