package io.synfin.cli.bench;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles (nearest rank) of a set of latencies, in seconds. */
public record Latency(int count, double p50, double p99, double max) {

    static Latency of(double[] seconds) {
        if (seconds.length == 0) {
            return new Latency(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        return new Latency(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1]);
    }

    private static double rank(double[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, index)];
    }

    String text() {
        return String.format(Locale.ROOT, "p50 %.3f s, p99 %.3f s, max %.3f s over %d records", p50, p99, max, count);
    }
}
