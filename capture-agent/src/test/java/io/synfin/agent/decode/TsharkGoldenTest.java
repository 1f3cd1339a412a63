package io.synfin.agent.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real captures decoded by SynFin and by tshark (the reference) give the same fields, frame by
 * frame: the {@code .tshark.tsv} next to each capture is tshark's output (see the README there),
 * and this test prints SynFin's decoding in the same columns.
 */
class TsharkGoldenTest {

    // Classic pcap, little-endian (the captures are): 24-byte file header, 16-byte record headers.
    private static final int PCAP_MAGIC_LE = 0xa1b2c3d4;
    private static final int FILE_HEADER_LEN = 24;
    private static final int LINK_TYPE_OFFSET = 20;
    private static final int RECORD_HEADER_LEN = 16;
    private static final int INCLUDED_LENGTH_OFFSET = 8;
    private static final int ORIGINAL_LENGTH_OFFSET = 12;

    @ParameterizedTest
    @ValueSource(strings = {"loopback-any-sll2", "loopback-any-sll2-snaplen100"})
    void sameFieldsAsTshark(String capture) throws IOException {
        ByteBuffer file = ByteBuffer.wrap(resource(capture + ".pcap")).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(file.getInt(0)).isEqualTo(PCAP_MAGIC_LE);
        int linkType = file.getInt(LINK_TYPE_OFFSET);
        ByteBuffer frames = file.duplicate().order(ByteOrder.BIG_ENDIAN);
        SegmentDecoder decoder = new SegmentDecoder(true);
        DecodedSegment out = new DecodedSegment();
        List<String> lines = new ArrayList<>();

        int at = FILE_HEADER_LEN;
        for (int frame = 1; at + RECORD_HEADER_LEN <= file.limit(); frame++) {
            int included = file.getInt(at + INCLUDED_LENGTH_OFFSET);
            int original = file.getInt(at + ORIGINAL_LENGTH_OFFSET);
            DecodeStatus status = decoder.decode(linkType, frames, at + RECORD_HEADER_LEN, included, original, out);
            lines.add(status == DecodeStatus.OK ? tsharkColumns(frame, out) : frame + "\t" + status);
            at += RECORD_HEADER_LEN + included;
        }

        String expected = new String(resource(capture + ".tshark.tsv"), StandardCharsets.UTF_8);
        assertThat(String.join("\n", lines) + "\n").isEqualTo(expected);
        assertThat(decoder.counters().count(DecodeStatus.OK)).isEqualTo(lines.size());
    }

    /** SynFin's fields in the order and text form of the tshark command in the resources README. */
    private static String tsharkColumns(int frame, DecodedSegment s) {
        boolean v4 = s.ipVersion() == 4;
        String src = s.srcInetAddress().getHostAddress();
        String dst = s.dstInetAddress().getHostAddress();
        List<String> c = new ArrayList<>();
        c.add(Integer.toString(frame));
        c.add(v4 ? src : "");
        c.add(v4 ? dst : "");
        c.add(v4 ? "" : compressIpv6(src));
        c.add(v4 ? "" : compressIpv6(dst));
        c.add(v4 ? Integer.toString(s.ttl()) : "");
        c.add(v4 ? "" : Integer.toString(s.ttl()));
        c.add(v4 ? Integer.toString(s.ipTotalLen()) : "");
        c.add(v4 ? "" : Integer.toString(s.ipTotalLen() - 40));
        c.add(Integer.toString(s.srcPort()));
        c.add(Integer.toString(s.dstPort()));
        c.add(Integer.toUnsignedString(s.seq()));
        c.add(Integer.toUnsignedString(s.ack()));
        c.add(String.format("0x%04x", s.flags()));
        c.add(Integer.toString(s.window()));
        c.add(Integer.toString(s.tcpHeaderLen()));
        c.add(Integer.toString(s.payloadLen()));
        c.add(s.mss() >= 0 ? Integer.toString(s.mss()) : "");
        c.add(s.windowScale() >= 0 ? Integer.toString(s.windowScale()) : "");
        c.add(s.hasTimestamps() ? Integer.toUnsignedString(s.tsVal()) : "");
        c.add(s.hasTimestamps() ? Integer.toUnsignedString(s.tsEcr()) : "");
        // tshark's tcp.checksum.status: 0 bad, 1 good, 2 unverified.
        c.add(switch (s.checksum()) {
            case BAD -> "0";
            case GOOD -> "1";
            default -> "2";
        });
        return String.join("\t", c);
    }

    /** The captures use only ::1, which Java prints as 0:0:0:0:0:0:0:1 and tshark as ::1. */
    private static String compressIpv6(String text) {
        return "0:0:0:0:0:0:0:1".equals(text) ? "::1" : text;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = TsharkGoldenTest.class.getResourceAsStream("/decode/" + name)) {
            return Objects.requireNonNull(in, name).readAllBytes();
        }
    }
}
