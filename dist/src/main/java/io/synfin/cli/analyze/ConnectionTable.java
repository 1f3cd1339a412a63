package io.synfin.cli.analyze;

import io.synfin.core.anomaly.Anomaly;
import io.synfin.core.anomaly.AnomalyType;
import io.synfin.core.flow.Addresses;
import io.synfin.core.record.CloseKind;
import io.synfin.core.record.ConnState;
import io.synfin.core.record.ConnectionSummary;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The default output of {@code synfin analyze}: one line per connection, then a summary. */
final class ConnectionTable {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    private static final String ROW = "%-26s  %-45s  %-6s  %-19s  %11s  %19s  %10s  %3s  %s%n";

    private ConnectionTable() {}

    static void print(List<ConnectionSummary> records, List<Anomaly> anomalies, Analysis.Result result,
            double seconds, PrintStream out) {
        out.printf(Locale.ROOT, ROW, "start (UTC)", "originator -> responder", "state", "close", "pkts o/r",
                "bytes o/r", "duration", "anm", "uid");
        Map<ConnState, Integer> byState = new EnumMap<>(ConnState.class);
        Map<CloseKind, Integer> byClose = new EnumMap<>(CloseKind.class);
        List<ConnectionSummary> byStart = new ArrayList<>(records);
        byStart.sort(Comparator.comparingLong(ConnectionSummary::startMicros));
        for (ConnectionSummary r : byStart) {
            out.printf(Locale.ROOT, ROW,
                    TIME.format(Instant.ofEpochSecond(0, r.startMicros() * 1000)),
                    endpoint(r.origAddr(), r.origPort()) + " -> " + endpoint(r.respAddr(), r.respPort()),
                    r.connState(), r.closeKind(),
                    r.origPkts() + "/" + r.respPkts(),
                    r.origBytes() + "/" + r.respBytes(),
                    String.format(Locale.ROOT, "%.6f", r.durationMicros() / 1e6),
                    r.anomalyCount(), r.uid());
            byState.merge(r.connState(), 1, Integer::sum);
            byClose.merge(r.closeKind(), 1, Integer::sum);
        }
        Map<AnomalyType, Integer> byType = new EnumMap<>(AnomalyType.class);
        anomalies.forEach(a -> byType.merge(a.type(), 1, Integer::sum));
        out.println();
        out.printf(Locale.ROOT, "%d connections, %d anomalies; %d TCP segments of %d frames in %.2f s%n",
                records.size(), anomalies.size(), result.segments(), result.frames(), seconds);
        out.println("  by conn_state:  " + counts(byState));
        out.println("  by close kind:  " + counts(byClose));
        out.println("  anomalies:      " + (byType.isEmpty() ? "none" : counts(byType)));
        out.println("  decode:         " + result.counters().summary());
    }

    static String endpoint(byte[] addr, int port) {
        String text = Addresses.format(addr);
        return (addr.length == 16 ? "[" + text + "]" : text) + ":" + port;
    }

    private static String counts(Map<? extends Enum<?>, Integer> counts) {
        StringBuilder text = new StringBuilder();
        counts.forEach((k, v) -> text.append(text.length() == 0 ? "" : "  ").append(k).append('=').append(v));
        return text.toString();
    }
}
