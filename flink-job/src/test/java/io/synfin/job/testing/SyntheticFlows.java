package io.synfin.job.testing;

import io.synfin.core.segment.Segment;
import io.synfin.core.segment.SegmentOptions;
import io.synfin.core.segment.TcpFlags;
import java.util.AbstractList;
import java.util.List;

/**
 * Many short client-closed connections, deterministic: connection {@code i} has its own client address and
 * port, opens {@code spacingMicros} after the one before, and takes 9 segments (handshake, request,
 * response, FIN/ACK both ways). Every {@code openEvery}-th connection stops after its data and stays open.
 * A list view: segments are made on demand, in time order within each connection.
 */
public final class SyntheticFlows extends AbstractList<Segment> {

    public static final long T0 = 1_700_000_000_000_000L;
    public static final int SEGMENTS_PER_CONNECTION = 9;

    private static final byte[] SERVER = {10, 0, 0, 9};
    private static final int ISN_CLIENT = 0x1000_0000;
    private static final int ISN_SERVER = 0x7000_0000;
    private static final int REQUEST = 120;
    private static final int RESPONSE = 900;

    private final int connections;
    private final long spacingMicros;
    private final int openEvery;

    public SyntheticFlows(int connections, long spacingMicros, int openEvery) {
        this.connections = connections;
        this.spacingMicros = spacingMicros;
        this.openEvery = openEvery;
    }

    /** Connections that end with their data (no FIN): still open at the end of the input. */
    public boolean leftOpen(int connection) {
        return openEvery > 0 && connection % openEvery == openEvery - 1;
    }

    public int openConnections() {
        return openEvery > 0 ? connections / openEvery : 0;
    }

    @Override
    public int size() {
        return connections * SEGMENTS_PER_CONNECTION;
    }

    /** Segment {@code index}: connection by connection, each connection's segments in order. */
    @Override
    public Segment get(int index) {
        int connection = index / SEGMENTS_PER_CONNECTION;
        int step = index % SEGMENTS_PER_CONNECTION;
        return segment(connection, step);
    }

    private Segment segment(int connection, int step) {
        byte[] client = {10, (byte) (1 + (connection >>> 16)), (byte) (connection >>> 8), (byte) connection};
        int port = 1024 + connection % 60000;
        long t = T0 + connection * spacingMicros + step * 200L;
        int c = ISN_CLIENT + connection;
        int s = ISN_SERVER + connection;
        boolean open = leftOpen(connection);
        return switch (step) {
            case 0 -> seg(t, client, port, true, TcpFlags.SYN, c, 0, 0);
            case 1 -> seg(t, client, port, false, TcpFlags.SYN | TcpFlags.ACK, s, c + 1, 0);
            case 2 -> seg(t, client, port, true, TcpFlags.ACK, c + 1, s + 1, 0);
            case 3 -> seg(t, client, port, true, TcpFlags.PSH | TcpFlags.ACK, c + 1, s + 1, REQUEST);
            case 4 -> seg(t, client, port, false, TcpFlags.PSH | TcpFlags.ACK, s + 1, c + 1 + REQUEST, RESPONSE);
            case 5 -> open
                    ? seg(t, client, port, true, TcpFlags.ACK, c + 1 + REQUEST, s + 1 + RESPONSE, 0)
                    : seg(t, client, port, true, TcpFlags.FIN | TcpFlags.ACK, c + 1 + REQUEST, s + 1 + RESPONSE, 0);
            case 6 -> open
                    ? seg(t, client, port, false, TcpFlags.PSH | TcpFlags.ACK, s + 1 + RESPONSE, c + 1 + REQUEST, 10)
                    : seg(t, client, port, false, TcpFlags.ACK, s + 1 + RESPONSE, c + 2 + REQUEST, 0);
            case 7 -> open
                    ? seg(t, client, port, true, TcpFlags.ACK, c + 1 + REQUEST, s + 11 + RESPONSE, 0)
                    : seg(t, client, port, false, TcpFlags.FIN | TcpFlags.ACK, s + 1 + RESPONSE, c + 2 + REQUEST, 0);
            default -> open
                    ? seg(t, client, port, false, TcpFlags.PSH | TcpFlags.ACK, s + 11 + RESPONSE, c + 1 + REQUEST, 10)
                    : seg(t, client, port, true, TcpFlags.ACK, c + 2 + REQUEST, s + 2 + RESPONSE, 0);
        };
    }

    private static Segment seg(long t, byte[] client, int port, boolean fromClient, int flags, int seq, int ack, int len) {
        return new Segment(t, 0, fromClient ? client : SERVER, fromClient ? SERVER : client, fromClient ? port : 80,
                fromClient ? 80 : port, seq, ack, flags, 64240, len, 40 + len, 64, SegmentOptions.NONE, false);
    }

    /** All segments as a list (for small runs). */
    public List<Segment> toList() {
        return List.copyOf(this);
    }
}
