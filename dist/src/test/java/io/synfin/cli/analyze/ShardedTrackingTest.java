package io.synfin.cli.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.synfin.cli.SynFin;
import io.synfin.core.TrackerConfig;
import io.synfin.core.anomaly.Anomaly;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.state.FlowTable;
import io.synfin.schema.mapping.CoreRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two trackers on two threads, each with its share of the connections, report what one tracker does. */
class ShardedTrackingTest {

    private static final Analysis ANALYSIS = new Analysis(TrackerConfig.DEFAULTS, false, 0);

    /** Every record (as the Avro record the job publishes) and anomaly of a run, sorted. */
    private static List<String> outcome(String file, boolean sharded) {
        List<String> lines = new ArrayList<>();
        FlowTable.Sink sink = new FlowTable.Sink() {
            @Override
            public synchronized void record(ConnectionSummary summary) {
                lines.add(CoreRecords.toAvro(summary).toString());
            }

            @Override
            public synchronized void anomaly(Anomaly a) {
                lines.add(a.type() + " " + a.uid() + " " + a.tsMicros() + " " + a.severity() + " " + a.detail());
            }
        };
        Analysis.Result result = sharded ? ANALYSIS.runSharded(file, sink, null) : ANALYSIS.run(file, sink, null);
        lines.add("frames=" + result.frames() + " segments=" + result.segments() + " complete=" + result.complete());
        lines.sort(null);
        return lines;
    }

    @Test
    void everyCaptureOfTheProjectGivesTheSameRecordsAndAnomalies() throws IOException {
        List<Path> captures;
        try (Stream<Path> files = Files.walk(Path.of("..", "testdata"))) {
            captures = files.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted()
                    .toList();
        }
        assertThat(captures).hasSizeGreaterThan(50);
        for (Path capture : captures) {
            assertThat(outcome(capture.toString(), true)).as(capture.toString())
                    .isEqualTo(outcome(capture.toString(), false));
        }
    }

    @Test
    void aGeneratedCaptureWithTimeoutsResetsAndReuseGivesTheSameRecords(@TempDir Path dir) {
        Path capture = dir.resolve("gen.pcap");
        assertThat(SynFin.commandLine().execute("generate", capture.toString(), "--packets", "80000")).isZero();
        List<String> single = outcome(capture.toString(), false);
        assertThat(single).hasSizeGreaterThan(5_000);
        assertThat(outcome(capture.toString(), true)).isEqualTo(single);
    }

    @Test
    void aTruncatedFileEndsWithItsErrorAndEveryConnectionSoFarFlushed(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(Path.of("..", "testdata", "captures", "scenarios", "many_short.pcap"));
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length * 2 / 3));
        List<String> sharded = outcome(cut.toString(), true);
        assertThat(sharded).isEqualTo(outcome(cut.toString(), false));
        assertThat(sharded).anySatisfy(l -> assertThat(l).endsWith("complete=false"));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aFailingSinkOnEitherThreadEndsTheRunWithItsException(@TempDir Path dir) {
        Path capture = dir.resolve("gen.pcap");
        assertThat(SynFin.commandLine().execute("generate", capture.toString(), "--packets", "60000")).isZero();
        for (int failAt : new int[] {1, 500, 2_000}) {
            FlowTable.Sink failing = new FlowTable.Sink() {
                private int records;

                @Override
                public synchronized void record(ConnectionSummary summary) {
                    if (++records == failAt) {
                        throw new IllegalStateException("sink failed at record " + failAt);
                    }
                }

                @Override
                public void anomaly(Anomaly anomaly) {}
            };
            assertThatThrownBy(() -> ANALYSIS.runSharded(capture.toString(), failing, null))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("sink failed at record " + failAt);
        }
    }
}
