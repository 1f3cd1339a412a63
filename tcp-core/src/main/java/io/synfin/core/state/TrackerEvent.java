package io.synfin.core.state;

import io.synfin.core.anomaly.Anomaly;
import io.synfin.core.record.ConnectionSummary;

/** One output of the tracker for one input; a {@link Step} carries them in order. */
public sealed interface TrackerEvent {

    /** An endpoint moved to another RFC 9293 state. */
    record StateChanged(String uid, boolean originator, TcpState from, TcpState to, long tsMicros)
            implements TrackerEvent {}

    /** A finding for tcp.anomalies. */
    record AnomalyFound(Anomaly anomaly) implements TrackerEvent {}

    /** The final record of a connection; nothing of it remains in the tracker afterwards. */
    record ConnectionEnded(ConnectionSummary summary) implements TrackerEvent {}

    /** An interim record of a long-lived connection (totals and deltas); the connection goes on. */
    record InterimRecord(ConnectionSummary summary) implements TrackerEvent {}
}
