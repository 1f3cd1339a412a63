package io.synfin.schema.mapping;

import io.synfin.core.segment.Segment;
import io.synfin.core.segment.SegmentOptions;
import io.synfin.schema.TcpSegment;
import java.util.Arrays;
import org.apache.avro.SchemaNormalization;

/**
 * Reads a {@code TcpSegment} in Avro single-object encoding straight into the tracker's {@link Segment},
 * the value {@code SegmentRecords.toSegment(codec.decode(bytes))} gives, without the Avro record, its
 * byte buffers and lists. It is the fast path of the job's source: anything it does not fully accept
 * (another schema, a body that is cut short or has trailing bytes, a field {@link SegmentRecords#problem}
 * names) comes back as {@code null}, and the caller takes the general path, which names the failure.
 *
 * <p>Field order and types follow {@code TcpSegment.avsc}; the Avro 1.12 specification, "Binary
 * Encoding", gives the rules: int and long are zig-zag varints, bytes a long length then the bytes, a
 * union the branch index then the value, an array blocks of (long count, items) ended by a zero count.
 * Not thread-safe: one instance per reading thread.
 */
public final class SegmentDecoder {

    /** Avro specification, "Single-object encoding": two marker bytes, then the 8-byte fingerprint. */
    private static final int MARKER_0 = 0xC3;
    private static final int MARKER_1 = 0x01;
    private static final int HEADER_LENGTH = 10;
    /** The fingerprint of the schema this class reads; another value means the fields changed. */
    static final long READ_FOR_FINGERPRINT = 0x7AD2E27468AE34A3L;

    private static final long MAX_U32 = 0xFFFF_FFFFL;
    private static final int MAX_U16 = 0xFFFF;
    /** TCP data offset is 4 bits of 32-bit words (RFC 9293 §3.1): 20..60 bytes. */
    private static final int MIN_HEADER_LEN = 20;
    private static final int MAX_HEADER_LEN = 60;
    private static final int FLAG_BITS = 0x1FF;
    private static final int[] NO_INTS = new int[0];

    private final byte[] header = new byte[HEADER_LENGTH];
    private byte[] bytes;
    private int pos;
    /** Set by any reader that meets what the general path must judge; checked once per field group. */
    private boolean bad;

    public SegmentDecoder() {
        long fingerprint = SchemaNormalization.parsingFingerprint64(TcpSegment.getClassSchema());
        if (fingerprint != READ_FOR_FINGERPRINT) {
            throw new IllegalStateException(String.format(
                    "TcpSegment's schema changed (fingerprint %016x, decoder written for %016x): update SegmentDecoder",
                    fingerprint, READ_FOR_FINGERPRINT));
        }
        header[0] = (byte) MARKER_0;
        header[1] = (byte) MARKER_1;
        for (int i = 0; i < 8; i++) {
            header[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
    }

    /**
     * The segment in {@code value}, or {@code null} when the general path must decide: not the current
     * schema's single-object encoding, a malformed body, or a field no TCP header can hold.
     */
    public Segment decode(byte[] value) {
        if (value.length < HEADER_LENGTH) {
            return null;
        }
        for (int i = 0; i < HEADER_LENGTH; i++) {
            if (value[i] != header[i]) {
                return null;
            }
        }
        bytes = value;
        pos = HEADER_LENGTH;
        bad = false;
        try {
            return body();
        } finally {
            bytes = null;
        }
    }

    private Segment body() {
        long ts = readLong();
        int domain = readInt();
        readInt(); // agent_id: not part of the tracker's value
        byte[] src = readAddress();
        byte[] dst = readAddress();
        int srcPort = readInt();
        int dstPort = readInt();
        long seq = readLong();
        long ack = readLong();
        int flags = readInt();
        int window = readInt();
        int payloadLen = readInt();
        int ipTotalLen = readInt();
        int ttl = readInt();
        readInt(); // ip_id
        if (bad || src == null || dst == null || src.length != dst.length
                || outside(srcPort, MAX_U16) || outside(dstPort, MAX_U16)
                || seq < 0 || seq > MAX_U32 || ack < 0 || ack > MAX_U32
                || (flags & ~FLAG_BITS) != 0 || outside(window, MAX_U16)
                || payloadLen < 0 || ipTotalLen < 0 || ttl < 0) {
            return null;
        }
        skipFragment();
        skipIntArray(); // vlan_ids
        SegmentOptions options = options();
        if (bad || pos != bytes.length) {
            return null;
        }
        return new Segment(ts, domain, src, dst, srcPort, dstPort, (int) seq, (int) ack, flags, window, payloadLen,
                ipTotalLen, ttl, options, false);
    }

    /** The fragment union: null, or {offset int, more_fragments boolean}, neither used by the tracker. */
    private void skipFragment() {
        int branch = readInt();
        if (branch == 1) {
            readInt();
            readBoolean();
        } else if (branch != 0) {
            bad = true;
        }
    }

    private SegmentOptions options() {
        int branch = readInt();
        if (branch == 0) {
            return SegmentOptions.NONE;
        }
        if (branch != 1) {
            bad = true;
            return null;
        }
        int headerLen = readInt();
        int mss = optionalInt();
        int windowScale = optionalInt();
        boolean sackPermitted = readBoolean();
        int[] edges = sackEdges();
        long tsVal = optionalLong();
        long tsEcr = optionalLong();
        int[] unknown = intArray();
        if (bad || headerLen < MIN_HEADER_LEN || headerLen > MAX_HEADER_LEN) {
            bad = true;
            return null;
        }
        return new SegmentOptions(headerLen, mss, windowScale, sackPermitted, edges, tsVal, tsEcr, unknown);
    }

    /** A ["null", "int"] union: -1 for null, as {@link SegmentRecords#toSegment} maps it. */
    private int optionalInt() {
        int branch = readInt();
        if (branch == 1) {
            return readInt();
        }
        bad |= branch != 0;
        return -1;
    }

    private long optionalLong() {
        int branch = readInt();
        if (branch == 1) {
            return readLong();
        }
        bad |= branch != 0;
        return -1;
    }

    /** SACK blocks, each {left long, right long}, as raw 32-bit edges in left/right pairs. */
    private int[] sackEdges() {
        int[] edges = NO_INTS;
        int filled = 0;
        for (long count = blockCount(); count > 0; count = blockCount()) {
            edges = Arrays.copyOf(edges, filled + 2 * (int) count);
            for (int i = 0; i < count; i++) {
                edges[filled++] = (int) readLong();
                edges[filled++] = (int) readLong();
            }
        }
        return edges;
    }

    private int[] intArray() {
        int[] values = NO_INTS;
        int filled = 0;
        for (long count = blockCount(); count > 0; count = blockCount()) {
            values = Arrays.copyOf(values, filled + (int) count);
            for (int i = 0; i < count; i++) {
                values[filled++] = readInt();
            }
        }
        return values;
    }

    private void skipIntArray() {
        for (long count = blockCount(); count > 0; count = blockCount()) {
            for (int i = 0; i < count; i++) {
                readInt();
            }
        }
    }

    /**
     * An array block's item count, 0 at the end (and on any problem). Each item here takes at least one
     * byte, so a count above the bytes left cannot be true; a negative count (a block with its byte size,
     * which SynFin's writers never produce) is left to the general path.
     */
    private long blockCount() {
        long count = readLong();
        if (count < 0 || count > bytes.length - pos) {
            bad = true;
            return 0;
        }
        return count;
    }

    /** Avro bytes of an IP address: 4 or 16 of them, copied out. */
    private byte[] readAddress() {
        long length = readLong();
        if ((length != 4 && length != 16) || length > bytes.length - pos) {
            bad = true;
            return null;
        }
        byte[] address = Arrays.copyOfRange(bytes, pos, pos + (int) length);
        pos += (int) length;
        return address;
    }

    private boolean readBoolean() {
        if (pos >= bytes.length) {
            bad = true;
            return false;
        }
        int b = bytes[pos++];
        bad |= b != 0 && b != 1;
        return b == 1;
    }

    /**
     * Avro int: a zig-zag varint of at most 5 bytes. A fifth byte with bits beyond 32 is left to the
     * general path rather than judged here.
     */
    private int readInt() {
        int raw = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (pos >= bytes.length) {
                bad = true;
                return 0;
            }
            int b = bytes[pos++];
            raw |= (b & 0x7F) << shift;
            if (b >= 0) {
                bad |= shift == 28 && b > 0x0F;
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        bad = true;
        return 0;
    }

    /** Avro long: a zig-zag varint of at most 10 bytes; a tenth byte beyond bit 64 goes to the general path. */
    private long readLong() {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (pos >= bytes.length) {
                bad = true;
                return 0;
            }
            int b = bytes[pos++];
            raw |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                bad |= shift == 63 && b > 0x01;
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        bad = true;
        return 0;
    }

    private static boolean outside(int value, int max) {
        return value < 0 || value > max;
    }
}
