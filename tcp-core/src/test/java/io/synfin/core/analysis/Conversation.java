package io.synfin.core.analysis;

import io.synfin.core.segment.Segment;
import io.synfin.core.segment.SegmentOptions;

/** A two-endpoint script for analyzer tests: A (client 10.0.0.1) and B (server 10.0.0.2), times in µs. */
final class Conversation {

    private static final byte[] ADDR_A = {10, 0, 0, 1};
    private static final byte[] ADDR_B = {10, 0, 0, 2};

    final DirectionAnalysis a = new DirectionAnalysis();
    final DirectionAnalysis b = new DirectionAnalysis();
    private long now;

    /** Moves the clock forward. */
    Conversation after(long micros) {
        now += micros;
        return this;
    }

    long now() {
        return now;
    }

    int fromA(int seq, int ack, int flags, int window, int len) {
        return SegmentAnalyzer.analyze(segment(true, seq, ack, flags, window, len), a, b);
    }

    int fromB(int seq, int ack, int flags, int window, int len) {
        return SegmentAnalyzer.analyze(segment(false, seq, ack, flags, window, len), b, a);
    }

    Segment segment(boolean fromA, int seq, int ack, int flags, int window, int len) {
        return new Segment(now, 0, fromA ? ADDR_A : ADDR_B, fromA ? ADDR_B : ADDR_A, fromA ? 40000 : 80,
                fromA ? 80 : 40000, seq, ack, flags, window, len, 40 + len, 64, SegmentOptions.NONE, false);
    }
}
