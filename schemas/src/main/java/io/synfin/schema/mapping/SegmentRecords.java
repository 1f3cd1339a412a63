package io.synfin.schema.mapping;

import io.synfin.core.segment.Segment;
import io.synfin.core.segment.SegmentOptions;
import io.synfin.schema.SackBlock;
import io.synfin.schema.TcpOptions;
import io.synfin.schema.TcpSegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The segment record read off {@code tcp.segments} as the tracker's {@link Segment}, so the Flink job
 * feeds the tracker the same value {@code synfin analyze} builds from the decoder. A record that decoded
 * but holds impossible values (an address of 5 bytes, a port above 65535) is named by {@link #problem}
 * and goes to the dead-letter topic instead of reaching the tracker.
 */
public final class SegmentRecords {

    private static final long MAX_U32 = 0xFFFF_FFFFL;
    private static final int MAX_U16 = 0xFFFF;
    /** TCP data offset is 4 bits of 32-bit words (RFC 9293 §3.1): 20..60 bytes. */
    private static final int MIN_HEADER_LEN = 20;
    private static final int MAX_HEADER_LEN = 60;
    private static final int FLAG_BITS = 0x1FF;

    private SegmentRecords() {}

    /** What makes {@code r} unusable by the tracker, or {@code null} when every field is possible. */
    public static String problem(TcpSegment r) {
        int src = r.getSrcAddr().remaining();
        int dst = r.getDstAddr().remaining();
        if ((src != 4 && src != 16) || src != dst) {
            return String.format("addresses of %d and %d bytes (4 or 16 each, equal)", src, dst);
        }
        if (outside(r.getSrcPort(), MAX_U16) || outside(r.getDstPort(), MAX_U16)) {
            return String.format("port %d or %d outside 0..65535", r.getSrcPort(), r.getDstPort());
        }
        if (r.getSeq() < 0 || r.getSeq() > MAX_U32 || r.getAck() < 0 || r.getAck() > MAX_U32) {
            return String.format("seq %d or ack %d not an unsigned 32-bit value", r.getSeq(), r.getAck());
        }
        if ((r.getFlags() & ~FLAG_BITS) != 0 || outside(r.getWindow(), MAX_U16)) {
            return String.format("flags 0x%x (9 bits) or window %d (16 bits) out of range", r.getFlags(), r.getWindow());
        }
        if (r.getPayloadLen() < 0 || r.getIpTotalLen() < 0 || r.getTtl() < 0) {
            return String.format("negative length or ttl: payload %d, ip total %d, ttl %d",
                    r.getPayloadLen(), r.getIpTotalLen(), r.getTtl());
        }
        TcpOptions o = r.getOptions();
        if (o != null && (o.getTcpHeaderLen() < MIN_HEADER_LEN || o.getTcpHeaderLen() > MAX_HEADER_LEN)) {
            return String.format("tcp header length %d outside 20..60", o.getTcpHeaderLen());
        }
        return null;
    }

    private static boolean outside(int value, int max) {
        return value < 0 || value > max;
    }

    /**
     * The tracker's value of a record {@link #problem} accepts. The TCP checksum is not on the wire record,
     * so {@code checksumBad} is false, as in {@code synfin analyze} without {@code --verify-checksums}.
     */
    public static Segment toSegment(TcpSegment r) {
        return new Segment(
                r.getTs(),
                r.getDomain(),
                bytes(r.getSrcAddr()),
                bytes(r.getDstAddr()),
                r.getSrcPort(),
                r.getDstPort(),
                (int) r.getSeq(),
                (int) r.getAck(),
                r.getFlags(),
                r.getWindow(),
                r.getPayloadLen(),
                r.getIpTotalLen(),
                r.getTtl(),
                r.getOptions() == null ? SegmentOptions.NONE : options(r.getOptions()),
                false);
    }

    private static SegmentOptions options(TcpOptions o) {
        List<SackBlock> blocks = o.getSackBlocks();
        int[] edges = new int[2 * blocks.size()];
        for (int i = 0; i < blocks.size(); i++) {
            edges[2 * i] = (int) blocks.get(i).getLeft();
            edges[2 * i + 1] = (int) blocks.get(i).getRight();
        }
        List<Integer> unknown = o.getUnknownKinds();
        int[] kinds = new int[unknown.size()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = unknown.get(i);
        }
        return new SegmentOptions(
                o.getTcpHeaderLen(),
                o.getMss() == null ? -1 : o.getMss(),
                o.getWindowScale() == null ? -1 : o.getWindowScale(),
                o.getSackPermitted(),
                edges,
                o.getTsVal() == null ? -1 : o.getTsVal(),
                o.getTsEcr() == null ? -1 : o.getTsEcr(),
                kinds);
    }

    /**
     * The record of {@code s} as an agent would publish it, for producers that start from the tracker's
     * value (benchmarks, tests). Fields the tracker does not keep (IP id, fragment, VLAN ids) are empty.
     */
    public static TcpSegment toAvro(Segment s, int agentId) {
        SegmentOptions o = s.options();
        boolean plain = o.headerLen() == MIN_HEADER_LEN && o.mss() < 0 && o.windowScale() < 0 && !o.sackPermitted()
                && o.sackBlocks().length == 0 && o.tsVal() < 0 && o.unknownKinds().length == 0;
        return new TcpSegment(
                s.tsMicros(),
                s.domain(),
                agentId,
                ByteBuffer.wrap(s.srcAddr().clone()),
                ByteBuffer.wrap(s.dstAddr().clone()),
                s.srcPort(),
                s.dstPort(),
                Integer.toUnsignedLong(s.seq()),
                Integer.toUnsignedLong(s.ack()),
                s.flags(),
                s.window(),
                s.payloadLen(),
                s.ipTotalLen(),
                s.ttl(),
                0,
                null,
                List.of(),
                plain ? null : avroOptions(o));
    }

    private static TcpOptions avroOptions(SegmentOptions o) {
        List<SackBlock> blocks = new ArrayList<>(o.sackBlocks().length / 2);
        for (int i = 0; i + 1 < o.sackBlocks().length; i += 2) {
            blocks.add(new SackBlock(
                    Integer.toUnsignedLong(o.sackBlocks()[i]), Integer.toUnsignedLong(o.sackBlocks()[i + 1])));
        }
        List<Integer> unknown = new ArrayList<>(o.unknownKinds().length);
        for (int kind : o.unknownKinds()) {
            unknown.add(kind);
        }
        return new TcpOptions(
                o.headerLen(),
                o.mss() >= 0 ? o.mss() : null,
                o.windowScale() >= 0 ? o.windowScale() : null,
                o.sackPermitted(),
                blocks,
                o.tsVal() >= 0 ? o.tsVal() : null,
                o.tsEcr() >= 0 ? o.tsEcr() : null,
                unknown);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
