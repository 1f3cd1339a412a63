package io.synfin.cli.demo;

import io.synfin.schema.AnomalyType;
import io.synfin.schema.CloseKind;
import io.synfin.schema.ConnState;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the demo saw on the output topics, counted as records arrive: final connection records by
 * (conn_state, close kind), interim records, anomalies by type. Read it once the table has stopped.
 */
public final class DemoSummary {

    /** One connection ending: Zeek's conn_state and SynFin's close kind. */
    public record Ending(ConnState connState, CloseKind closeKind) implements Comparable<Ending> {
        @Override
        public int compareTo(Ending other) {
            int c = connState.compareTo(other.connState);
            return c != 0 ? c : closeKind.compareTo(other.closeKind);
        }
    }

    private final Map<Ending, Long> endings = new TreeMap<>();
    private final Map<AnomalyType, Long> anomalies = new EnumMap<>(AnomalyType.class);
    private long interim;
    private long undecodable;

    synchronized void connection(ConnState state, CloseKind close, boolean isInterim) {
        if (isInterim) {
            interim++;
        } else {
            endings.merge(new Ending(state, close), 1L, Long::sum);
        }
    }

    synchronized void anomaly(AnomalyType type) {
        anomalies.merge(type, 1L, Long::sum);
    }

    synchronized void undecodable() {
        undecodable++;
    }

    /** Final connection records by (conn_state, close kind). */
    public synchronized Map<Ending, Long> endings() {
        return new TreeMap<>(endings);
    }

    public synchronized Map<AnomalyType, Long> anomalies() {
        return new EnumMap<>(anomalies);
    }

    public synchronized long connections() {
        return endings.values().stream().mapToLong(Long::longValue).sum();
    }

    public synchronized long interimRecords() {
        return interim;
    }

    public synchronized long undecodableRecords() {
        return undecodable;
    }

    /** The closing lines: counts by conn_state, by close kind, anomalies by type. */
    synchronized void print(PrintStream out) {
        Map<ConnState, Long> byState = new EnumMap<>(ConnState.class);
        Map<CloseKind, Long> byClose = new EnumMap<>(CloseKind.class);
        endings.forEach((e, n) -> {
            byState.merge(e.connState(), n, Long::sum);
            byClose.merge(e.closeKind(), n, Long::sum);
        });
        long anomalyCount = anomalies.values().stream().mapToLong(Long::longValue).sum();
        out.printf(Locale.ROOT, "%d connections (%d interim records), %d anomalies%s%n", connections(), interim,
                anomalyCount, undecodable == 0 ? "" : ", " + undecodable + " undecodable records");
        out.println("  by conn_state:  " + counts(byState));
        out.println("  by close kind:  " + counts(byClose));
        out.println("  anomalies:      " + (anomalies.isEmpty() ? "none" : counts(anomalies)));
    }

    private static String counts(Map<?, Long> counts) {
        StringBuilder text = new StringBuilder();
        counts.forEach((k, v) -> text.append(text.length() == 0 ? "" : "  ").append(k).append('=').append(v));
        return text.length() == 0 ? "none" : text.toString();
    }
}
