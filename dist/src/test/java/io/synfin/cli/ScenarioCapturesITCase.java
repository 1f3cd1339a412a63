package io.synfin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.cli.analyze.Analysis;
import io.synfin.cli.analyze.Collector;
import io.synfin.core.TrackerConfig;
import io.synfin.core.analysis.DirectionCounters;
import io.synfin.core.anomaly.Anomaly;
import io.synfin.core.anomaly.AnomalyType;
import io.synfin.core.flow.Addresses;
import io.synfin.core.record.CloseKind;
import io.synfin.core.record.ConnState;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.record.Side;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tracker on real captures of every way a connection goes (testdata/captures/scenarios/, made by
 * scripts/make-captures in network namespaces): conn_state, close kind and anomalies as the scenario
 * dictates, and the per-direction segment-analysis counters against tshark's {@code tcp.analysis} flags
 * on the same file.
 *
 * <p>Counter tolerance: none. SynFin's analysis follows Wireshark's rules frame by frame, and every
 * scenario here is one connection per 4-tuple at a time, so per-connection sums must be equal. The
 * single exception is stated where it applies (keep-alive ACKs, see {@link #counters}).
 */
class ScenarioCapturesITCase {

    private record Run(List<ConnectionSummary> records, List<Anomaly> anomalies, Path file) {
        ConnectionSummary only() {
            assertThat(records).as("connections in %s", file.getFileName()).hasSize(1);
            return records.get(0);
        }

        List<AnomalyType> anomalyTypes() {
            return anomalies.stream().map(Anomaly::type).toList();
        }
    }

    private static Run analyze(String name) {
        Path file = Captures.SCENARIOS.resolve(name);
        Collector collector = new Collector();
        Analysis.Result result = new Analysis(TrackerConfig.DEFAULTS, false, 0).run(file.toString(), collector, null);
        assertThat(result.error()).isNull();
        assertThat(result.counters().total()).isEqualTo(result.segments());
        return new Run(collector.records(), collector.anomalies(), file);
    }

    @Test
    void clientCloseIsAFourWayTeardownStartedByTheOriginator() {
        Run run = analyze("client_close.pcap");
        ConnectionSummary c = run.only();
        assertThat(c.connState()).isEqualTo(ConnState.SF);
        // the server's FIN carried the ACK of the client's FIN: three segments
        assertThat(c.closeKind()).isEqualTo(CloseKind.FIN_ACK_COMBINED);
        assertThat(c.firstCloser()).isEqualTo(Side.ORIGINATOR);
        assertThat(c.origBytes()).isEqualTo(314);
        assertThat(c.respBytes()).isEqualTo(1200);
        assertThat(run.anomalies()).isEmpty();
        counters(run);
    }

    @Test
    void serverCloseIsStartedByTheResponder() {
        Run run = analyze("server_close.pcap");
        ConnectionSummary c = run.only();
        assertThat(c.connState()).isEqualTo(ConnState.SF);
        assertThat(c.firstCloser()).isEqualTo(Side.RESPONDER);
        assertThat(c.closeKind()).isIn(CloseKind.FOUR_WAY, CloseKind.FIN_ACK_COMBINED);
        assertThat(c.respBytes()).isEqualTo(700);
        assertThat(run.anomalies()).isEmpty();
        counters(run);
    }

    @Test
    void refusedSynIsRejAndReported() {
        Run run = analyze("refused.pcap");
        ConnectionSummary c = run.only();
        assertThat(c.connState()).isEqualTo(ConnState.REJ);
        assertThat(c.closeKind()).isEqualTo(CloseKind.REFUSED);
        assertThat(c.history()).isEqualTo("Sr");
        assertThat(run.anomalyTypes()).containsExactly(AnomalyType.CONNECTION_REFUSED);
        counters(run);
    }

    @Test
    void unansweredSynIsS0AndItsRetransmissionsAreOneAttempt() {
        Run run = analyze("unanswered_syn.pcap");
        ConnectionSummary c = run.only();
        assertThat(c.connState()).isEqualTo(ConnState.S0);
        // SYN at 0, 1, 2 and 3 s (recent Linux retries its first SYNs linearly): within one 5 s attempt
        assertThat(c.origPkts()).isEqualTo(4);
        assertThat(c.history()).isEqualTo("S");
        assertThat(c.respPkts()).isZero();
        // the capture ends 3 s after the first SYN, before the 5 s handshake timer is due: at the end of
        // the input the connection is flushed as it stands
        assertThat(c.closeKind()).isEqualTo(CloseKind.STILL_OPEN);
        assertThat(run.anomalies()).isEmpty();
        counters(run);
    }

    @Test
    void halfCloseKeepsDataFlowingFromTheResponder() {
        Run run = analyze("half_close.pcap");
        ConnectionSummary c = run.only();
        assertThat(c.connState()).isEqualTo(ConnState.SF);
        assertThat(c.firstCloser()).isEqualTo(Side.ORIGINATOR);
        assertThat(c.closeKind()).isEqualTo(CloseKind.FOUR_WAY);
        assertThat(c.respBytes()).isEqualTo(2000); // 5 × 400 bytes after the client's FIN
        assertThat(c.history()).contains("F").endsWith("f");
        assertThat(run.anomalies()).isEmpty();
        counters(run);
    }

    @Test
    void crossingFinsAreASimultaneousClose() {
        Run run = analyze("simultaneous_close.pcap");
        ConnectionSummary c = run.only();
        assertThat(c.connState()).isEqualTo(ConnState.SF);
        assertThat(c.closeKind()).isEqualTo(CloseKind.SIMULTANEOUS);
        counters(run);
    }

    @Test
    void abortByEitherSideIsAReset() {
        Run client = analyze("abort_by_client.pcap");
        assertThat(client.only().connState()).isEqualTo(ConnState.RSTO);
        assertThat(client.only().closeKind()).isEqualTo(CloseKind.RESET_BY_ORIGINATOR);
        counters(client);
        Run server = analyze("abort_by_server.pcap");
        assertThat(server.only().connState()).isEqualTo(ConnState.RSTR);
        assertThat(server.only().closeKind()).isEqualTo(CloseKind.RESET_BY_RESPONDER);
        counters(server);
    }

    @Test
    void keepAlivesAreCountedNotReported() {
        Run run = analyze("keepalive.pcap");
        ConnectionSummary c = run.only();
        assertThat(c.connState()).isEqualTo(ConnState.SF);
        assertThat(c.orig().counters().keepAlives()).isGreaterThanOrEqualTo(2);
        assertThat(run.anomalies()).isEmpty();
        counters(run);
    }

    @Test
    void manyShortConnectionsAreEachTheirOwnRecord() {
        Run run = analyze("many_short.pcap");
        assertThat(run.records()).hasSize(40);
        assertThat(run.records()).allSatisfy(c -> assertThat(c.connState()).isEqualTo(ConnState.SF));
        assertThat(run.records().stream().map(ConnectionSummary::uid).distinct()).hasSize(40);
        counters(run);
    }

    @Test
    void portReuseStartsANewConnectionWithANewUid() {
        Run run = analyze("port_reuse.pcap");
        assertThat(run.records()).hasSize(3);
        assertThat(run.records().stream().map(ConnectionSummary::uid).distinct()).hasSize(3);
        assertThat(run.records()).allSatisfy(c -> {
            assertThat(c.connState()).isEqualTo(ConnState.SF);
            assertThat(c.origPort()).isEqualTo(40404);
        });
        // the server closed first each time, so each new SYN found the server's side in TIME_WAIT
        assertThat(run.anomalyTypes()).containsOnly(AnomalyType.PORT_REUSE_IN_TIME_WAIT).hasSize(2);
        counters(run);
    }

    @Test
    void ipv6ConnectionIsTrackedLikeIpv4() {
        Run run = analyze("ipv6_client_close.pcap");
        ConnectionSummary c = run.only();
        assertThat(c.connState()).isEqualTo(ConnState.SF);
        assertThat(c.ipVersion()).isEqualTo(6);
        assertThat(c.origBytes()).isEqualTo(314);
        counters(run);
    }

    @Test
    void zeroWindowIsCountedOnTheReceiversSide() {
        Run run = analyze("zero_window.pcap");
        ConnectionSummary c = run.only();
        assertThat(c.connState()).isEqualTo(ConnState.SF);
        assertThat(c.resp().counters().zeroWindows()).isPositive();
        assertThat(c.resp().zeroWindowMicros()).isPositive();
        counters(run);
    }

    @Test
    void lossShowsAsRetransmissionsOfTheSender() {
        Run run = analyze("loss_retransmissions.pcap");
        ConnectionSummary c = run.only();
        assertThat(c.connState()).isEqualTo(ConnState.SF);
        assertThat(c.orig().counters().retransmissions()).isPositive();
        assertThat(c.origBytes()).isEqualTo(400_000 + 12);
        counters(run);
    }

    private static final List<String> FLAGS = List.of("retransmission", "fast_retransmission", "spurious_retransmission",
            "out_of_order", "lost_segment", "duplicate_ack", "zero_window", "zero_window_probe", "window_full",
            "window_update", "keep_alive");

    /**
     * Per connection and direction, SynFin's counters equal tshark's count of frames carrying each
     * {@code tcp.analysis} flag.
     */
    private static void counters(Run run) {
        List<String> fields = new ArrayList<>(List.of("tshark", "-r", run.file().toString(), "-Y", "tcp", "-T", "fields",
                "-E", "separator=,", "-E", "occurrence=f", "-e", "ip.src", "-e", "ipv6.src", "-e", "tcp.srcport",
                "-e", "ip.dst", "-e", "ipv6.dst", "-e", "tcp.dstport"));
        FLAGS.forEach(f -> {
            fields.add("-e");
            fields.add("tcp.analysis." + f);
        });
        // key: "src sport dst dport" of the sender → counts per flag
        Map<String, long[]> tshark = new HashMap<>();
        for (String line : Captures.run(fields)) {
            String[] f = line.split(",", -1);
            String src = f[0].isEmpty() ? f[1] : f[0];
            String dst = f[3].isEmpty() ? f[4] : f[3];
            long[] counts = tshark.computeIfAbsent(src + " " + f[2] + " " + dst + " " + f[5], k -> new long[FLAGS.size()]);
            for (int i = 0; i < FLAGS.size(); i++) {
                if (!f[6 + i].isEmpty()) {
                    counts[i]++;
                }
            }
        }
        // several connections on one 4-tuple (port reuse) are summed, as tshark's per-tuple view is
        Map<String, long[]> ours = new HashMap<>();
        for (ConnectionSummary c : run.records()) {
            add(ours, direction(c.origAddr(), c.origPort(), c.respAddr(), c.respPort()), c.orig().counters());
            add(ours, direction(c.respAddr(), c.respPort(), c.origAddr(), c.origPort()), c.resp().counters());
        }
        for (Map.Entry<String, long[]> e : ours.entrySet()) {
            long[] theirs = tshark.getOrDefault(e.getKey(), new long[FLAGS.size()]);
            for (int i = 0; i < FLAGS.size(); i++) {
                assertThat(e.getValue()[i])
                        .as("%s: %s sent by %s", run.file().getFileName(), FLAGS.get(i), e.getKey())
                        .isEqualTo(theirs[i]);
            }
        }
    }

    private static String direction(byte[] src, int sport, byte[] dst, int dport) {
        return Addresses.format(src) + " " + sport + " " + Addresses.format(dst) + " " + dport;
    }

    private static void add(Map<String, long[]> into, String key, DirectionCounters.Snapshot w) {
        long[] c = into.computeIfAbsent(key, k -> new long[FLAGS.size()]);
        long[] v = {w.retransmissions(), w.fastRetransmissions(), w.spuriousRetransmissions(), w.outOfOrder(),
            w.lostSegments(), w.dupAcks(), w.zeroWindows(), w.zeroWindowProbes(), w.windowFull(), w.windowUpdates(),
            w.keepAlives()};
        for (int i = 0; i < v.length; i++) {
            c[i] += v[i];
        }
    }
}
