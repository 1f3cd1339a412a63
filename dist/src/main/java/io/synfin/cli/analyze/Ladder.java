package io.synfin.cli.analyze;

import io.synfin.core.anomaly.Anomaly;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.segment.Segment;
import io.synfin.core.segment.SegmentOptions;
import io.synfin.core.segment.TcpFlags;
import io.synfin.core.state.FlowTable;
import io.synfin.core.state.TrackerEvent;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code synfin analyze --ladder UID}: one connection's exchange as a text sequence diagram — time,
 * direction, flags, relative seq/ack, payload length, window, the options of SYNs, and the RFC 9293
 * state each endpoint enters — the flow graph of a packet analyzer, in a terminal.
 */
final class Ladder implements FlowTable.Sink, Analysis.SegmentListener {

    private static final int LANE = 58;

    private final ConnectionSummary connection;
    private final PrintStream out;
    private boolean done;
    private String pending;
    private boolean pendingIsSyn;
    private long origIsn = Long.MIN_VALUE;
    private long respIsn = Long.MIN_VALUE;

    private Ladder(ConnectionSummary connection, PrintStream out) {
        this.connection = connection;
        this.out = out;
    }

    /** Prints the ladder of {@code uid}; returns false when the file has no connection with that uid. */
    static boolean print(Analysis analysis, String file, String uid, PrintStream out) {
        Collector first = new Collector();
        analysis.run(file, first, null);
        ConnectionSummary connection = first.records().stream()
                .filter(r -> r.uid().equals(uid))
                .findFirst()
                .orElse(null);
        if (connection == null) {
            return false;
        }
        Ladder ladder = new Ladder(connection, out);
        ladder.header();
        analysis.run(file, ladder, ladder);
        ladder.flush();
        ladder.footer();
        return true;
    }

    private void header() {
        String orig = ConnectionTable.endpoint(connection.origAddr(), connection.origPort());
        String resp = ConnectionTable.endpoint(connection.respAddr(), connection.respPort());
        out.printf(Locale.ROOT, "connection %s  %s -> %s%n%n", connection.uid(), orig, resp);
        out.printf(Locale.ROOT, "%12s  %-22s %-" + LANE + "s %s%n", "time (s)", "originator", "", "responder");
        out.printf(Locale.ROOT, "%12s  %-22s %-" + LANE + "s %s%n", "", orig, "", resp);
    }

    private void footer() {
        out.printf(Locale.ROOT, "%nconn_state %s  history %s  close %s  (%s)%n", connection.connState(),
                connection.history(), connection.closeKind(), connection.recordReason());
    }

    @Override
    public void beforeSegment(Segment s, long frameNumber, long fileOffset) {
        flush();
        if (done || s.tsMicros() < connection.startMicros() || !inTuple(s)) {
            return;
        }
        boolean fromOrig = Arrays.equals(s.srcAddr(), connection.origAddr()) && s.srcPort() == connection.origPort();
        if (s.has(TcpFlags.SYN) || (fromOrig ? origIsn : respIsn) == Long.MIN_VALUE) {
            // relative numbers count from each side's initial sequence number, as packet analyzers show them
            long isn = Integer.toUnsignedLong(s.seq());
            if (fromOrig && origIsn == Long.MIN_VALUE) {
                origIsn = isn;
            } else if (!fromOrig && respIsn == Long.MIN_VALUE) {
                respIsn = isn;
            }
        }
        long seq = relative(s.seq(), fromOrig ? origIsn : respIsn);
        long peerIsn = fromOrig ? respIsn : origIsn;
        String ack = s.has(TcpFlags.ACK) ? " ack=" + (peerIsn == Long.MIN_VALUE ? Integer.toUnsignedLong(s.ack()) : relative(s.ack(), peerIsn)) : "";
        String label = String.format(Locale.ROOT, " %s seq=%d%s len=%d win=%d%s ", TcpFlags.toTcpdump(s.flags()), seq,
                ack, s.payloadLen(), s.window(), options(s.options()));
        String arrow = fromOrig ? pad("-" + label, '-', LANE - 1) + ">" : "<" + pad("-" + label, '-', LANE - 1);
        pending = String.format(Locale.ROOT, "%12.6f  %-22s %s", (s.tsMicros() - connection.startMicros()) / 1e6, "", arrow);
        pendingIsSyn = s.has(TcpFlags.SYN) && !s.has(TcpFlags.ACK);
    }

    @Override
    public void stateChanged(TrackerEvent.StateChanged change) {
        if (!change.uid().equals(connection.uid())) {
            return;
        }
        flush();
        String state = change.from() + " -> " + change.to();
        if (change.originator()) {
            out.printf(Locale.ROOT, "%12s  %-22s%n", "", state);
        } else {
            out.printf(Locale.ROOT, "%12s  %-22s %-" + LANE + "s %s%n", "", "", "", state);
        }
    }

    @Override
    public void record(ConnectionSummary summary) {
        if (summary.uid().equals(connection.uid()) && !summary.interim()) {
            // A SYN that ends this connection belongs to the next one on the same 4-tuple (reuse).
            if (pendingIsSyn) {
                pending = null;
            }
            flush();
            done = true;
        }
    }

    @Override
    public void anomaly(Anomaly anomaly) {
        if (connection.uid().equals(anomaly.uid())) {
            flush();
            out.printf(Locale.ROOT, "%12s  ! %s (%s): %s%n", "", anomaly.type(), anomaly.severity(), anomaly.detail());
        }
    }

    private void flush() {
        if (pending != null) {
            out.println(pending);
            pending = null;
        }
    }

    private boolean inTuple(Segment s) {
        boolean forward = Arrays.equals(s.srcAddr(), connection.origAddr()) && s.srcPort() == connection.origPort()
                && Arrays.equals(s.dstAddr(), connection.respAddr()) && s.dstPort() == connection.respPort();
        boolean backward = Arrays.equals(s.srcAddr(), connection.respAddr()) && s.srcPort() == connection.respPort()
                && Arrays.equals(s.dstAddr(), connection.origAddr()) && s.dstPort() == connection.origPort();
        return (forward || backward) && s.domain() == connection.domain();
    }

    private static long relative(int value, long isn) {
        return isn == Long.MIN_VALUE ? Integer.toUnsignedLong(value) : Integer.toUnsignedLong(value - (int) isn);
    }

    private static String options(SegmentOptions o) {
        StringBuilder text = new StringBuilder();
        if (o.hasMss()) {
            text.append(" MSS=").append(o.mss());
        }
        if (o.hasWindowScale()) {
            text.append(" WS=").append(o.windowScale());
        }
        if (o.sackPermitted()) {
            text.append(" SACK_PERM");
        }
        if (o.sackBlocks().length > 0) {
            text.append(" SACK*").append(o.sackBlocks().length / 2);
        }
        return text.toString();
    }

    private static String pad(String text, char fill, int width) {
        StringBuilder padded = new StringBuilder(text);
        while (padded.length() < width) {
            padded.append(fill);
        }
        return padded.toString();
    }
}
