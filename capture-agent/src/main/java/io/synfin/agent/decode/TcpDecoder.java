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
    static final int SRC_PORT_OFFSET = 0;
    static final int DST_PORT_OFFSET = 2;
    static final int SEQ_OFFSET = 4;
    static final int ACK_OFFSET = 8;
    static final int OFFSET_FLAGS_OFFSET = 12;
    static final int WINDOW_OFFSET = 14;
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
        int offsetFlags = buf.getShort(pos + OFFSET_FLAGS_OFFSET) & 0xFFFF;
        int headerLen = (offsetFlags >>> 12) << 2;
        if (headerLen < MIN_HEADER_LEN) {
            return DecodeStatus.TCP_DATA_OFFSET_BELOW_5;
        }
        if (headerLen > segmentLen) {
            return DecodeStatus.TCP_DATA_OFFSET_PAST_SEGMENT;
        }
        if (headerLen > captured) {
            return DecodeStatus.TRUNCATED_BY_SNAPLEN;
        }
        out.srcPort = buf.getShort(pos + SRC_PORT_OFFSET) & 0xFFFF;
        out.dstPort = buf.getShort(pos + DST_PORT_OFFSET) & 0xFFFF;
        out.seq = buf.getInt(pos + SEQ_OFFSET);
        out.ack = buf.getInt(pos + ACK_OFFSET);
        out.flags = offsetFlags & FLAGS_MASK;
        out.window = buf.getShort(pos + WINDOW_OFFSET) & 0xFFFF;
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
