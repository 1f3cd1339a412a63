package io.synfin.core.flow;

import io.synfin.core.segment.Segment;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The canonical identity of a TCP 4-tuple within one observation domain (SPEC §4): both directions of a
 * connection map to the same key, so they land on the same Kafka partition and Flink key group.
 * Endpoints are ordered by (address bytes unsigned, port); the lower one comes first. IPv4 addresses are
 * held as ints, not arrays: a tracker keeps one key per live connection.
 */
public final class FlowKey {

    private final int domain;
    /** IPv4: the addresses, big-endian; the arrays are then null. */
    private final int lowV4;
    private final int highV4;
    /** IPv6 only: the 16-byte addresses (owned copies). */
    private final byte[] lowAddr;
    private final byte[] highAddr;
    private final int lowPort;
    private final int highPort;

    /** Takes copies of IPv6 addresses; IPv4 ones are read into ints. */
    private FlowKey(int domain, byte[] lowAddr, int lowPort, byte[] highAddr, int highPort) {
        this.domain = domain;
        boolean v4 = lowAddr.length == 4;
        this.lowV4 = v4 ? v4Int(lowAddr) : 0;
        this.highV4 = v4 ? v4Int(highAddr) : 0;
        this.lowAddr = v4 ? null : lowAddr.clone();
        this.highAddr = v4 ? null : highAddr.clone();
        this.lowPort = lowPort;
        this.highPort = highPort;
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
            return new FlowKey(domain, addrA, portA, addrB, portB);
        }
        return new FlowKey(domain, addrB, portB, addrA, portA);
    }

    /** Orders endpoints by address bytes (unsigned), then port: the Community ID ordering as well. */
    public static int compareEndpoints(byte[] addrA, int portA, byte[] addrB, int portB) {
        int byAddr = Arrays.compareUnsigned(addrA, addrB);
        return byAddr != 0 ? byAddr : Integer.compare(portA, portB);
    }

    private static int v4Int(byte[] a) {
        return (a[0] & 0xff) << 24 | (a[1] & 0xff) << 16 | (a[2] & 0xff) << 8 | (a[3] & 0xff);
    }

    /** Whether {@code addr} is the endpoint address held as {@code v4} (IPv4) or {@code v6}. */
    private static boolean sameAddr(byte[] addr, int v4, byte[] v6) {
        return v6 == null ? addr.length == 4 && v4Int(addr) == v4 : Arrays.equals(addr, v6);
    }

    /** The address held as {@code v4} or {@code v6}, as a new array. */
    private static byte[] addrBytes(int v4, byte[] v6) {
        return v6 != null ? v6.clone() : new byte[] {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8), (byte) v4};
    }

    /** True when {@code segment} is sent by the lower endpoint of this key. */
    public boolean sentByLow(Segment segment) {
        return segment.srcPort() == lowPort && sameAddr(segment.srcAddr(), lowV4, lowAddr);
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
        return (sp == lowPort && dp == highPort && sameAddr(src, lowV4, lowAddr) && sameAddr(dst, highV4, highAddr))
                || (sp == highPort && dp == lowPort && sameAddr(src, highV4, highAddr) && sameAddr(dst, lowV4, lowAddr));
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
        return mix(domain * 0x9E3779B9 + endpointHash(lowV4, lowAddr, lowPort) + endpointHash(highV4, highAddr, highPort));
    }

    /** {@link #endpointHash(byte[], int)} of the address held as {@code v4} or {@code v6}. */
    private static int endpointHash(int v4, byte[] v6, int port) {
        if (v6 != null) {
            return endpointHash(v6, port);
        }
        int h = port;
        for (int shift = 24; shift >= 0; shift -= 8) {
            h = 31 * h + (byte) (v4 >>> shift);
        }
        return mix(h);
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
        return lowAddr == null ? 4 : 6;
    }

    /** The lower endpoint's address; a copy. */
    public byte[] lowAddr() {
        return addrBytes(lowV4, lowAddr);
    }

    public int lowPort() {
        return lowPort;
    }

    /** The higher endpoint's address; a copy. */
    public byte[] highAddr() {
        return addrBytes(highV4, highAddr);
    }

    public int highPort() {
        return highPort;
    }

    /**
     * A compact, stable byte form for Kafka record keys and Flink key selectors: domain (4 bytes), IP
     * version (1), lower address, lower port (2), higher address, higher port (2), all big-endian.
     */
    public byte[] toBytes() {
        int len = lowAddr == null ? 4 : 16;
        ByteBuffer out = ByteBuffer.allocate(4 + 1 + 2 * len + 4);
        out.putInt(domain).put((byte) ipVersion());
        putAddr(out, lowV4, lowAddr).putShort((short) lowPort);
        putAddr(out, highV4, highAddr).putShort((short) highPort);
        return out.array();
    }

    private static ByteBuffer putAddr(ByteBuffer out, int v4, byte[] v6) {
        return v6 != null ? out.put(v6) : out.putInt(v4);
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
        h = fnvEndpoint(h, lowV4, lowAddr, lowPort);
        return fnvEndpoint(h, highV4, highAddr, highPort);
    }

    private static long fnvEndpoint(long h, int v4, byte[] v6, int port) {
        if (v6 != null) {
            for (byte b : v6) {
                h = fnv(h, b);
            }
        } else {
            for (int shift = 24; shift >= 0; shift -= 8) {
                h = fnv(h, v4 >>> shift);
            }
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
        return domain == other.domain && lowPort == other.lowPort
                && highPort == other.highPort && lowV4 == other.lowV4 && highV4 == other.highV4
                && Arrays.equals(lowAddr, other.lowAddr) && Arrays.equals(highAddr, other.highAddr);
    }

    @Override
    public int hashCode() {
        // Computed when asked (maps only), not held by every live key: the value an array-based key gave.
        int h = 31 * domain + addrHash(lowV4, lowAddr);
        h = 31 * h + lowPort;
        h = 31 * h + addrHash(highV4, highAddr);
        return 31 * h + highPort;
    }

    /** {@link Arrays#hashCode(byte[])} of the address held as {@code v4} or {@code v6}. */
    private static int addrHash(int v4, byte[] v6) {
        if (v6 != null) {
            return Arrays.hashCode(v6);
        }
        int h = 1;
        for (int shift = 24; shift >= 0; shift -= 8) {
            h = 31 * h + (byte) (v4 >>> shift);
        }
        return h;
    }

    @Override
    public String toString() {
        return String.format("%d/%s:%d-%s:%d", domain, Addresses.format(lowAddr()), lowPort,
                Addresses.format(highAddr()), highPort);
    }
}
