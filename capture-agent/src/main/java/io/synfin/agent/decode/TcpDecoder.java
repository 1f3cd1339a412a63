package io.synfin.agent.decode;

import java.nio.ByteBuffer;

/**
 * Decodes a TCP header (RFC 9293 §3.1) whose IP datagram ends at {@code ipEnd}; the options go to
 * {@link TcpOptionsDecoder}. The payload length comes from the IP lengths, not from the capture.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |     |A|C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsv |E|W|C|R|C|S|S|Y|I|            Window             |
 * |       |     | |R|E|G|K|H|T|N|N|                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           [Options]                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>AE (formerly NS, RFC 3540; RFC 9768) is bit 0 of byte 12, so the 9 flags are the low 9 bits of
 * the 16-bit word at offset 12.
 */
final class TcpDecoder {

    static final int MIN_HEADER_LEN = 20;
    /** Source port (16), destination port (16), read as one word. */
    static final int PORTS_OFFSET = 0;
    static final int SEQ_OFFSET = 4;
    static final int ACK_OFFSET = 8;
    /** Data offset (4), reserved (3), flags (9), window (16), read as one word. */
    static final int OFFSET_FLAGS_WINDOW_OFFSET = 12;
    static final int FLAGS_MASK = 0x01FF;

    private TcpDecoder() {}

    /**
     * Decodes the header at {@code pos} of a datagram ending at {@code ipEnd}, of which the bytes
     * before {@code capEnd} were captured; verifies the checksum when {@code verifyChecksum}.
     */
    static DecodeStatus decode(
            ByteBuffer buf, int pos, int ipEnd, int capEnd, boolean verifyChecksum, DecodedSegment out) {
        int segmentLen = ipEnd - pos;
        if (segmentLen < MIN_HEADER_LEN) {
            return DecodeStatus.TCP_HEADER_TOO_SHORT;
        }
        int captured = Math.min(ipEnd, capEnd) - pos;
        if (captured < MIN_HEADER_LEN) {
            return DecodeStatus.TRUNCATED_BY_SNAPLEN;
        }
        int offsetFlagsWindow = buf.getInt(pos + OFFSET_FLAGS_WINDOW_OFFSET);
        int headerLen = (offsetFlagsWindow >>> 28) << 2;
        if (headerLen < MIN_HEADER_LEN) {
            return DecodeStatus.TCP_DATA_OFFSET_BELOW_5;
        }
        if (headerLen > segmentLen) {
            return DecodeStatus.TCP_DATA_OFFSET_PAST_SEGMENT;
        }
        if (headerLen > captured) {
            return DecodeStatus.TRUNCATED_BY_SNAPLEN;
        }
        int ports = buf.getInt(pos + PORTS_OFFSET);
        out.srcPort = ports >>> 16;
        out.dstPort = ports & 0xFFFF;
        out.seq = buf.getInt(pos + SEQ_OFFSET);
        out.ack = buf.getInt(pos + ACK_OFFSET);
        out.flags = (offsetFlagsWindow >>> 16) & FLAGS_MASK;
        out.window = offsetFlagsWindow & 0xFFFF;
        out.tcpHeaderLen = headerLen;
        out.payloadLen = segmentLen - headerLen;
        if (headerLen > MIN_HEADER_LEN) {
            DecodeStatus options = TcpOptionsDecoder.decode(buf, pos + MIN_HEADER_LEN, pos + headerLen, out);
            if (options != DecodeStatus.OK) {
                return options;
            }
        }
        if (verifyChecksum) {
            out.checksum = out.fragment || captured < segmentLen
                    ? ChecksumState.NOT_VERIFIABLE
                    : TcpChecksum.verify(buf, pos, segmentLen, out) ? ChecksumState.GOOD : ChecksumState.BAD;
        }
        return DecodeStatus.OK;
    }
}
