package io.synfin.cli.bench;

import java.util.Locale;

/**
 * One measured stage of {@code synfin bench}: how many segments it handled, its wall time and the CPU
 * time it cost (the process's, or the child's for external tools).
 */
public record Stage(String name, long segments, double wallSeconds, double cpuSeconds) {

    public double segmentsPerSecond() {
        return wallSeconds > 0 ? segments / wallSeconds : Double.NaN;
    }

    double cpuSecondsPerMillion() {
        return segments > 0 ? cpuSeconds * 1e6 / segments : Double.NaN;
    }

    String row() {
        return String.format(Locale.ROOT, "| %s | %d | %.2f | %.0f | %.2f | %.2f |", name, segments, wallSeconds,
                segmentsPerSecond(), cpuSeconds, cpuSecondsPerMillion());
    }

    static String header() {
        return "| stage | segments | wall s | segments/s | CPU s | CPU s per million |\n| --- | ---: | ---: | ---: | ---: | ---: |";
    }
}
