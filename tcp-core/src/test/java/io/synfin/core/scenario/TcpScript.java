package io.synfin.core.scenario;

import io.synfin.core.TrackerConfig;
import io.synfin.core.anomaly.Anomaly;
import io.synfin.core.anomaly.AnomalyType;
import io.synfin.core.flow.Addresses;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.segment.Segment;
import io.synfin.core.segment.SegmentOptions;
import io.synfin.core.state.ConnectionSnapshot;
import io.synfin.core.state.FlowTracker;
import io.synfin.core.state.Step;
import io.synfin.core.state.TcpState;
import io.synfin.core.state.TrackerEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A readable script of segments between a client and a server, fed to one {@link FlowTracker}:
 * {@code script.at(T0).client(SYN, seq(100)).at(T0 + MS).server(SYN | ACK, seq(300), ack(101))}.
 * Every event is collected in order; timers run only when the script says so.
 */
public final class TcpScript {

    /** 2023-11-14T22:13:20Z, in microseconds. */
    public static final long T0 = 1_700_000_000_000_000L;
    public static final long MS = 1_000;
    public static final long SECOND = 1_000_000;
    public static final String CLIENT = "10.0.0.1";
    public static final int CLIENT_PORT = 40000;
    public static final String SERVER = "93.184.216.34";
    public static final int SERVER_PORT = 80;

    /** One option of a scripted segment. */
    public interface Opt extends Consumer<SegmentBuilder> {}

    /** The mutable fields of the segment being scripted. */
    public static final class SegmentBuilder {
        long seq;
        long ack;
        int len;
        int window = 65535;
        int headerLen = 20;
        int mss = -1;
        int wscale = -1;
        boolean sackOk;
        long tsVal = -1;
        boolean badChecksum;
    }

    public static Opt seq(long v) {
        return b -> b.seq = v;
    }

    public static Opt ack(long v) {
        return b -> b.ack = v;
    }

    public static Opt len(int v) {
        return b -> b.len = v;
    }

    public static Opt win(int v) {
        return b -> b.window = v;
    }

    public static Opt mss(int v) {
        return b -> {
            b.mss = v;
            b.headerLen = Math.max(b.headerLen, 24);
        };
    }

    public static Opt wscale(int v) {
        return b -> {
            b.wscale = v;
            b.headerLen = Math.max(b.headerLen, 28);
        };
    }

    public static Opt sackOk() {
        return b -> b.sackOk = true;
    }

    public static Opt timestamps(long tsVal) {
        return b -> {
            b.tsVal = tsVal;
            b.headerLen = 32;
        };
    }

    public static Opt headerLen(int v) {
        return b -> b.headerLen = v;
    }

    public static Opt badChecksum() {
        return b -> b.badChecksum = true;
    }

    private final FlowTracker tracker;
    private final TrackerConfig config;
    private final List<TrackerEvent> events = new ArrayList<>();
    private final String client;
    private final int clientPort;
    private final String server;
    private final int serverPort;
    private long now = T0;
    private Step last;

    public TcpScript() {
        this(TrackerConfig.DEFAULTS);
    }

    public TcpScript(TrackerConfig config) {
        this(config, CLIENT, CLIENT_PORT, SERVER, SERVER_PORT);
    }

    public TcpScript(TrackerConfig config, String client, int clientPort, String server, int serverPort) {
        this(config, new FlowTracker(config), client, clientPort, server, serverPort);
    }

    private TcpScript(
            TrackerConfig config, FlowTracker tracker, String client, int clientPort, String server, int serverPort) {
        this.config = config;
        this.tracker = tracker;
        this.client = client;
        this.clientPort = clientPort;
        this.server = server;
        this.serverPort = serverPort;
    }

    /** A script that continues from a snapshot taken of another script's tracker (same endpoints). */
    public TcpScript restored() {
        TcpScript copy = new TcpScript(config, FlowTracker.restore(tracker.snapshot(), config), client, clientPort,
                server, serverPort);
        copy.now = now;
        return copy;
    }

    public TcpScript at(long micros) {
        now = micros;
        return this;
    }

    public TcpScript after(long micros) {
        now += micros;
        return this;
    }

    public TcpScript client(int flags, Opt... opts) {
        return send(client, clientPort, server, serverPort, flags, opts);
    }

    public TcpScript server(int flags, Opt... opts) {
        return send(server, serverPort, client, clientPort, flags, opts);
    }

    /** Builds the segment the client would send, without applying it. */
    public Segment clientSegment(int flags, Opt... opts) {
        return segment(client, clientPort, server, serverPort, flags, opts);
    }

    private TcpScript send(String src, int sport, String dst, int dport, int flags, Opt... opts) {
        Segment s = segment(src, sport, dst, dport, flags, opts);
        record(tracker.onSegment(s));
        return this;
    }

    private Segment segment(String src, int sport, String dst, int dport, int flags, Opt... opts) {
        SegmentBuilder b = new SegmentBuilder();
        for (Opt o : opts) {
            o.accept(b);
        }
        byte[] srcAddr = Addresses.parse(src);
        int ipHeader = srcAddr.length == 4 ? 20 : 40;
        SegmentOptions options = new SegmentOptions(b.headerLen, b.mss, b.wscale, b.sackOk, new int[0], b.tsVal,
                b.tsVal < 0 ? -1 : 0, new int[0]);
        return new Segment(now, 1, srcAddr, Addresses.parse(dst), sport, dport, (int) b.seq, (int) b.ack, flags,
                b.window, b.len, ipHeader + b.headerLen + b.len, 64, options, b.badChecksum);
    }

    private void record(Step step) {
        last = step;
        events.addAll(step.events());
    }

    /** Runs every timer due up to {@code micros} (the way the Flink job or the FlowTable would). */
    public TcpScript runTimersUntil(long micros) {
        now = micros;
        while (tracker.nextDeadline() <= micros) {
            record(tracker.onTimer(tracker.nextDeadline()));
        }
        return this;
    }

    /** Runs every timer until none is left, however far ahead. */
    public TcpScript runAllTimers() {
        int guard = 0;
        while (tracker.nextDeadline() != Step.NO_DEADLINE && guard++ < 10_000) {
            now = Math.max(now, tracker.nextDeadline());
            record(tracker.onTimer(tracker.nextDeadline()));
        }
        return this;
    }

    /** End of input. */
    public TcpScript finish() {
        record(tracker.finish(now));
        return this;
    }

    public TcpState clientState() {
        return tracker.current().stateOf(Addresses.parse(client), clientPort);
    }

    public TcpState serverState() {
        return tracker.current().stateOf(Addresses.parse(server), serverPort);
    }

    public List<TrackerEvent> events() {
        return events;
    }

    public Step lastStep() {
        return last;
    }

    public List<ConnectionSummary> records() {
        List<ConnectionSummary> out = new ArrayList<>();
        for (TrackerEvent e : events) {
            if (e instanceof TrackerEvent.ConnectionEnded ended) {
                out.add(ended.summary());
            } else if (e instanceof TrackerEvent.InterimRecord interim) {
                out.add(interim.summary());
            }
        }
        return out;
    }

    /** The one final record; fails when there is not exactly one. */
    public ConnectionSummary record() {
        List<ConnectionSummary> finals = events.stream()
                .filter(TrackerEvent.ConnectionEnded.class::isInstance)
                .map(e -> ((TrackerEvent.ConnectionEnded) e).summary())
                .toList();
        if (finals.size() != 1) {
            throw new AssertionError("expected one final record, got " + finals.size() + ": " + finals);
        }
        return finals.get(0);
    }

    public List<Anomaly> anomalies() {
        return events.stream()
                .filter(TrackerEvent.AnomalyFound.class::isInstance)
                .map(e -> ((TrackerEvent.AnomalyFound) e).anomaly())
                .toList();
    }

    public List<AnomalyType> anomalyTypes() {
        return anomalies().stream().map(Anomaly::type).toList();
    }

    public List<TrackerEvent.StateChanged> stateChanges() {
        return events.stream()
                .filter(TrackerEvent.StateChanged.class::isInstance)
                .map(TrackerEvent.StateChanged.class::cast)
                .toList();
    }

    public FlowTracker tracker() {
        return tracker;
    }

    public ConnectionSnapshot snapshot() {
        return tracker.snapshot();
    }

    public TrackerConfig config() {
        return config;
    }

    public long now() {
        return now;
    }
}
