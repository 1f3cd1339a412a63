package io.synfin.cli.gen;

import io.synfin.core.segment.TcpFlags;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic TCP traffic for benchmarks and large test inputs: many concurrent IPv4
 * connections, each following one of the endings SynFin tells apart (client or server close, three-segment
 * close, half-close, simultaneous close, refusal, unanswered SYN, RST abort, a lost data segment that is
 * retransmitted), merged into one stream in time order. Same seed, same traffic.
 *
 * <p>Packets come out one at a time through {@link #next(Packet)} so a billion-packet capture needs no
 * memory beyond the connections in flight.
 */
public final class SyntheticTraffic {

    /** One generated packet; a reusable holder. */
    public static final class Packet {
        public long tsMicros;
        public int srcAddr;
        public int dstAddr;
        public int srcPort;
        public int dstPort;
        public int seq;
        public int ack;
        public int flags;
        public int window;
        public int payloadLen;
    }

    /** The ways a generated connection goes, with their share of connections in percent. */
    enum Ending {
        CLIENT_CLOSE(50),
        SERVER_CLOSE(15),
        FIN_ACK_COMBINED(10),
        HALF_CLOSE(5),
        SIMULTANEOUS(2),
        REFUSED(5),
        UNANSWERED(3),
        RST_ABORT(5),
        LOSS(5);

        final int percent;

        Ending(int percent) {
            this.percent = percent;
        }
    }

    private record Step(long atMicros, boolean fromClient, int flags, int payload, boolean retransmission) {
        Step(long atMicros, boolean fromClient, int flags, int payload) {
            this(atMicros, fromClient, flags, payload, false);
        }
    }

    private static final class Conn implements Comparable<Conn> {
        final int client;
        final int server;
        final int clientPort;
        final int serverPort;
        final List<Step> steps;
        int next;
        int clientSeq;
        int serverSeq;
        final long start;

        Conn(int client, int server, int clientPort, int serverPort, List<Step> steps, long start, int isnC, int isnS) {
            this.client = client;
            this.server = server;
            this.clientPort = clientPort;
            this.serverPort = serverPort;
            this.steps = steps;
            this.start = start;
            this.clientSeq = isnC;
            this.serverSeq = isnS;
        }

        long nextAt() {
            return start + steps.get(next).atMicros();
        }

        @Override
        public int compareTo(Conn o) {
            return Long.compare(nextAt(), o.nextAt());
        }
    }

    private static final int[] SERVER_PORTS = {80, 443, 22, 25, 3306, 5432, 8080, 6379};

    private final SplittableRandom random;
    private final PriorityQueue<Conn> inFlight = new PriorityQueue<>();
    private final long startMicros;
    private final long meanGapMicros;
    private long nextStart;
    private long packetsLeft;
    private long connections;

    /**
     * @param seed the random seed
     * @param packets how many packets to generate
     * @param connectionsPerSecond new connections per second of capture time
     * @param startMicros capture time of the first connection
     */
    public SyntheticTraffic(long seed, long packets, int connectionsPerSecond, long startMicros) {
        this.random = new SplittableRandom(seed);
        this.packetsLeft = packets;
        this.startMicros = startMicros;
        this.nextStart = startMicros;
        this.meanGapMicros = Math.max(1, 1_000_000L / connectionsPerSecond);
    }

    /** Connections started so far. */
    public long connections() {
        return connections;
    }

    /** Fills {@code p} with the next packet in time order; false when the requested count is reached. */
    public boolean next(Packet p) {
        if (packetsLeft <= 0) {
            return false;
        }
        // keep starting connections until the earliest in-flight packet is before the next start
        while (inFlight.isEmpty() || inFlight.peek().nextAt() > nextStart) {
            inFlight.add(newConnection(nextStart));
            nextStart += 1 + random.nextLong(2 * meanGapMicros);
        }
        Conn c = inFlight.poll();
        Step step = c.steps.get(c.next++);
        p.tsMicros = c.start + step.atMicros();
        p.flags = step.flags();
        p.payloadLen = step.payload();
        p.window = step.fromClient() ? 64240 : 65160;
        if (step.fromClient()) {
            p.srcAddr = c.client;
            p.dstAddr = c.server;
            p.srcPort = c.clientPort;
            p.dstPort = c.serverPort;
            p.seq = c.clientSeq;
            p.ack = TcpFlags.has(step.flags(), TcpFlags.ACK) ? c.serverSeq : 0;
            c.clientSeq += consumed(step);
        } else {
            p.srcAddr = c.server;
            p.dstAddr = c.client;
            p.srcPort = c.serverPort;
            p.dstPort = c.clientPort;
            p.seq = step.retransmission() ? c.serverSeq - step.payload() : c.serverSeq;
            p.ack = TcpFlags.has(step.flags(), TcpFlags.ACK) ? c.clientSeq : 0;
            if (!step.retransmission()) {
                c.serverSeq += consumed(step);
            }
        }
        if (step.flags() == (TcpFlags.RST | TcpFlags.ACK) && !step.fromClient() && c.next == 2) {
            p.seq = 0; // RFC 9293 §3.10.7.1: the refusal of a SYN carries seq 0 and acks the SYN
        }
        if (c.next < c.steps.size()) {
            inFlight.add(c);
        }
        packetsLeft--;
        return true;
    }

    private static int consumed(Step s) {
        int n = s.payload();
        if (TcpFlags.has(s.flags(), TcpFlags.SYN)) {
            n++;
        }
        if (TcpFlags.has(s.flags(), TcpFlags.FIN)) {
            n++;
        }
        return n;
    }

    private Conn newConnection(long start) {
        connections++;
        int client = 0x0A000000 | random.nextInt(1 << 24); // 10.0.0.0/8 clients
        int server = 0xC0A80100 | (1 + random.nextInt(60)); // 192.168.1.1-60 servers
        int clientPort = 32768 + random.nextInt(28232);
        int serverPort = SERVER_PORTS[random.nextInt(SERVER_PORTS.length)];
        List<Step> steps = script(pickEnding());
        return new Conn(client, server, clientPort, serverPort, steps, start, random.nextInt(), random.nextInt());
    }

    private Ending pickEnding() {
        int roll = random.nextInt(100);
        for (Ending e : Ending.values()) {
            roll -= e.percent;
            if (roll < 0) {
                return e;
            }
        }
        return Ending.CLIENT_CLOSE;
    }

    /** The packets of one connection, relative times in microseconds. */
    private List<Step> script(Ending ending) {
        long rtt = 200 + random.nextInt(5000);
        List<Step> s = new ArrayList<>();
        final int syn = TcpFlags.SYN;
        final int ack = TcpFlags.ACK;
        final int psh = TcpFlags.PSH | TcpFlags.ACK;
        final int fin = TcpFlags.FIN | TcpFlags.ACK;
        long t = 0;
        s.add(new Step(t, true, syn, 0));
        if (ending == Ending.UNANSWERED) {
            s.add(new Step(1_000_000, true, syn, 0));
            s.add(new Step(3_000_000, true, syn, 0));
            return s;
        }
        if (ending == Ending.REFUSED) {
            s.add(new Step(rtt / 2, false, TcpFlags.RST | ack, 0));
            return s;
        }
        s.add(new Step(t += rtt / 2, false, syn | ack, 0));
        s.add(new Step(t += rtt / 2, true, ack, 0));
        int request = 100 + random.nextInt(400);
        s.add(new Step(t += 20, true, psh, request));
        s.add(new Step(t += rtt / 2, false, ack, 0));
        int responses = 1 + random.nextInt(6);
        for (int i = 0; i < responses; i++) {
            boolean lost = ending == Ending.LOSS && i == 0;
            s.add(new Step(t += 50 + random.nextInt(500), false, psh, 1448));
            if (lost) {
                // the segment is seen by the tap but lost further on: the client's ACK stays behind,
                // and the server retransmits after its RTO
                s.add(new Step(t += 200_000 + rtt, false, psh, 1448, true));
            }
            s.add(new Step(t += rtt / 2, true, ack, 0));
        }
        t += 1000 + random.nextInt(50_000);
        switch (ending) {
            case SERVER_CLOSE -> {
                s.add(new Step(t, false, fin, 0));
                s.add(new Step(t += rtt / 2, true, ack, 0));
                s.add(new Step(t += 100, true, fin, 0));
                s.add(new Step(t += rtt / 2, false, ack, 0));
            }
            case FIN_ACK_COMBINED -> {
                s.add(new Step(t, true, fin, 0));
                s.add(new Step(t += rtt / 2, false, fin, 0));
                s.add(new Step(t += rtt / 2, true, ack, 0));
            }
            case HALF_CLOSE -> {
                s.add(new Step(t, true, fin, 0));
                s.add(new Step(t += rtt / 2, false, ack, 0));
                for (int i = 0; i < 3; i++) {
                    s.add(new Step(t += 1000, false, psh, 1448));
                    s.add(new Step(t += rtt / 2, true, ack, 0));
                }
                s.add(new Step(t += 1000, false, fin, 0));
                s.add(new Step(t += rtt / 2, true, ack, 0));
            }
            case SIMULTANEOUS -> {
                s.add(new Step(t, true, fin, 0));
                s.add(new Step(t += 1, false, fin, 0));
                s.add(new Step(t += rtt / 2, true, ack, 0));
                s.add(new Step(t += 1, false, ack, 0));
            }
            case RST_ABORT -> s.add(new Step(t, random.nextBoolean(), TcpFlags.RST | ack, 0));
            default -> {
                s.add(new Step(t, true, fin, 0));
                s.add(new Step(t += rtt / 2, false, ack, 0));
                s.add(new Step(t += 100, false, fin, 0));
                s.add(new Step(t += rtt / 2, true, ack, 0));
            }
        }
        return s;
    }
}
