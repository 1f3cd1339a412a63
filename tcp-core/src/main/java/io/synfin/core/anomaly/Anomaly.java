package io.synfin.core.anomaly;

import io.synfin.core.flow.FlowKey;

/**
 * One finding (SPEC §7, → tcp.anomalies): when, on which connection, what, how bad, a readable detail,
 * and the offending segment's flags, seq and ack (all zero for timer findings).
 *
 * @param tsMicros time of the offending segment or of the timer
 * @param key the connection's flow key; its domain is the observation domain
 * @param uid the connection uid
 * @param fromOriginator true when the offending segment was sent by the originator
 */
public record Anomaly(
        long tsMicros,
        FlowKey key,
        String uid,
        AnomalyType type,
        Severity severity,
        String detail,
        boolean fromOriginator,
        int flags,
        int seq,
        int ack) {

    public int domain() {
        return key.domain();
    }
}
