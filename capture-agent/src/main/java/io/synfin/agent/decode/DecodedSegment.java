package io.synfin.agent.decode;

import io.synfin.core.segment.Segment;
import io.synfin.schema.TcpSegment;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The reusable mutable sink one decoder thread writes every frame into: primitive fields and fixed
 * arrays only, so the hot path allocates nothing. Valid only after {@link SegmentDecoder} returned
 * {@link DecodeStatus#OK}; {@link #toAvro} and {@link #toSegment} copy it out.
 */
public final class DecodedSegment {

    /** VLAN tags recorded per frame, outermost first (QinQ has two; deeper tags are skipped). */
    public static final int MAX_VLANS = 2;
    /** SACK blocks per segment: 40 option bytes hold at most 4 (RFC 2018 §3). */
    public static final int MAX_SACK_BLOCKS = 4;
    /** Unknown option kinds recorded per segment; further ones are dropped (40 bytes hold 20). */
    public static final int MAX_UNKNOWN_KINDS = 8;
    /** Slots of the address cache {@link #toSegment} draws from; a power of two. */
    static final int ADDRESS_CACHE_SLOTS = 1 << 12;

    long tsMicros;
    int linkType;
    int ipVersion;
    final byte[] srcAddr = new byte[16];
    final byte[] dstAddr = new byte[16];
    int ipTotalLen;
    int ttl;
    int ipId;
    boolean fragment;
    int fragmentOffset;
    boolean moreFragments;
    int vlanCount;
    final int[] vlanIds = new int[MAX_VLANS];
    int srcPort;
    int dstPort;
    int seq;
    int ack;
    int flags;
    int window;
    int tcpHeaderLen;
    int payloadLen;
    int mss;
    int windowScale;
    boolean sackPermitted;
    int sackBlockCount;
    final int[] sackEdges = new int[2 * MAX_SACK_BLOCKS];
    boolean timestamps;
    int tsVal;
    int tsEcr;
    int unknownKindCount;
    final int[] unknownKinds = new int[MAX_UNKNOWN_KINDS];
    ChecksumState checksum = ChecksumState.NOT_CHECKED;

    // toSegment hands out one shared array per recently seen address (a direct-mapped cache): a
    // Segment's addresses are never mutated (its contract), and a fresh copy of both addresses per
    // segment was an eighth of everything synfin analyze allocated.
    private final byte[][] addressCache = new byte[ADDRESS_CACHE_SLOTS][];

    // Decoder scratch between layers: where the IP header starts and which version the link announced
    // (0 = take it from the first nibble); where the TCP header starts and the IP datagram ends.
    int l3Offset;
    int l3Version;
    int l4Offset;
    int l4End;

    /** Clears what a previous frame may have left; called by the decoder before each frame. */
    void reset() {
        ipVersion = 0;
        fragment = false;
        fragmentOffset = 0;
        moreFragments = false;
        ipId = 0;
        vlanCount = 0;
        mss = -1;
        windowScale = -1;
        sackPermitted = false;
        sackBlockCount = 0;
        timestamps = false;
        tsVal = 0;
        tsEcr = 0;
        unknownKindCount = 0;
        checksum = ChecksumState.NOT_CHECKED;
        l3Version = 0;
    }

    void addVlan(int vid) {
        if (vlanCount < MAX_VLANS) {
            vlanIds[vlanCount++] = vid;
        }
    }

    void addUnknownKind(int kind) {
        if (unknownKindCount < MAX_UNKNOWN_KINDS) {
            unknownKinds[unknownKindCount++] = kind;
        }
    }

    public long tsMicros() {
        return tsMicros;
    }

    /** Sets the capture time, for callers of the decoder overload that takes no {@code RawFrame}. */
    public void setTsMicros(long tsMicros) {
        this.tsMicros = tsMicros;
    }

    /** The LINKTYPE_* the frame was decoded from. */
    public int linkType() {
        return linkType;
    }

    /** 4 or 6. */
    public int ipVersion() {
        return ipVersion;
    }

    /** 4 for IPv4, 16 for IPv6. */
    public int addrLength() {
        return ipVersion == 4 ? 4 : 16;
    }

    public byte[] copySrcAddr() {
        return Arrays.copyOf(srcAddr, addrLength());
    }

    public byte[] copyDstAddr() {
        return Arrays.copyOf(dstAddr, addrLength());
    }

    /**
     * The address as an array that later calls may return again for the same address, so it must not
     * be mutated (the {@link Segment} contract); a new array only when the cache slot holds another one.
     */
    byte[] sharedAddr(byte[] addr) {
        int len = addrLength();
        int h = (addr[0] << 24) | ((addr[1] & 0xff) << 16) | ((addr[2] & 0xff) << 8) | (addr[3] & 0xff);
        for (int i = 4; i < len; i++) {
            h = 31 * h + addr[i];
        }
        int slot = (h * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(ADDRESS_CACHE_SLOTS));
        byte[] cached = addressCache[slot];
        if (cached != null && cached.length == len && sameBytes(cached, addr, len)) {
            return cached;
        }
        cached = Arrays.copyOf(addr, len);
        addressCache[slot] = cached;
        return cached;
    }

    private static boolean sameBytes(byte[] a, byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    public InetAddress srcInetAddress() {
        return inet(copySrcAddr());
    }

    public InetAddress dstInetAddress() {
        return inet(copyDstAddr());
    }

    private static InetAddress inet(byte[] addr) {
        try {
            return InetAddress.getByAddress(addr);
        } catch (UnknownHostException e) {
            // getByAddress throws only for a length other than 4 or 16, which addrLength() rules out.
            throw new IllegalStateException(e);
        }
    }

    public int ipTotalLen() {
        return ipTotalLen;
    }

    /** IPv4 TTL or IPv6 hop limit. */
    public int ttl() {
        return ttl;
    }

    /** IPv4 identification, or the IPv6 fragment header's 32-bit identification, else 0. */
    public int ipId() {
        return ipId;
    }

    /** True for a first fragment (IPv4 MF set) or an IPv6 datagram with a fragment header. */
    public boolean isFragment() {
        return fragment;
    }

    /** Fragment offset in bytes (0 for the first fragment, the only kind that yields a segment). */
    public int fragmentOffset() {
        return fragmentOffset;
    }

    public boolean moreFragments() {
        return moreFragments;
    }

    public int vlanCount() {
        return vlanCount;
    }

    /** VLAN id {@code i}, outermost first. */
    public int vlanId(int i) {
        return vlanIds[checkIndex(i, vlanCount)];
    }

    public int srcPort() {
        return srcPort;
    }

    public int dstPort() {
        return dstPort;
    }

    /** Raw 32-bit sequence number. */
    public int seq() {
        return seq;
    }

    /** Raw 32-bit acknowledgment number. */
    public int ack() {
        return ack;
    }

    /** The 9 flags as a {@link TcpFlags} mask. */
    public int flags() {
        return flags;
    }

    public int window() {
        return window;
    }

    /** Data offset × 4. */
    public int tcpHeaderLen() {
        return tcpHeaderLen;
    }

    /** TCP payload length from the IP lengths. */
    public int payloadLen() {
        return payloadLen;
    }

    /** True when the TCP header is longer than 20 bytes. */
    public boolean hasOptions() {
        return tcpHeaderLen > 20;
    }

    /** MSS (kind 2) or -1. */
    public int mss() {
        return mss;
    }

    /** Window scale shift (kind 3) or -1. */
    public int windowScale() {
        return windowScale;
    }

    public boolean sackPermitted() {
        return sackPermitted;
    }

    public int sackBlockCount() {
        return sackBlockCount;
    }

    /** Raw 32-bit left edge of SACK block {@code i}. */
    public int sackLeft(int i) {
        return sackEdges[2 * checkIndex(i, sackBlockCount)];
    }

    /** Raw 32-bit right edge of SACK block {@code i}. */
    public int sackRight(int i) {
        return sackEdges[2 * checkIndex(i, sackBlockCount) + 1];
    }

    /** True when a timestamps option (kind 8) was present. */
    public boolean hasTimestamps() {
        return timestamps;
    }

    /** Raw 32-bit TSval. */
    public int tsVal() {
        return tsVal;
    }

    /** Raw 32-bit TSecr. */
    public int tsEcr() {
        return tsEcr;
    }

    public int unknownKindCount() {
        return unknownKindCount;
    }

    public int unknownKind(int i) {
        return unknownKinds[checkIndex(i, unknownKindCount)];
    }

    public ChecksumState checksum() {
        return checksum;
    }

    private static int checkIndex(int i, int count) {
        return java.util.Objects.checkIndex(i, count);
    }

    /** The Avro record, as the .avsc documents it (allocates: the one output record per segment). */
    public TcpSegment toAvro(int domain, int agentId) {
        return SegmentConversions.toAvro(this, domain, agentId);
    }

    /**
     * The tracker's input value (allocates the segment; its address arrays may be shared with earlier
     * segments of this sink, see {@link Segment}: never mutate them).
     */
    public Segment toSegment(int domain) {
        return SegmentConversions.toSegment(this, domain);
    }

    /** One line in the spirit of tcpdump: {@code 10.0.0.1.5000 > 10.0.0.2.80: S seq 1 ack 0 win 64240 len 0 …}. */
    @Override
    public String toString() {
        return SegmentConversions.describe(this);
    }
}
