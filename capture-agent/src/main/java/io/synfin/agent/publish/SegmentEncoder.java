package io.synfin.agent.publish;

import io.synfin.agent.decode.DecodedSegment;
import io.synfin.schema.TcpSegment;
import java.util.Arrays;
import org.apache.avro.SchemaNormalization;

/**
 * Writes a {@link DecodedSegment} straight into the Kafka record's key (the {@code FlowKey.toBytes()}
 * form) and value (the Avro single-object encoding of {@code TcpSegment}), byte for byte what
 * {@code FlowKey.of(...).toBytes()} and {@code SingleObjectCodec.encode(segment.toAvro(...))} give, without
 * building either object. One instance per capture thread: it reuses one scratch buffer.
 *
 * <p>Field order and types follow {@code TcpSegment.avsc}; the Avro 1.12 specification, "Binary
 * Encoding", gives the rules: int and long are zig-zag varints, bytes a long length then the bytes, a
 * union the branch index (an int) then the value, an array blocks of (long count, items) ended by a
 * zero count — Avro's writer puts all items in one block, so an empty array is the single zero.
 */
public final class SegmentEncoder {

    /** Avro specification, "Single-object encoding": two marker bytes, then the fingerprint. */
    private static final int MARKER_0 = 0xC3;
    private static final int MARKER_1 = 0x01;
    private static final int FINGERPRINT_LENGTH = 8;
    /**
     * The fingerprint of the schema this class writes. The parsing canonical form leaves out docs and
     * defaults, so any other value means the fields changed and this class must be changed with them.
     */
    static final long WRITTEN_FOR_FINGERPRINT = 0x7AD2E27468AE34A3L;
    static final int HEADER_LENGTH = 2 + FINGERPRINT_LENGTH;

    /** A zig-zag varint of a 32-bit value takes at most 5 bytes, of a 64-bit value 10. */
    private static final int MAX_INT = 5;
    private static final int MAX_LONG = 10;
    private static final int MAX_ADDRESS = 16;
    /** Union branch indexes (the .avsc puts "null" first) and the zero that ends an array. */
    private static final int NULL_BRANCH = 0;
    private static final int VALUE_BRANCH = 2; // zig-zag of 1
    private static final int END_OF_ARRAY = 0;

    /** Encoded lengths, counted by the schema's fields (ts … ip_id, fragment, vlan_ids, options). */
    private static final int MAX_FIXED_FIELDS = MAX_LONG + 2 * MAX_INT + 2 * (1 + MAX_ADDRESS) + 2 * MAX_INT
            + 2 * MAX_INT + 6 * MAX_INT;
    private static final int MAX_FRAGMENT = 1 + MAX_INT + 1;
    private static final int MAX_VLANS = MAX_INT + DecodedSegment.MAX_VLANS * MAX_INT + 1;
    private static final int MAX_OPTIONS = 1 + MAX_INT + 2 * (1 + MAX_INT) + 1
            + (MAX_INT + DecodedSegment.MAX_SACK_BLOCKS * 2 * MAX_INT + 1) + 2 * (1 + MAX_INT)
            + (MAX_INT + DecodedSegment.MAX_UNKNOWN_KINDS * MAX_INT + 1);
    /** The longest value a {@link DecodedSegment} can encode to, whatever its fields hold. */
    static final int MAX_VALUE_LENGTH = HEADER_LENGTH + MAX_FIXED_FIELDS + MAX_FRAGMENT + MAX_VLANS + MAX_OPTIONS;

    /** FlowKey.toBytes(): domain (4), IP version (1), lower address and port (2), higher address and port. */
    private static final int KEY_PREFIX_LENGTH = 4 + 1;
    private static final int PORT_LENGTH = 2;

    private final int domain;
    /** The 10-byte header, then domain and agent_id: the same leading bytes for every value but ts. */
    private final byte[] header = new byte[HEADER_LENGTH];
    private final byte[] domainAndAgent = new byte[2 * MAX_INT];
    private final int domainAndAgentLength;
    private final byte[] buf = new byte[MAX_VALUE_LENGTH];
    private int pos;

    /**
     * @param domain the observation domain written into both key and value
     * @param agentId the agent id written into the value
     */
    public SegmentEncoder(int domain, int agentId) {
        this.domain = domain;
        long fingerprint = SchemaNormalization.parsingFingerprint64(TcpSegment.getClassSchema());
        if (fingerprint != WRITTEN_FOR_FINGERPRINT) {
            throw new IllegalStateException(String.format(
                    "TcpSegment's schema changed (fingerprint %016x, encoder written for %016x): update SegmentEncoder",
                    fingerprint, WRITTEN_FOR_FINGERPRINT));
        }
        header[0] = (byte) MARKER_0;
        header[1] = (byte) MARKER_1;
        for (int i = 0; i < FINGERPRINT_LENGTH; i++) {
            // Little-endian, as the single-object encoding specifies.
            header[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
        pos = 0;
        writeInt(domain);
        writeInt(agentId);
        domainAndAgentLength = pos;
        System.arraycopy(buf, 0, domainAndAgent, 0, pos);
    }

    /**
     * The record value: single-object header then the Avro binary body, in a new array of exactly its
     * length (the producer keeps the array, so it cannot be reused). {@code srcAddr} and {@code dstAddr}
     * are the segment's addresses ({@link DecodedSegment#copySrcAddr()}), copied once for key and value.
     */
    public byte[] value(DecodedSegment s, byte[] srcAddr, byte[] dstAddr) {
        System.arraycopy(header, 0, buf, 0, HEADER_LENGTH);
        pos = HEADER_LENGTH;
        writeLong(s.tsMicros());
        System.arraycopy(domainAndAgent, 0, buf, pos, domainAndAgentLength);
        pos += domainAndAgentLength;
        writeBytes(srcAddr);
        writeBytes(dstAddr);
        writeInt(s.srcPort());
        writeInt(s.dstPort());
        writeLong(Integer.toUnsignedLong(s.seq()));
        writeLong(Integer.toUnsignedLong(s.ack()));
        writeInt(s.flags());
        writeInt(s.window());
        writeInt(s.payloadLen());
        writeInt(s.ipTotalLen());
        writeInt(s.ttl());
        writeInt(s.ipId());
        if (s.isFragment()) {
            buf[pos++] = VALUE_BRANCH;
            writeInt(s.fragmentOffset());
            buf[pos++] = (byte) (s.moreFragments() ? 1 : 0);
        } else {
            buf[pos++] = NULL_BRANCH;
        }
        int vlans = s.vlanCount();
        if (vlans > 0) {
            writeLong(vlans);
            for (int i = 0; i < vlans; i++) {
                writeInt(s.vlanId(i));
            }
        }
        buf[pos++] = END_OF_ARRAY;
        if (s.hasOptions()) {
            buf[pos++] = VALUE_BRANCH;
            writeOptions(s);
        } else {
            buf[pos++] = NULL_BRANCH;
        }
        return Arrays.copyOf(buf, pos);
    }

    private void writeOptions(DecodedSegment s) {
        writeInt(s.tcpHeaderLen());
        writeOptionalInt(s.mss());
        writeOptionalInt(s.windowScale());
        buf[pos++] = (byte) (s.sackPermitted() ? 1 : 0);
        int blocks = s.sackBlockCount();
        if (blocks > 0) {
            writeLong(blocks);
            for (int i = 0; i < blocks; i++) {
                writeLong(Integer.toUnsignedLong(s.sackLeft(i)));
                writeLong(Integer.toUnsignedLong(s.sackRight(i)));
            }
        }
        buf[pos++] = END_OF_ARRAY;
        if (s.hasTimestamps()) {
            buf[pos++] = VALUE_BRANCH;
            writeLong(Integer.toUnsignedLong(s.tsVal()));
            buf[pos++] = VALUE_BRANCH;
            writeLong(Integer.toUnsignedLong(s.tsEcr()));
        } else {
            buf[pos++] = NULL_BRANCH;
            buf[pos++] = NULL_BRANCH;
        }
        int unknown = s.unknownKindCount();
        if (unknown > 0) {
            writeLong(unknown);
            for (int i = 0; i < unknown; i++) {
                writeInt(s.unknownKind(i));
            }
        }
        buf[pos++] = END_OF_ARRAY;
    }

    /** mss and window_scale: the sink holds -1 for "absent", which the record carries as null. */
    private void writeOptionalInt(int value) {
        if (value >= 0) {
            buf[pos++] = VALUE_BRANCH;
            writeInt(value);
        } else {
            buf[pos++] = NULL_BRANCH;
        }
    }

    /**
     * The record key, {@code FlowKey.toBytes()} of the segment's 4-tuple in this encoder's domain: the
     * endpoints ordered by address bytes (unsigned), then port, the lower first, all big-endian.
     */
    public byte[] key(DecodedSegment s, byte[] srcAddr, byte[] dstAddr) {
        int srcPort = s.srcPort();
        int dstPort = s.dstPort();
        int order = Arrays.compareUnsigned(srcAddr, dstAddr);
        boolean srcLow = order < 0 || order == 0 && srcPort <= dstPort;
        int len = srcAddr.length;
        byte[] key = new byte[KEY_PREFIX_LENGTH + 2 * (len + PORT_LENGTH)];
        key[0] = (byte) (domain >>> 24);
        key[1] = (byte) (domain >>> 16);
        key[2] = (byte) (domain >>> 8);
        key[3] = (byte) domain;
        key[4] = (byte) (len == 4 ? 4 : 6);
        int at = putEndpoint(key, KEY_PREFIX_LENGTH, srcLow ? srcAddr : dstAddr, srcLow ? srcPort : dstPort);
        putEndpoint(key, at, srcLow ? dstAddr : srcAddr, srcLow ? dstPort : srcPort);
        return key;
    }

    private static int putEndpoint(byte[] key, int at, byte[] addr, int port) {
        System.arraycopy(addr, 0, key, at, addr.length);
        at += addr.length;
        key[at] = (byte) (port >>> 8);
        key[at + 1] = (byte) port;
        return at + PORT_LENGTH;
    }

    private void writeBytes(byte[] bytes) {
        writeInt(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    private void writeInt(int n) {
        int v = (n << 1) ^ (n >> 31);
        while ((v & ~0x7F) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    private void writeLong(long n) {
        long v = (n << 1) ^ (n >> 63);
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }
}
