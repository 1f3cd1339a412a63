package io.synfin.schema.mapping;

import io.synfin.core.record.ConnectionSummary;
import io.synfin.schema.InterimDeltas;

/**
 * Builds the {@link InterimDeltas} of a connection record from the core's per-record packet and payload
 * deltas. The core keeps only those four totals of the previous record of a uid, so the other deltas are
 * known exactly when there was no previous record (they are then the totals) and null otherwise.
 */
final class Deltas {

    private Deltas() {}

    /** The deltas of {@code s}, or null when it is the only record of its uid. */
    static InterimDeltas of(ConnectionSummary s) {
        // Every record counts at least the connection's first segment, so an earlier record of the uid
        // left non-zero previous totals: the deltas then differ from the totals.
        boolean hadPrevious = s.deltaOrigPackets() != s.origPkts() || s.deltaOrigBytes() != s.origBytes()
                || s.deltaRespPackets() != s.respPkts() || s.deltaRespBytes() != s.respBytes();
        if (!s.interim() && !hadPrevious) {
            return null;
        }
        InterimDeltas.Builder deltas = InterimDeltas.newBuilder()
                .setOrigPkts(s.deltaOrigPackets())
                .setOrigBytes(s.deltaOrigBytes())
                .setRespPkts(s.deltaRespPackets())
                .setRespBytes(s.deltaRespBytes());
        if (hadPrevious) {
            return deltas.build();
        }
        // The first interim record: everything so far is the change since the connection began.
        return deltas.setSinceTs(s.startMicros())
                .setOrigIpBytes(s.orig().wireBytes())
                .setRespIpBytes(s.resp().wireBytes())
                .setOrigRetransmittedPkts(s.orig().retransmittedPackets())
                .setRespRetransmittedPkts(s.resp().retransmittedPackets())
                .setMissedBytes(s.missedBytes())
                .setAnomalyCount((long) s.anomalyCount())
                .build();
    }
}
