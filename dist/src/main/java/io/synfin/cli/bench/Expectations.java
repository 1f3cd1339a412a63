package io.synfin.cli.bench;

import io.synfin.cli.analyze.Analysis;
import io.synfin.core.TrackerConfig;
import io.synfin.core.anomaly.Anomaly;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.record.RecordReason;
import io.synfin.core.segment.Segment;
import io.synfin.core.state.FlowTable;
import io.synfin.schema.ConnectionRecord;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Which connection records the job owes for a capture and which frame makes each one due, found by running
 * the tracker over the file as {@code synfin analyze} does (capture time drives the timers). A record is
 * due at the segment during which the tracker emits it: the connection's own segment (segment-driven), or,
 * for a timer, the first segment of any connection whose capture time reaches the deadline (timer-driven).
 * Records flushed at the end of the input have no due frame: an unbounded job never emits them.
 */
final class Expectations {

    /** When a record became due: the frame number, that frame's capture time, and whether it was its own flow's segment. */
    record Due(long frame, long tsMicros, boolean segmentDriven) {}

    private final Map<String, Due> byKey = new HashMap<>();
    private long segmentDriven;
    private long timerDriven;
    private long atEnd;
    private long lastTsMicros = Long.MIN_VALUE;

    private Expectations() {}

    /** Runs the tracker over {@code capture} and notes every record's due frame. */
    static Expectations of(String capture) {
        Expectations expectations = new Expectations();
        Segment[] current = {null};
        long[] frame = {-1};
        new Analysis(TrackerConfig.DEFAULTS, false, 0).run(capture, new FlowTable.Sink() {
            @Override
            public void record(ConnectionSummary summary) {
                expectations.add(summary, current[0], frame[0]);
            }

            @Override
            public void anomaly(Anomaly anomaly) {
                // Latency is measured on connection records only.
            }
        }, (segment, frameNumber, fileOffset) -> {
            current[0] = segment;
            frame[0] = frameNumber;
            expectations.lastTsMicros = Math.max(expectations.lastTsMicros, segment.tsMicros());
        });
        return expectations;
    }

    private void add(ConnectionSummary summary, Segment cause, long frame) {
        String key = key(summary.uid(), summary.orig().packets(), summary.resp().packets());
        if (cause == null || summary.recordReason() == RecordReason.END_OF_INPUT) {
            atEnd++;
            byKey.put(key, null);
            return;
        }
        boolean own = sameFlow(summary, cause);
        if (own) {
            segmentDriven++;
        } else {
            timerDriven++;
        }
        byKey.put(key, new Due(frame, cause.tsMicros(), own));
    }

    private static boolean sameFlow(ConnectionSummary s, Segment seg) {
        boolean forward = s.origPort() == seg.srcPort() && s.respPort() == seg.dstPort()
                && Arrays.equals(s.origAddr(), seg.srcAddr()) && Arrays.equals(s.respAddr(), seg.dstAddr());
        boolean backward = s.origPort() == seg.dstPort() && s.respPort() == seg.srcPort()
                && Arrays.equals(s.origAddr(), seg.dstAddr()) && Arrays.equals(s.respAddr(), seg.srcAddr());
        return forward || backward;
    }

    /** One record of one connection: interim records share the uid, so the packet counts tell them apart. */
    static String key(String uid, long origPackets, long respPackets) {
        return uid + '/' + origPackets + '/' + respPackets;
    }

    static String key(ConnectionRecord record) {
        return key(record.getUid().toString(), record.getOrigPkts(), record.getRespPkts());
    }

    /** The due frame of a record, or null when it is flushed only at the end of the input or unknown. */
    Due due(String key) {
        return byKey.get(key);
    }

    boolean known(String key) {
        return byKey.containsKey(key);
    }

    /** Every record the capture yields, the ones flushed at the end of the input included. */
    long total() {
        return byKey.size();
    }

    long segmentDriven() {
        return segmentDriven;
    }

    long timerDriven() {
        return timerDriven;
    }

    long atEndOfInput() {
        return atEnd;
    }

    /**
     * Records an unbounded job must emit by the time the capture is replayed: every segment-driven one,
     * and the timer-driven ones due at least {@code marginMicros} of capture time before the last segment
     * (the job's watermark trails the latest capture time by its out-of-orderness bound).
     */
    long owedBy(long marginMicros) {
        return byKey.values().stream()
                .filter(d -> d != null && (d.segmentDriven() || d.tsMicros() <= lastTsMicros - marginMicros))
                .count();
    }

    /** Whether {@code key} is among {@link #owedBy}. */
    boolean owed(String key, long marginMicros) {
        Due d = byKey.get(key);
        return d != null && (d.segmentDriven() || d.tsMicros() <= lastTsMicros - marginMicros);
    }
}
