package io.synfin.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.core.segment.Segment;
import io.synfin.core.segment.TcpFlags;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the analyzer over captures in {@code src/test/resources/analysis/} and compares, frame by frame,
 * each flag with the {@code tcp.analysis.*} field tshark sets on the same frames. Needs {@code tshark}
 * on the PATH (an external tool, hence an ITCase).
 *
 * <p>Tolerance: none. Every flag must be set on exactly the frames where tshark sets it. The analyzer
 * follows Wireshark's rules, and the captures avoid the corners where SynFin deliberately differs
 * (Wireshark's "sequence number 0 means unseen" sentinel, a zero-window probe judged against a window
 * never seen, its cap of unacknowledged segments); any difference is a bug in one of the two.
 */
class TsharkAgreementITCase {

    private static final Map<AnalysisFlag, String> TSHARK_FIELDS = new EnumMap<>(AnalysisFlag.class);

    static {
        TSHARK_FIELDS.put(AnalysisFlag.RETRANSMISSION, "tcp.analysis.retransmission");
        TSHARK_FIELDS.put(AnalysisFlag.FAST_RETRANSMISSION, "tcp.analysis.fast_retransmission");
        TSHARK_FIELDS.put(AnalysisFlag.SPURIOUS_RETRANSMISSION, "tcp.analysis.spurious_retransmission");
        TSHARK_FIELDS.put(AnalysisFlag.OUT_OF_ORDER, "tcp.analysis.out_of_order");
        TSHARK_FIELDS.put(AnalysisFlag.LOST_SEGMENT, "tcp.analysis.lost_segment");
        TSHARK_FIELDS.put(AnalysisFlag.DUP_ACK, "tcp.analysis.duplicate_ack");
        TSHARK_FIELDS.put(AnalysisFlag.ZERO_WINDOW, "tcp.analysis.zero_window");
        TSHARK_FIELDS.put(AnalysisFlag.ZERO_WINDOW_PROBE, "tcp.analysis.zero_window_probe");
        TSHARK_FIELDS.put(AnalysisFlag.WINDOW_FULL, "tcp.analysis.window_full");
        TSHARK_FIELDS.put(AnalysisFlag.WINDOW_UPDATE, "tcp.analysis.window_update");
        TSHARK_FIELDS.put(AnalysisFlag.KEEP_ALIVE, "tcp.analysis.keep_alive");
        TSHARK_FIELDS.put(AnalysisFlag.ACKED_UNSEEN, "tcp.analysis.ack_lost_segment");
        TSHARK_FIELDS.put(AnalysisFlag.KEEP_ALIVE_ACK, "tcp.analysis.keep_alive_ack");
        TSHARK_FIELDS.put(AnalysisFlag.ZERO_WINDOW_PROBE_ACK, "tcp.analysis.zero_window_probe_ack");
    }

    /** Both directions of one connection, plus the SYN options the tracker would hand over. */
    private static final class Connection {
        final String origin;
        final DirectionAnalysis orig = new DirectionAnalysis();
        final DirectionAnalysis resp = new DirectionAnalysis();
        int origScale = -2;
        int respScale = -2;

        Connection(String origin) {
            this.origin = origin;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "scenarios.pcap", "lossy_transfer.pcap", "gaps_at_receiver.pcap", "zero_window.pcap", "keep_alive.pcap"
    })
    void everyFlagIsOnTheFramesWhereTsharkPutsIt(String name) throws Exception {
        Path file = Path.of(getClass().getResource("/analysis/" + name).toURI());
        Map<String, Connection> connections = new HashMap<>();
        Map<AnalysisFlag, TreeSet<Integer>> ours = analyze(file, connections);
        Map<AnalysisFlag, TreeSet<Integer>> tshark = tshark(file);
        for (AnalysisFlag flag : TSHARK_FIELDS.keySet()) {
            assertThat(ours.get(flag)).as("%s frames flagged %s", name, flag).isEqualTo(tshark.get(flag));
        }
        // The record's counters, summed over both directions of every connection, are tshark's counts.
        long[] counted = new long[11];
        for (Connection c : connections.values()) {
            add(counted, c.orig.counters());
            add(counted, c.resp.counters());
        }
        AnalysisFlag[] counterFlags = {AnalysisFlag.RETRANSMISSION, AnalysisFlag.FAST_RETRANSMISSION,
            AnalysisFlag.SPURIOUS_RETRANSMISSION, AnalysisFlag.OUT_OF_ORDER, AnalysisFlag.LOST_SEGMENT,
            AnalysisFlag.DUP_ACK, AnalysisFlag.ZERO_WINDOW, AnalysisFlag.ZERO_WINDOW_PROBE, AnalysisFlag.WINDOW_FULL,
            AnalysisFlag.WINDOW_UPDATE, AnalysisFlag.KEEP_ALIVE};
        for (int i = 0; i < counterFlags.length; i++) {
            assertThat(counted[i]).as("%s counter for %s", name, counterFlags[i]).isEqualTo(tshark.get(counterFlags[i]).size());
        }
    }

    private static void add(long[] sum, DirectionCounters c) {
        long[] values = {c.retransmissions(), c.fastRetransmissions(), c.spuriousRetransmissions(), c.outOfOrder(),
            c.lostSegments(), c.dupAcks(), c.zeroWindows(), c.zeroWindowProbes(), c.windowFull(), c.windowUpdates(),
            c.keepAlives()};
        for (int i = 0; i < values.length; i++) {
            sum[i] += values[i];
        }
    }

    private static Map<AnalysisFlag, TreeSet<Integer>> analyze(Path file, Map<String, Connection> connections)
            throws IOException {
        Map<AnalysisFlag, TreeSet<Integer>> flagged = emptySets();
        List<Segment> frames = TinyPcapReader.read(file);
        for (int i = 0; i < frames.size(); i++) {
            Segment s = frames.get(i);
            if (s == null) {
                continue;
            }
            String source = java.util.Arrays.toString(s.srcAddr()) + ":" + s.srcPort();
            Connection c = connections.computeIfAbsent(TinyPcapReader.connectionKey(s), k -> new Connection(source));
            boolean fromOrig = c.origin.equals(source);
            negotiateScale(c, s, fromOrig);
            int mask = fromOrig ? SegmentAnalyzer.analyze(s, c.orig, c.resp) : SegmentAnalyzer.analyze(s, c.resp, c.orig);
            for (AnalysisFlag flag : TSHARK_FIELDS.keySet()) {
                if (AnalysisFlag.has(mask, flag)) {
                    flagged.get(flag).add(i + 1);
                }
            }
        }
        return flagged;
    }

    /** RFC 7323 §2.2: scaling is in effect only when both SYNs carry the option; this is the tracker's part. */
    private static void negotiateScale(Connection c, Segment s, boolean fromOrig) {
        if (!s.has(TcpFlags.SYN)) {
            return;
        }
        int shift = s.options().windowScale();
        if (fromOrig) {
            c.origScale = shift;
        } else {
            c.respScale = shift;
        }
        if (c.origScale != -2 && c.respScale != -2) {
            boolean both = c.origScale >= 0 && c.respScale >= 0;
            c.orig.setWindowScale(both ? c.origScale : -1);
            c.resp.setWindowScale(both ? c.respScale : -1);
        }
    }

    private static Map<AnalysisFlag, TreeSet<Integer>> tshark(Path file)
            throws IOException, InterruptedException, URISyntaxException {
        List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", file.toString(), "-Y", "tcp.analysis.flags",
                "-T", "fields", "-E", "separator=/t", "-e", "frame.number"));
        List<AnalysisFlag> order = new ArrayList<>(TSHARK_FIELDS.keySet());
        for (AnalysisFlag flag : order) {
            command.add("-e");
            command.add(TSHARK_FIELDS.get(flag));
        }
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out;
        try (InputStream in = process.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("tshark finished").isTrue();
        assertThat(process.exitValue()).as("tshark exit status").isZero();
        Map<AnalysisFlag, TreeSet<Integer>> flagged = emptySets();
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            int frame = Integer.parseInt(cols[0].trim());
            for (int i = 0; i < order.size(); i++) {
                if (i + 1 < cols.length && !cols[i + 1].isEmpty()) {
                    flagged.get(order.get(i)).add(frame);
                }
            }
        }
        return flagged;
    }

    private static Map<AnalysisFlag, TreeSet<Integer>> emptySets() {
        Map<AnalysisFlag, TreeSet<Integer>> sets = new EnumMap<>(AnalysisFlag.class);
        for (AnalysisFlag flag : TSHARK_FIELDS.keySet()) {
            sets.put(flag, new TreeSet<>());
        }
        return sets;
    }
}
