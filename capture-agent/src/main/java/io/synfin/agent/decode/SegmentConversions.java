package io.synfin.agent.decode;

import io.synfin.core.segment.Segment;
import io.synfin.core.segment.SegmentOptions;
import io.synfin.core.segment.TcpFlags;
import io.synfin.schema.IpFragment;
import io.synfin.schema.SackBlock;
import io.synfin.schema.TcpOptions;
import io.synfin.schema.TcpSegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Copies a {@link DecodedSegment} out into the Avro record, the tracker's value, or a text line. */
final class SegmentConversions {

    private SegmentConversions() {}

    static TcpSegment toAvro(DecodedSegment s, int domain, int agentId) {
        List<Integer> vlans = new ArrayList<>(s.vlanCount);
        for (int i = 0; i < s.vlanCount; i++) {
            vlans.add(s.vlanIds[i]);
        }
        return new TcpSegment(
                s.tsMicros,
                domain,
                agentId,
                ByteBuffer.wrap(s.copySrcAddr()),
                ByteBuffer.wrap(s.copyDstAddr()),
                s.srcPort,
                s.dstPort,
                Integer.toUnsignedLong(s.seq),
                Integer.toUnsignedLong(s.ack),
                s.flags,
                s.window,
                s.payloadLen,
                s.ipTotalLen,
                s.ttl,
                s.ipId,
                s.fragment ? new IpFragment(s.fragmentOffset, s.moreFragments) : null,
                vlans,
                s.hasOptions() ? avroOptions(s) : null);
    }

    private static TcpOptions avroOptions(DecodedSegment s) {
        List<SackBlock> blocks = new ArrayList<>(s.sackBlockCount);
        for (int i = 0; i < s.sackBlockCount; i++) {
            blocks.add(new SackBlock(
                    Integer.toUnsignedLong(s.sackEdges[2 * i]), Integer.toUnsignedLong(s.sackEdges[2 * i + 1])));
        }
        List<Integer> unknown = new ArrayList<>(s.unknownKindCount);
        for (int i = 0; i < s.unknownKindCount; i++) {
            unknown.add(s.unknownKinds[i]);
        }
        return new TcpOptions(
                s.tcpHeaderLen,
                s.mss >= 0 ? s.mss : null,
                s.windowScale >= 0 ? s.windowScale : null,
                s.sackPermitted,
                blocks,
                s.timestamps ? Integer.toUnsignedLong(s.tsVal) : null,
                s.timestamps ? Integer.toUnsignedLong(s.tsEcr) : null,
                unknown);
    }

    static Segment toSegment(DecodedSegment s, int domain) {
        return new Segment(
                s.tsMicros,
                domain,
                s.sharedAddr(s.srcAddr),
                s.sharedAddr(s.dstAddr),
                s.srcPort,
                s.dstPort,
                s.seq,
                s.ack,
                s.flags,
                s.window,
                s.payloadLen,
                s.ipTotalLen,
                s.ttl,
                s.hasOptions() ? segmentOptions(s) : SegmentOptions.NONE,
                s.checksum == ChecksumState.BAD);
    }

    private static SegmentOptions segmentOptions(DecodedSegment s) {
        return new SegmentOptions(
                s.tcpHeaderLen,
                s.mss,
                s.windowScale,
                s.sackPermitted,
                Arrays.copyOf(s.sackEdges, 2 * s.sackBlockCount),
                s.timestamps ? Integer.toUnsignedLong(s.tsVal) : -1,
                s.timestamps ? Integer.toUnsignedLong(s.tsEcr) : -1,
                Arrays.copyOf(s.unknownKinds, s.unknownKindCount));
    }

    static String describe(DecodedSegment s) {
        StringBuilder line = new StringBuilder(96);
        line.append(s.srcInetAddress().getHostAddress()).append('.').append(s.srcPort).append(" > ")
                .append(s.dstInetAddress().getHostAddress()).append('.').append(s.dstPort).append(": ")
                .append(TcpFlags.toTcpdump(s.flags))
                .append(" seq ").append(Integer.toUnsignedString(s.seq))
                .append(" ack ").append(Integer.toUnsignedString(s.ack))
                .append(" win ").append(s.window)
                .append(" len ").append(s.payloadLen);
        if (s.vlanCount > 0) {
            line.append(" vlan");
            for (int i = 0; i < s.vlanCount; i++) {
                line.append(i == 0 ? ' ' : ',').append(s.vlanIds[i]);
            }
        }
        if (s.mss >= 0) {
            line.append(" mss ").append(s.mss);
        }
        if (s.windowScale >= 0) {
            line.append(" wscale ").append(s.windowScale);
        }
        if (s.sackPermitted) {
            line.append(" sackOK");
        }
        if (s.timestamps) {
            line.append(" TS val ").append(Integer.toUnsignedString(s.tsVal))
                    .append(" ecr ").append(Integer.toUnsignedString(s.tsEcr));
        }
        if (s.fragment) {
            line.append(" frag ").append(s.fragmentOffset).append(s.moreFragments ? "+" : "");
        }
        if (s.checksum != ChecksumState.NOT_CHECKED) {
            line.append(" cksum ").append(s.checksum.name().toLowerCase(java.util.Locale.ROOT));
        }
        return line.toString();
    }
}
