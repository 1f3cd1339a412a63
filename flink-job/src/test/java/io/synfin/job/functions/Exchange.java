package io.synfin.job.functions;

import io.synfin.core.flow.Addresses;
import io.synfin.core.segment.Segment;
import io.synfin.core.segment.SegmentOptions;

/**
 * One client and one server exchanging segments at named times, for the function tests: each side keeps
 * its next sequence number, SYN and FIN consume one (RFC 9293 §3.4), data its length.
 */
final class Exchange {

    static final long T0 = 1_700_000_000_000_000L;
    static final long MS = 1_000;
    static final long SECOND = 1_000_000;

    private final byte[] client;
    private final byte[] server;
    private final int clientPort;
    private int clientNext = 1000;
    private int serverNext = 5000;

    Exchange(String clientAddr, int clientPort) {
        this.client = Addresses.parse(clientAddr);
        this.server = Addresses.parse("10.0.0.9");
        this.clientPort = clientPort;
    }

    /** A segment from the client (flags, payload), acknowledging what the server sent so far. */
    Segment client(long ts, int flags, int payload) {
        Segment s = segment(ts, true, flags, clientNext, serverNext, payload);
        clientNext += consumed(flags, payload);
        return s;
    }

    Segment server(long ts, int flags, int payload) {
        Segment s = segment(ts, false, flags, serverNext, clientNext, payload);
        serverNext += consumed(flags, payload);
        return s;
    }

    /** {@code s} with another acknowledgment number. */
    static Segment withAck(Segment s, int ack) {
        return new Segment(s.tsMicros(), s.domain(), s.srcAddr(), s.dstAddr(), s.srcPort(), s.dstPort(), s.seq(), ack,
                s.flags(), s.window(), s.payloadLen(), s.ipTotalLen(), s.ttl(), s.options(), s.checksumBad());
    }

    private static int consumed(int flags, int payload) {
        int syn = (flags & io.synfin.core.segment.TcpFlags.SYN) != 0 ? 1 : 0;
        int fin = (flags & io.synfin.core.segment.TcpFlags.FIN) != 0 ? 1 : 0;
        return payload + syn + fin;
    }

    private Segment segment(long ts, boolean fromClient, int flags, int seq, int ack, int payload) {
        return new Segment(ts, 0, fromClient ? client : server, fromClient ? server : client,
                fromClient ? clientPort : 80, fromClient ? 80 : clientPort, seq, ack, flags, 64240, payload,
                40 + payload, 64, SegmentOptions.NONE, false);
    }
}
