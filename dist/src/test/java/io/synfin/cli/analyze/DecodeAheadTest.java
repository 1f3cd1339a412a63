package io.synfin.cli.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.synfin.cli.gen.PcapWriter;
import io.synfin.cli.gen.SyntheticTraffic;
import io.synfin.core.TrackerConfig;
import io.synfin.core.anomaly.Anomaly;
import io.synfin.core.record.ConnectionSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding on a second thread must not change anything an analysis reports, nor hide a failure. */
class DecodeAheadTest {

    /** Several batches, with a last one only partly filled. */
    private static final int PACKETS = 5 * DecodeAhead.BATCH + 321;

    @TempDir
    static Path dir;

    private static Path capture;

    @BeforeAll
    static void writeCapture() throws Exception {
        capture = dir.resolve("gen.pcap");
        SyntheticTraffic traffic = new SyntheticTraffic(3, PACKETS, 2000, 1_767_225_600_000_000L);
        SyntheticTraffic.Packet p = new SyntheticTraffic.Packet();
        try (PcapWriter writer = new PcapWriter(capture, 262_144)) {
            while (traffic.next(p)) {
                writer.write(p);
            }
        }
    }

    /** What a run reported, as text that compares arrays by content. */
    private static List<String> outputOf(Path file, boolean ahead, List<String> listened, Analysis.Result[] result) {
        Collector collector = new Collector();
        Analysis analysis = new Analysis(TrackerConfig.DEFAULTS, false, 0);
        result[0] = analysis.run(file.toString(), collector,
                (segment, frame, offset) -> listened.add(frame + "@" + offset + " " + segment.tsMicros()), ahead);
        List<String> lines = new ArrayList<>();
        for (ConnectionSummary r : collector.records()) {
            lines.add(r.uid() + " " + r.connState() + " " + r.history() + " " + r.origPkts() + "/" + r.respPkts() + " "
                    + r.origBytes() + "/" + r.respBytes() + " " + r.closeKind() + " " + r.durationMicros());
        }
        for (Anomaly a : collector.anomalies()) {
            lines.add(a.uid() + " " + a.type() + " " + a.tsMicros() + " " + a.detail());
        }
        return lines;
    }

    @Test
    void sameRecordsAnomaliesAndListenerCallsAsOnOneThread() {
        List<String> listenedInline = new ArrayList<>();
        List<String> listenedAhead = new ArrayList<>();
        Analysis.Result[] inline = new Analysis.Result[1];
        Analysis.Result[] ahead = new Analysis.Result[1];
        List<String> expected = outputOf(capture, false, listenedInline, inline);
        List<String> actual = outputOf(capture, true, listenedAhead, ahead);

        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(listenedAhead).hasSize(PACKETS).containsExactlyElementsOf(listenedInline);
        assertThat(ahead[0].frames()).isEqualTo(PACKETS);
        assertThat(ahead[0].segments()).isEqualTo(inline[0].segments()).isEqualTo(PACKETS);
        assertThat(ahead[0].counters().summary()).isEqualTo(inline[0].counters().summary());
        assertThat(ahead[0].complete()).isTrue();
    }

    @Test
    void aTruncatedFileEndsWithTheSameErrorAfterTheSameFrames() throws Exception {
        byte[] whole = Files.readAllBytes(capture);
        Path cut = dir.resolve("cut.pcap");
        // three quarters in: most probably inside a record, so the error names a damaged record
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length * 3 / 4 + 7));
        Analysis.Result[] inline = new Analysis.Result[1];
        Analysis.Result[] ahead = new Analysis.Result[1];
        List<String> listenedInline = new ArrayList<>();
        List<String> listenedAhead = new ArrayList<>();
        List<String> expected = outputOf(cut, false, listenedInline, inline);

        assertThat(outputOf(cut, true, listenedAhead, ahead)).containsExactlyElementsOf(expected);
        assertThat(listenedAhead).containsExactlyElementsOf(listenedInline).hasSizeLessThan(PACKETS);
        assertThat(inline[0].complete()).isFalse();
        assertThat(ahead[0].complete()).isFalse();
        assertThat(ahead[0].error().getMessage()).isEqualTo(inline[0].error().getMessage());
        assertThat(ahead[0].frames()).isEqualTo(inline[0].frames());
    }

    @Test
    void aSinkFailureReachesTheCallerAndStopsTheReader() {
        Analysis analysis = new Analysis(TrackerConfig.DEFAULTS, false, 0);
        int[] seen = {0};
        Analysis.SegmentListener failing = (segment, frame, offset) -> {
            if (++seen[0] == 2 * DecodeAhead.BATCH + 5) {
                throw new IllegalStateException("sink broke");
            }
        };
        long readersBefore = readerThreads();

        assertThatThrownBy(() -> analysis.run(capture.toString(), new Collector(), failing, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("sink broke");
        assertThat(seen[0]).isEqualTo(2 * DecodeAhead.BATCH + 5);
        // close() joined the reader: no thread of this run is left behind
        assertThat(readerThreads()).isEqualTo(readersBefore);
    }

    private static long readerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("synfin-decode") && t.isAlive())
                .count();
    }
}
