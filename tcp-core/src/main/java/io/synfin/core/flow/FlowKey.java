package io.synfin.core.flow;

import io.synfin.core.segment.Segment;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The canonical identity of a TCP 4-tuple within one observation domain (SPEC §4): both directions of a
 * connection map to the same key, so they land on the same Kafka partition and Flink key group.
 * Endpoints are ordered by (address bytes unsigned, port); the lower one comes first.
 */
public final class FlowKey {

    private final int domain;
    private final byte[] lowAddr;
    private final int lowPort;
    private final byte[] highAddr;
    private final int highPort;
    private final int hash;

    private FlowKey(int domain, byte[] lowAddr, int lowPort, byte[] highAddr, int highPort) {
        this.domain = domain;
        this.lowAddr = lowAddr;
        this.lowPort = lowPort;
        this.highAddr = highAddr;
        this.highPort = highPort;
        int h = 31 * domain + Arrays.hashCode(lowAddr);
        h = 31 * h + lowPort;
        h = 31 * h + Arrays.hashCode(highAddr);
        this.hash = 31 * h + highPort;
    }

    /** The key of the connection {@code segment} belongs to. Copies the addresses. */
    public static FlowKey of(Segment segment) {
        return of(segment.domain(), segment.srcAddr(), segment.srcPort(), segment.dstAddr(), segment.dstPort());
    }

    /** The key of the 4-tuple, whichever endpoint is given first. Copies the addresses. */
    public static FlowKey of(int domain, byte[] addrA, int portA, byte[] addrB, int portB) {
        Objects.requireNonNull(addrA, "addrA");
        Objects.requireNonNull(addrB, "addrB");
        if ((addrA.length != 4 && addrA.length != 16) || addrA.length != addrB.length) {
            throw new IllegalArgumentException(
                    String.format("addresses must both be 4 or 16 bytes, got %d and %d", addrA.length, addrB.length));
        }
        if (compareEndpoints(addrA, portA, addrB, portB) <= 0) {
            return new FlowKey(domain, addrA.clone(), portA, addrB.clone(), portB);
        }
        return new FlowKey(domain, addrB.clone(), portB, addrA.clone(), portA);
    }

    /** Orders endpoints by address bytes (unsigned), then port: the Community ID ordering as well. */
    public static int compareEndpoints(byte[] addrA, int portA, byte[] addrB, int portB) {
        int byAddr = Arrays.compareUnsigned(addrA, addrB);
        return byAddr != 0 ? byAddr : Integer.compare(portA, portB);
    }

    /** True when {@code segment} is sent by the lower endpoint of this key. */
    public boolean sentByLow(Segment segment) {
        return segment.srcPort() == lowPort && Arrays.equals(segment.srcAddr(), lowAddr);
    }

    /** True when {@code segment} belongs to this key, in either direction (no key is built to check). */
    public boolean matches(Segment segment) {
        if (segment.domain() != domain) {
            return false;
        }
        byte[] src = segment.srcAddr();
        byte[] dst = segment.dstAddr();
        int sp = segment.srcPort();
        int dp = segment.dstPort();
        return (sp == lowPort && dp == highPort && Arrays.equals(src, lowAddr) && Arrays.equals(dst, highAddr))
                || (sp == highPort && dp == lowPort && Arrays.equals(src, highAddr) && Arrays.equals(dst, lowAddr));
    }

    /**
     * A hash of the segment's 4-tuple that is the same for both directions, so a table can find the key
     * of a segment without building one; it equals {@link #tupleHash()} of the segment's key.
     */
    public static int tupleHash(Segment segment) {
        int a = endpointHash(segment.srcAddr(), segment.srcPort());
        int b = endpointHash(segment.dstAddr(), segment.dstPort());
        return mix(segment.domain() * 0x9E3779B9 + a + b);
    }

    /** {@link #tupleHash(Segment)} of any segment of this key. */
    public int tupleHash() {
        return mix(domain * 0x9E3779B9 + endpointHash(lowAddr, lowPort) + endpointHash(highAddr, highPort));
    }

    private static int endpointHash(byte[] addr, int port) {
        int h = port;
        for (byte b : addr) {
            h = 31 * h + b;
        }
        return mix(h);
    }

    /** The 32-bit finalizer of MurmurHash3: spreads every input bit over the result. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }

    public int domain() {
        return domain;
    }

    public int ipVersion() {
        return lowAddr.length == 4 ? 4 : 6;
    }

    /** The lower endpoint's address; a copy. */
    public byte[] lowAddr() {
        return lowAddr.clone();
    }

    public int lowPort() {
        return lowPort;
    }

    /** The higher endpoint's address; a copy. */
    public byte[] highAddr() {
        return highAddr.clone();
    }

    public int highPort() {
        return highPort;
    }

    /**
     * A compact, stable byte form for Kafka record keys and Flink key selectors: domain (4 bytes), IP
     * version (1), lower address, lower port (2), higher address, higher port (2), all big-endian.
     */
    public byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(4 + 1 + 2 * lowAddr.length + 4);
        out.putInt(domain).put((byte) ipVersion()).put(lowAddr).putShort((short) lowPort);
        out.put(highAddr).putShort((short) highPort);
        return out.array();
    }

    /** Reads the form written by {@link #toBytes()}. */
    public static FlowKey fromBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int domain = in.getInt();
        int version = in.get();
        int len = version == 4 ? 4 : 16;
        if (bytes.length != 4 + 1 + 2 * len + 4) {
            throw new IllegalArgumentException(String.format("not a flow key: %d bytes for IPv%d", bytes.length, version));
        }
        byte[] low = new byte[len];
        in.get(low);
        int lowPort = Short.toUnsignedInt(in.getShort());
        byte[] high = new byte[len];
        in.get(high);
        int highPort = Short.toUnsignedInt(in.getShort());
        return new FlowKey(domain, low, lowPort, high, highPort);
    }

    /** A 64-bit digest of the key (FNV-1a over {@link #toBytes()}), for hashing and uid derivation. */
    public long hash64() {
        // The bytes of toBytes(), fed in order without building the array.
        long h = 0xcbf29ce484222325L;
        for (int shift = 24; shift >= 0; shift -= 8) {
            h = fnv(h, domain >>> shift);
        }
        h = fnv(h, ipVersion());
        h = fnvEndpoint(h, lowAddr, lowPort);
        return fnvEndpoint(h, highAddr, highPort);
    }

    private static long fnvEndpoint(long h, byte[] addr, int port) {
        for (byte b : addr) {
            h = fnv(h, b);
        }
        return fnv(fnv(h, port >>> 8), port);
    }

    /** One FNV-1a step over the low byte of {@code b}. */
    private static long fnv(long h, int b) {
        return (h ^ (b & 0xff)) * 0x100000001b3L;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FlowKey other)) {
            return false;
        }
        return hash == other.hash && domain == other.domain && lowPort == other.lowPort
                && highPort == other.highPort && Arrays.equals(lowAddr, other.lowAddr)
                && Arrays.equals(highAddr, other.highAddr);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return String.format("%d/%s:%d-%s:%d", domain, Addresses.format(lowAddr), lowPort,
                Addresses.format(highAddr), highPort);
    }
}
