package io.synfin.cli.analyze;

import io.synfin.core.anomaly.AnomalyType;
import io.synfin.core.flow.Addresses;
import io.synfin.core.record.CloseKind;
import io.synfin.core.record.ConnState;
import io.synfin.core.record.ConnectionSummary;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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

    private ConnectionTable() {}

    /** Prints the summary that follows the rows. */
    static void summary(int records, int anomalies, Map<ConnState, Integer> byState, Map<CloseKind, Integer> byClose,
            Map<AnomalyType, Integer> byType, Analysis.Result result, double seconds, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "%d connections, %d anomalies; %d TCP segments of %d frames in %.2f s%n",
                records, anomalies, result.segments(), result.frames(), seconds);
        out.println("  by conn_state:  " + counts(byState));
        out.println("  by close kind:  " + counts(byClose));
        out.println("  anomalies:      " + (byType.isEmpty() ? "none" : counts(byType)));
        out.println("  decode:         " + result.counters().summary());
    }

    /**
     * Appends one connection's row, each cell written straight into {@code line} and padded afterwards,
     * the same text {@link #row} makes from the cells as strings (no string per cell: the table has one
     * row per connection).
     */
    static void connectionRow(StringBuilder line, StartTimes times, ConnectionSummary r) {
        int at = line.length();
        times.append(line, r.startMicros());
        at = cell(line, at, 0);
        endpoint(line, r.origAddr(), r.origPort());
        line.append(" -> ");
        endpoint(line, r.respAddr(), r.respPort());
        at = cell(line, at, 1);
        line.append(r.connState());
        at = cell(line, at, 2);
        line.append(r.closeKind());
        at = cell(line, at, 3);
        line.append(r.origPkts()).append('/').append(r.respPkts());
        at = cell(line, at, 4);
        line.append(r.origBytes()).append('/').append(r.respBytes());
        at = cell(line, at, 5);
        seconds(line, r.durationMicros());
        at = cell(line, at, 6);
        line.append(r.anomalyCount());
        cell(line, at, 7);
        line.append(r.uid()).append('\n');
    }

    private static final String SPACES = " ".repeat(64);

    /**
     * Pads the cell that starts at {@code start} to column {@code column}'s width (spaces before it when
     * right-aligned) and appends the gap; returns where the next cell starts.
     */
    private static int cell(StringBuilder line, int start, int column) {
        int width = WIDTHS[column];
        int pad = Math.abs(width) - (line.length() - start);
        if (pad > 0) {
            if (width > 0) {
                line.insert(start, SPACES, 0, pad);
            } else {
                line.append(SPACES, 0, pad);
            }
        }
        return line.append("  ").length();
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
        return seconds(new StringBuilder(24), micros).toString();
    }

    static StringBuilder seconds(StringBuilder line, long micros) {
        if (micros < 0) {
            return line.append(String.format(Locale.ROOT, "%.6f", micros / 1e6));
        }
        line.append(micros / 1_000_000).append('.');
        return sixDigits(line, micros % 1_000_000);
    }

    /** {@code value} (0 to 999 999) as exactly six digits, leading zeros kept. */
    private static StringBuilder sixDigits(StringBuilder line, long value) {
        for (long unit = 100_000; unit > 0; unit /= 10) {
            line.append((char) ('0' + value / unit % 10));
        }
        return line;
    }

    static String endpoint(byte[] addr, int port) {
        StringBuilder text = new StringBuilder(48);
        endpoint(text, addr, port);
        return text.toString();
    }

    private static void endpoint(StringBuilder line, byte[] addr, int port) {
        if (addr.length == 4) {
            line.append(addr[0] & 0xff).append('.').append(addr[1] & 0xff).append('.').append(addr[2] & 0xff)
                    .append('.').append(addr[3] & 0xff);
        } else {
            line.append('[').append(Addresses.format(addr)).append(']');
        }
        line.append(':').append(port);
    }

    /**
     * Start times as {@code yyyy-MM-dd HH:mm:ss.SSSSSS} UTC. Rows are in start order, so the date and time
     * of day change at most once a second: that part is formatted once per second and reused.
     */
    static final class StartTimes {
        private long second = Long.MIN_VALUE;
        private String prefix;

        String format(long micros) {
            return append(new StringBuilder(26), micros).toString();
        }

        StringBuilder append(StringBuilder line, long micros) {
            long s = Math.floorDiv(micros, 1_000_000L);
            if (s != second) {
                second = s;
                prefix = SECONDS.format(Instant.ofEpochSecond(s)) + ".";
            }
            return sixDigits(line.append(prefix), Math.floorMod(micros, 1_000_000L));
        }
    }

    private static String counts(Map<? extends Enum<?>, Integer> counts) {
        StringBuilder text = new StringBuilder();
        counts.forEach((k, v) -> text.append(text.length() == 0 ? "" : "  ").append(k).append('=').append(v));
        return text.toString();
    }
}
