package io.synfin.cli.analyze;

import io.synfin.core.segment.Segment;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar on standard error for files that take more than a second: percent of the file read
 * (by byte offset) and segments so far, redrawn at most four times a second.
 */
final class Progress implements Analysis.SegmentListener {

    private static final long SHOW_AFTER_NANOS = 1_000_000_000L;
    private static final long REDRAW_NANOS = 250_000_000L;
    private static final int WIDTH = 30;

    private final long fileBytes;
    private final PrintStream err;
    private final long start = System.nanoTime();
    private long nextDraw = start + SHOW_AFTER_NANOS;
    private long segments;
    private boolean shown;

    /** {@code fileBytes} is the file's size, or -1 for standard input (no percentage then). */
    Progress(long fileBytes, PrintStream err) {
        this.fileBytes = fileBytes;
        this.err = err;
    }

    @Override
    public void beforeSegment(Segment segment, long frameNumber, long fileOffset) {
        // checking the clock every 4096 segments keeps this off the hot path
        if ((++segments & 0xFFF) != 0) {
            return;
        }
        long now = System.nanoTime();
        if (now < nextDraw) {
            return;
        }
        nextDraw = now + REDRAW_NANOS;
        shown = true;
        double seconds = (now - start) / 1e9;
        if (fileBytes > 0 && fileOffset >= 0) {
            double done = Math.min(1.0, (double) fileOffset / fileBytes);
            int filled = (int) (done * WIDTH);
            err.printf(Locale.ROOT, "\r[%s%s] %3.0f%%  %,d segments  %.1f s", "#".repeat(filled), " ".repeat(WIDTH - filled),
                    done * 100, segments, seconds);
        } else {
            err.printf(Locale.ROOT, "\r%,d segments  %.1f s", segments, seconds);
        }
        err.flush();
    }

    /** Ends the bar's line, if one was drawn. */
    void finish() {
        if (shown) {
            err.println();
        }
    }
}
