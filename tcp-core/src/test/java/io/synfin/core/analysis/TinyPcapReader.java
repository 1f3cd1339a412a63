package io.synfin.core.analysis;

import io.synfin.core.segment.Segment;
import io.synfin.core.segment.SegmentOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a classic pcap file of Ethernet/IPv4/TCP frames into {@link Segment}s, for tests only (tcp-core
 * has no decoder and must not depend on the capture agent). Other frames become {@code null} entries so
 * that list index + 1 is the frame number tshark prints.
 */
final class TinyPcapReader {

    private static final int LINKTYPE_ETHERNET = 1;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int PROTO_TCP = 6;
    private static final int ETHERNET_HEADER = 14;

    private TinyPcapReader() {}

    static List<Segment> read(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int magic = buf.getInt(0);
        boolean nanos;
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
            nanos = magic == 0xa1b23c4d;
        } else {
            buf.order(ByteOrder.BIG_ENDIAN);
            magic = buf.getInt(0);
            if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
                throw new IOException("not a classic pcap file: " + file);
            }
            nanos = magic == 0xa1b23c4d;
        }
        if (buf.getInt(20) != LINKTYPE_ETHERNET) {
            throw new IOException("only Ethernet captures are supported: " + file);
        }
        List<Segment> frames = new ArrayList<>();
        int pos = 24;
        while (pos + 16 <= buf.limit()) {
            long secs = Integer.toUnsignedLong(buf.getInt(pos));
            long frac = Integer.toUnsignedLong(buf.getInt(pos + 4));
            int capLen = buf.getInt(pos + 8);
            long micros = secs * 1_000_000 + (nanos ? frac / 1000 : frac);
            frames.add(decode(buf.duplicate().order(ByteOrder.BIG_ENDIAN), pos + 16, capLen, micros));
            pos += 16 + capLen;
        }
        return frames;
    }

    private static Segment decode(ByteBuffer b, int frame, int capLen, long micros) {
        if (capLen < ETHERNET_HEADER + 20 || (b.getShort(frame + 12) & 0xffff) != ETHERTYPE_IPV4) {
            return null;
        }
        int ip = frame + ETHERNET_HEADER;
        int ipHeader = (b.get(ip) & 0x0f) * 4;
        int totalLen = b.getShort(ip + 2) & 0xffff;
        if (b.get(ip + 9) != PROTO_TCP || capLen < ETHERNET_HEADER + ipHeader + 20) {
            return null;
        }
        int tcp = ip + ipHeader;
        int tcpHeader = ((b.get(tcp + 12) & 0xf0) >> 4) * 4;
        byte[] src = new byte[4];
        byte[] dst = new byte[4];
        b.get(ip + 12, src);
        b.get(ip + 16, dst);
        int flags = b.getShort(tcp + 12) & 0x1ff;
        return new Segment(micros, 0, src, dst, b.getShort(tcp) & 0xffff, b.getShort(tcp + 2) & 0xffff,
                b.getInt(tcp + 4), b.getInt(tcp + 8), flags, b.getShort(tcp + 14) & 0xffff,
                totalLen - ipHeader - tcpHeader, totalLen, b.get(ip + 8) & 0xff,
                options(b, tcp, tcpHeader, ETHERNET_HEADER + ipHeader + tcpHeader <= capLen), false);
    }

    /** Only the window-scale option matters to the analysis; the rest stays absent. */
    private static SegmentOptions options(ByteBuffer b, int tcp, int headerLen, boolean captured) {
        int scale = -1;
        int p = tcp + 20;
        int end = tcp + headerLen;
        while (captured && p < end) {
            int kind = b.get(p) & 0xff;
            if (kind == 0) {
                break;
            }
            if (kind == 1) {
                p++;
                continue;
            }
            int len = p + 1 < end ? b.get(p + 1) & 0xff : 0;
            if (len < 2) {
                break;
            }
            if (kind == 3 && len == 3) {
                scale = Math.min(b.get(p + 2) & 0xff, 14);
            }
            p += len;
        }
        int[] none = new int[0];
        return new SegmentOptions(headerLen, -1, scale, false, none, -1, -1, none);
    }

    /** Direction-free identity of a segment's connection (both address/port pairs, ordered). */
    static String connectionKey(Segment s) {
        String one = Arrays.toString(s.srcAddr()) + ":" + s.srcPort();
        String two = Arrays.toString(s.dstAddr()) + ":" + s.dstPort();
        return one.compareTo(two) < 0 ? one + "|" + two : two + "|" + one;
    }
}
