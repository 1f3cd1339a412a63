package io.synfin.core.state;

import io.synfin.core.analysis.DirectionAnalysis;
import io.synfin.core.record.History;
import java.util.Arrays;

/**
 * An {@link EndpointTracker} as the plain {@code long[]} of a {@link ConnectionSnapshot} and back. The
 * layout is the one earlier releases wrote, so state saved by them restores unchanged.
 */
final class EndpointSnapshots {

    private EndpointSnapshots() {}

    static long[] snapshot(EndpointTracker e) {
        EndpointExtras x = e.seen();
        long[] fields = {
            // The two bits that repeat fields of their own (originator, line started) are left out: the
            // bits stay those of the original layout, so the snapshot's bytes do not change.
            e.isOriginator() ? 1 : 0, e.bits & ~(EndpointTracker.ORIGINATOR | EndpointTracker.LINE_STARTED), e.zeekNow, e.zeekBefore, e.isn, e.finSeq, e.lastAck, e.lastWindow,
            e.lineHighest, e.has(EndpointTracker.LINE_STARTED) ? 1 : 0, e.start64, e.last64, e.ack64, e.fin64,
            e.finCount,
            e.histLastSyn, e.histLastFin, x.histLastRst,
            // The thresholds follow from the counts; they stay in the snapshot so its layout is unchanged.
            x.checksumCount, History.thresholdAfter(x.checksumCount), x.gapCount, History.thresholdAfter(x.gapCount),
            e.rxmitCount, History.thresholdAfter(e.rxmitCount),
            x.zeroWindowCount, History.thresholdAfter(x.zeroWindowCount),
            e.packets, e.wireBytes, x.rxmitBytes, x.missedBytes, x.finRetransmissions, e.minWindow, e.maxWindow,
            x.zeroWindowSince, x.zeroWindowMicros, e.mss, e.windowScale, e.synTime
        };
        long[] out = Arrays.copyOf(fields, fields.length + ContentGaps.SNAPSHOT_SLOTS);
        if (x.gaps != null) {
            x.gaps.snapshot(out, fields.length);
        } else {
            out[fields.length] = e.dataHigh;
        }
        return out;
    }

    static EndpointTracker restore(long[] s, DirectionAnalysis.Snapshot analysis) {
        int i = 0;
        EndpointTracker e = new EndpointTracker(s[i++] == 1);
        e.bits = (int) s[i++];
        e.setOriginator(s[0] == 1);
        e.zeekNow = (byte) s[i++];
        e.zeekBefore = (byte) s[i++];
        e.isn = (int) s[i++];
        e.finSeq = (int) s[i++];
        e.lastAck = (int) s[i++];
        e.lastWindow = (int) s[i++];
        e.lineHighest = s[i++];
        if (s[i++] == 1) {
            e.set(EndpointTracker.LINE_STARTED);
        } else {
            e.bits &= ~EndpointTracker.LINE_STARTED;
        }
        e.start64 = s[i++];
        e.last64 = s[i++];
        e.ack64 = s[i++];
        e.fin64 = s[i++];
        e.finCount = (int) s[i++];
        e.histLastSyn = s[i++];
        e.histLastFin = s[i++];
        EndpointExtras x = e.more();
        x.histLastRst = s[i++];
        x.checksumCount = (int) s[i++];
        i++;
        x.gapCount = (int) s[i++];
        i++;
        e.rxmitCount = (int) s[i++];
        i++;
        x.zeroWindowCount = (int) s[i++];
        i++;
        e.packets = s[i++];
        e.wireBytes = s[i++];
        x.rxmitBytes = s[i++];
        x.missedBytes = s[i++];
        x.finRetransmissions = s[i++];
        e.minWindow = (int) s[i++];
        e.maxWindow = (int) s[i++];
        x.zeroWindowSince = s[i++];
        x.zeroWindowMicros = s[i++];

        e.mss = (int) s[i++];
        e.windowScale = (short) s[i++];
        e.synTime = s[i++];
        if (s[i + 1] > 0) {
            x.gaps = new ContentGaps();
            x.gaps.restore(s, i);
        } else {
            e.dataHigh = s[i];
        }
        if (x.isDefault()) {
            e.extras = null;
        }
        e.analysis = DirectionAnalysis.restore(analysis);
        return e;
    }
}
