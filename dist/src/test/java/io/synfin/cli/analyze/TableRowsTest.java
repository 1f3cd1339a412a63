package io.synfin.cli.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.cli.SynFin;
import io.synfin.core.TrackerConfig;
import io.synfin.core.record.ConnectionSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table formatted on its own thread prints exactly the rows of the records sorted by start, then uid. */
class TableRowsTest {

    @TempDir
    static Path dir;

    private static Path capture;
    private static final Analysis ANALYSIS = new Analysis(TrackerConfig.DEFAULTS, false, 0);

    @BeforeAll
    static void generate() {
        capture = dir.resolve("gen.pcap");
        assertThat(SynFin.commandLine().execute("generate", capture.toString(), "--packets", "60000")).isZero();
    }

    @Test
    void rowsOfAnAnalysisMatchTheRecordsSortedByStart() {
        Collector collector = new Collector();
        Analysis.Result result = ANALYSIS.run(capture.toString(), collector, null);
        assertThat(collector.records().size()).isGreaterThan(3 * 1024);

        TableRows table = new TableRows();
        Analysis.Result again = ANALYSIS.runSharded(capture.toString(), table, null);
        String printed = print(table, again);

        assertThat(rows(printed, collector.records().size())).isEqualTo(expectedRows(collector.records()));
        assertThat(printed).contains(" TCP segments of " + result.frames() + " frames in 0.50 s");
    }

    @Test
    void recordsEmittedOutOfStartOrderAreSortedByStartThenUid() {
        Collector collector = new Collector();
        Analysis.Result result = ANALYSIS.run(capture.toString(), collector, null);
        List<ConnectionSummary> emitted = new ArrayList<>(collector.records());
        // Reversed, then every record again: emission far from start order, and every start time tied.
        Collections.reverse(emitted);
        emitted.addAll(collector.records());

        TableRows table = new TableRows();
        emitted.forEach(table::record);
        String printed = print(table, result);

        assertThat(rows(printed, emitted.size())).isEqualTo(expectedRows(emitted));
    }

    private static String print(TableRows table, Analysis.Result result) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        table.print(result, 0.5, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The rows between the header line and the blank line before the summary. */
    private static String rows(String printed, int records) {
        int summary = printed.indexOf("\n\n" + records + " connections, ");
        assertThat(summary).isPositive();
        return printed.substring(printed.indexOf('\n') + 1, summary + 1);
    }

    /** Every record's row, formatted one after another on this thread, sorted by start and uid. */
    private static String expectedRows(List<ConnectionSummary> emitted) {
        List<ConnectionSummary> byStart = new ArrayList<>(emitted);
        byStart.sort(Comparator.comparingLong(ConnectionSummary::startMicros).thenComparing(ConnectionSummary::uid));
        StringBuilder expected = new StringBuilder();
        ConnectionTable.StartTimes times = new ConnectionTable.StartTimes();
        byStart.forEach(r -> ConnectionTable.connectionRow(expected, times, r));
        return expected.toString();
    }
}
