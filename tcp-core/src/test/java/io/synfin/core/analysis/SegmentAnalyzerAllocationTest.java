package io.synfin.core.analysis;

import static io.synfin.core.segment.TcpFlags.ACK;
import static io.synfin.core.segment.TcpFlags.PSH;
import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.core.segment.Segment;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The tracker calls the analyzer for every segment at ≥ 10M segments/s, so it must not allocate. */
class SegmentAnalyzerAllocationTest {

    @Test
    void analyzingSegmentsAllocatesNothing() {
        Conversation script = new Conversation();
        int n = 4096;
        Segment[] segments = new Segment[n];
        int seq = 1;
        for (int i = 0; i < n; i++) {
            script.after(50);
            // Data, a resend every 16th segment, and pure ACKs with a zero window every 8th: most paths run.
            boolean fromA = i % 3 != 2;
            if (fromA) {
                int s = i % 16 == 0 ? seq - 1000 : seq;
                segments[i] = script.segment(true, s, 7, PSH | ACK, 502, 1000);
                seq = s == seq ? seq + 1000 : seq;
            } else {
                segments[i] = script.segment(false, 7, seq, ACK, i % 8 == 0 ? 0 : 510, 0);
            }
        }
        DirectionAnalysis a = new DirectionAnalysis();
        DirectionAnalysis b = new DirectionAnalysis();
        a.setWindowScale(7);
        b.setWindowScale(7);
        long sink = run(segments, a, b, 5);

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        sink += run(segments, a, b, 25);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(sink).isPositive();
        // 100k segments: even one 16-byte object per segment would show as 1.6 MB.
        assertThat(allocated).as("bytes allocated for %d segments", 25L * n).isLessThan(1024);
    }

    private static long run(Segment[] segments, DirectionAnalysis a, DirectionAnalysis b, int rounds) {
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < segments.length; i++) {
                boolean fromA = i % 3 != 2;
                sink += fromA ? SegmentAnalyzer.analyze(segments[i], a, b) : SegmentAnalyzer.analyze(segments[i], b, a);
            }
        }
        return sink;
    }
}
