package io.synfin.core.state;

import io.synfin.core.flow.CommunityId;
import io.synfin.core.flow.FlowKey;
import io.synfin.core.net.AddressScope;
import io.synfin.core.net.ServicePorts;
import io.synfin.core.record.CloseKind;
import io.synfin.core.record.ConnStates;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.record.DirectionSummary;
import io.synfin.core.record.RecordReason;
import io.synfin.core.record.Side;

/** Builds the connection record from a tracker: labels derived at the end, totals and deltas. */
final class Summaries {

    private Summaries() {}

    static ConnectionSummary of(ConnectionTracker c, RecordReason reason, CloseKind kind) {
        EndpointTracker orig = c.orig;
        EndpointTracker resp = c.resp;
        FlowKey key = c.key;
        boolean origIsLow = c.origIsLow;
        long origBytes = orig.zeekSize(resp);
        long respBytes = resp.zeekSize(orig);
        long[] totals = {orig.packets, origBytes, resp.packets, respBytes};
        long[] delta = totals.clone();
        if (c.previousTotals != null) {
            for (int i = 0; i < 4; i++) {
                delta[i] -= c.previousTotals[i];
            }
        }
        if (reason == RecordReason.INTERIM) {
            // Only an interim record has a successor whose deltas start from these totals.
            c.previousTotals = totals;
        }
        byte[] origAddr = origIsLow ? key.lowAddr() : key.highAddr();
        byte[] respAddr = origIsLow ? key.highAddr() : key.lowAddr();
        int origPort = origIsLow ? key.lowPort() : key.highPort();
        int respPort = origIsLow ? key.highPort() : key.lowPort();
        String history = c.history.text();
        Side first = orig.has(EndpointTracker.CLOSED_FIRST) ? Side.ORIGINATOR
                : resp.has(EndpointTracker.CLOSED_FIRST) ? Side.RESPONDER : Side.NONE;
        // The Community ID (a SHA-1) is derived here, for the record, so no live connection holds it.
        return new ConnectionSummary(c.uid(), CommunityId.of(key), key.domain(), origAddr, origPort, respAddr, respPort,
                c.startMicros, c.durationEndMicros, ServicePorts.service(respPort),
                ConnStates.of(orig.zeek(), resp.zeek(), origBytes, respBytes, history), history,
                direction(c, orig, resp, origBytes), direction(c, resp, orig, respBytes), c.guessed, c.flips, c.flipReason,
                kind, reason, first, c.synRttMicros, c.ackRttMicros, AddressScope.of(origAddr), AddressScope.of(respAddr),
                c.anomalyCount, delta[0], delta[1], delta[2], delta[3]);
    }

    private static DirectionSummary direction(ConnectionTracker c, EndpointTracker e, EndpointTracker peer, long bytes) {
        EndpointExtras x = e.seen();
        long zeroWindow = x.zeroWindowMicros
                + (x.zeroWindowSince >= 0 ? Math.max(0, c.lastMicros - x.zeroWindowSince) : 0);
        return new DirectionSummary(e.packets, bytes, e.wireBytes, e.rxmitCount, x.rxmitBytes, x.missedBytes,
                x.finRetransmissions, e.minWindow, e.maxWindow, zeroWindow, e.mss, e.windowScale,
                e.has(EndpointTracker.SACK_OK), e.has(EndpointTracker.TIMESTAMPS), e.rfcState(peer),
                e.analysis.counters().snapshot());
    }
}
