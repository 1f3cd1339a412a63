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
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The default output of {@code synfin analyze}: one line per connection, then a summary. Rows are built
 * with a StringBuilder and fixed column widths rather than a format string per row: a million-packet
 * capture prints tens of thousands of rows, and formatting them took as long as tracking the packets.
 */
final class ConnectionTable {

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    /** Column widths; negative means left-aligned. The last column (uid) is not padded. */
    private static final int[] WIDTHS = {-26, -45, -6, -19, 11, 19, 10, 3};
    private static final int FLUSH_CHARS = 1 << 16;

    private ConnectionTable() {}

    static void print(List<ConnectionSummary> records, List<Anomaly> anomalies, Analysis.Result result,
            double seconds, PrintStream out) {
        StringBuilder line = new StringBuilder(FLUSH_CHARS + 256);
        row(line, "start (UTC)", "originator -> responder", "state", "close", "pkts o/r", "bytes o/r", "duration",
                "anm", "uid");
        Map<ConnState, Integer> byState = new EnumMap<>(ConnState.class);
        Map<CloseKind, Integer> byClose = new EnumMap<>(CloseKind.class);
        List<ConnectionSummary> byStart = new ArrayList<>(records);
        byStart.sort((a, b) -> Long.compare(a.startMicros(), b.startMicros()));
        StartTimes times = new StartTimes();
        for (ConnectionSummary r : byStart) {
            row(line, times.format(r.startMicros()),
                    endpoint(r.origAddr(), r.origPort()) + " -> " + endpoint(r.respAddr(), r.respPort()),
                    String.valueOf(r.connState()), String.valueOf(r.closeKind()),
                    r.origPkts() + "/" + r.respPkts(),
                    r.origBytes() + "/" + r.respBytes(),
                    seconds(r.durationMicros()),
                    Integer.toString(r.anomalyCount()), r.uid());
            byState.merge(r.connState(), 1, Integer::sum);
            byClose.merge(r.closeKind(), 1, Integer::sum);
            if (line.length() >= FLUSH_CHARS) {
                out.append(line);
                line.setLength(0);
            }
        }
        out.append(line);
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

    /** Appends one row: the columns padded to {@link #WIDTHS}, two spaces apart, then the uid. */
    static void row(StringBuilder line, String... columns) {
        for (int i = 0; i < WIDTHS.length; i++) {
            String text = columns[i];
            int pad = Math.abs(WIDTHS[i]) - text.length();
            if (WIDTHS[i] > 0) {
                spaces(line, pad);
            }
            line.append(text);
            if (WIDTHS[i] < 0) {
                spaces(line, pad);
            }
            line.append("  ");
        }
        line.append(columns[WIDTHS.length]).append('\n');
    }

    private static void spaces(StringBuilder line, int count) {
        for (int i = 0; i < count; i++) {
            line.append(' ');
        }
    }

    /** Microseconds as seconds with six decimals, exactly (no floating point for the usual case). */
    static String seconds(long micros) {
        if (micros < 0) {
            return String.format(Locale.ROOT, "%.6f", micros / 1e6);
        }
        String fraction = Long.toString(1_000_000 + micros % 1_000_000).substring(1);
        return (micros / 1_000_000) + "." + fraction;
    }

    static String endpoint(byte[] addr, int port) {
        String text = Addresses.format(addr);
        return (addr.length == 16 ? "[" + text + "]" : text) + ":" + port;
    }

    /**
     * Start times as {@code yyyy-MM-dd HH:mm:ss.SSSSSS} UTC. Rows are in start order, so the date and time
     * of day change at most once a second: that part is formatted once per second and reused.
     */
    static final class StartTimes {
        private long second = Long.MIN_VALUE;
        private String prefix;

        String format(long micros) {
            long s = Math.floorDiv(micros, 1_000_000L);
            if (s != second) {
                second = s;
                prefix = SECONDS.format(Instant.ofEpochSecond(s)) + ".";
            }
            return prefix + Long.toString(1_000_000 + Math.floorMod(micros, 1_000_000L)).substring(1);
        }
    }

    private static String counts(Map<? extends Enum<?>, Integer> counts) {
        StringBuilder text = new StringBuilder();
        counts.forEach((k, v) -> text.append(text.length() == 0 ? "" : "  ").append(k).append('=').append(v));
        return text.toString();
    }
}
