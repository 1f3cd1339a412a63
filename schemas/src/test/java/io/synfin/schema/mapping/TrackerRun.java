package io.synfin.schema.mapping;

import io.synfin.core.TrackerConfig;
import io.synfin.core.anomaly.Anomaly;
import io.synfin.core.flow.Addresses;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.segment.Segment;
import io.synfin.core.segment.SegmentOptions;
import io.synfin.core.state.FlowTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the real offline tracker over hand-written segments of one client and one server, and keeps what it
 * emits: records, and each anomaly with the segment that caused it (null when a timer did).
 */
final class TrackerRun implements FlowTable.Sink {

    /** A finding and the segment whose step produced it, or null for a timer finding. */
    record Finding(Anomaly anomaly, Segment offending) {}

    static final long T0 = 1_773_480_413_589_793L;
    static final long MS = 1_000;
    static final long SECOND = 1_000_000;
    static final int DOMAIN = 7;

    final List<ConnectionSummary> records = new ArrayList<>();
    final List<Finding> findings = new ArrayList<>();
    private final FlowTable table;
    private final byte[] client;
    private final int clientPort;
    private final byte[] server;
    private final int serverPort;
    private Segment current;

    TrackerRun(TrackerConfig config, String client, int clientPort, String server, int serverPort) {
        this.table = new FlowTable(config, this);
        this.client = Addresses.parse(client);
        this.clientPort = clientPort;
        this.server = Addresses.parse(server);
        this.serverPort = serverPort;
    }

    TrackerRun client(long ts, int flags, long seq, long ack, int window, int payload, SegmentOptions options) {
        return send(new Segment(ts, DOMAIN, client, server, clientPort, serverPort, (int) seq, (int) ack, flags,
                window, payload, ipTotalLen(options, payload), 64, options, false));
    }

    TrackerRun server(long ts, int flags, long seq, long ack, int window, int payload, SegmentOptions options) {
        return send(new Segment(ts, DOMAIN, server, client, serverPort, clientPort, (int) seq, (int) ack, flags,
                window, payload, ipTotalLen(options, payload), 57, options, false));
    }

    /** Runs every timer due up to {@code ts}. */
    TrackerRun advanceTo(long ts) {
        table.advanceTo(ts);
        return this;
    }

    TrackerRun finish() {
        table.finish();
        return this;
    }

    /** The record of {@code uid} that came last (a timer finding's connection ends in the same step). */
    ConnectionSummary lastRecordOf(String uid) {
        ConnectionSummary found = null;
        for (ConnectionSummary r : records) {
            if (r.uid().equals(uid)) {
                found = r;
            }
        }
        return found;
    }

    private TrackerRun send(Segment s) {
        // Timers due before the segment fire first and belong to no segment.
        table.advanceTo(s.tsMicros());
        current = s;
        table.onSegment(s);
        current = null;
        return this;
    }

    private int ipTotalLen(SegmentOptions options, int payload) {
        int ipHeader = client.length == 4 ? 20 : 40;
        return ipHeader + options.headerLen() + payload;
    }

    @Override
    public void record(ConnectionSummary summary) {
        records.add(summary);
    }

    @Override
    public void anomaly(Anomaly anomaly) {
        findings.add(new Finding(anomaly, current));
    }
}
