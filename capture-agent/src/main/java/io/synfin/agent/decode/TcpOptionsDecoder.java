package io.synfin.agent.decode;

import java.nio.ByteBuffer;

/**
 * Decodes the TCP options area (RFC 9293 §3.2): every option but EOL and NOP is kind, length, body.
 *
 * <pre>
 * EOL        kind 0                       (RFC 9293)  ends the list; the rest is padding
 * NOP        kind 1                       (RFC 9293)
 * MSS        kind 2, len 4,  MSS (16)     (RFC 9293 §3.7.1)
 * WS         kind 3, len 3,  shift (8)    (RFC 7323 §2.2)
 * SACK-perm  kind 4, len 2                (RFC 2018 §2)
 * SACK       kind 5, len 2+8n, n x (left edge (32), right edge (32))  (RFC 2018 §3)
 * TS         kind 8, len 10, TSval (32), TSecr (32)  (RFC 7323 §3.2)
 * </pre>
 *
 * <p>Any other kind is recorded as unknown. A length below 2 or not the fixed length of its kind is
 * {@link DecodeStatus#TCP_OPTION_BAD_LENGTH}; a length byte or body past the header end is
 * {@link DecodeStatus#TCP_OPTIONS_OVERRUN}. A repeated option overwrites the earlier one.
 */
final class TcpOptionsDecoder {

    static final int KIND_EOL = 0;
    static final int KIND_NOP = 1;
    static final int KIND_MSS = 2;
    static final int KIND_WINDOW_SCALE = 3;
    static final int KIND_SACK_PERMITTED = 4;
    static final int KIND_SACK = 5;
    static final int KIND_TIMESTAMPS = 8;
    static final int LENGTH_OFFSET = 1;
    static final int BODY_OFFSET = 2;
    static final int MSS_LEN = 4;
    static final int WINDOW_SCALE_LEN = 3;
    static final int SACK_PERMITTED_LEN = 2;
    static final int SACK_BLOCK_LEN = 8;
    static final int TIMESTAMPS_LEN = 10;
    static final int TS_ECR_OFFSET = 6;
    /** NOP, NOP, kind 8, length 10: the layout RFC 7323 Appendix A recommends, sent on most segments. */
    static final int ALIGNED_TIMESTAMPS_PREFIX = 0x0101080A;
    static final int ALIGNED_TIMESTAMPS_LEN = 12;

    private TcpOptionsDecoder() {}

    /** Decodes the options in {@code [pos, end)} into {@code out}. */
    static DecodeStatus decode(ByteBuffer buf, int pos, int end, DecodedSegment out) {
        if (end - pos == ALIGNED_TIMESTAMPS_LEN && buf.getInt(pos) == ALIGNED_TIMESTAMPS_PREFIX) {
            // The common data-segment header: one compare instead of the option loop.
            out.timestamps = true;
            out.tsVal = buf.getInt(pos + 4);
            out.tsEcr = buf.getInt(pos + 8);
            return DecodeStatus.OK;
        }
        int p = pos;
        while (p < end) {
            int kind = buf.get(p) & 0xFF;
            if (kind == KIND_EOL) {
                return DecodeStatus.OK;
            }
            if (kind == KIND_NOP) {
                p++;
                continue;
            }
            if (end - p < 2) {
                return DecodeStatus.TCP_OPTIONS_OVERRUN;
            }
            int len = buf.get(p + LENGTH_OFFSET) & 0xFF;
            if (len < 2) {
                return DecodeStatus.TCP_OPTION_BAD_LENGTH;
            }
            if (len > end - p) {
                return DecodeStatus.TCP_OPTIONS_OVERRUN;
            }
            switch (kind) {
                case KIND_MSS:
                    if (len != MSS_LEN) {
                        return DecodeStatus.TCP_OPTION_BAD_LENGTH;
                    }
                    out.mss = buf.getShort(p + BODY_OFFSET) & 0xFFFF;
                    break;
                case KIND_WINDOW_SCALE:
                    if (len != WINDOW_SCALE_LEN) {
                        return DecodeStatus.TCP_OPTION_BAD_LENGTH;
                    }
                    out.windowScale = buf.get(p + BODY_OFFSET) & 0xFF;
                    break;
                case KIND_SACK_PERMITTED:
                    if (len != SACK_PERMITTED_LEN) {
                        return DecodeStatus.TCP_OPTION_BAD_LENGTH;
                    }
                    out.sackPermitted = true;
                    break;
                case KIND_SACK:
                    int body = len - BODY_OFFSET;
                    if (body == 0 || body % SACK_BLOCK_LEN != 0) {
                        return DecodeStatus.TCP_OPTION_BAD_LENGTH;
                    }
                    // 40 option bytes hold at most 4 blocks, so the sink's bound is never hit.
                    int blocks = Math.min(body / SACK_BLOCK_LEN, DecodedSegment.MAX_SACK_BLOCKS);
                    for (int i = 0; i < blocks; i++) {
                        int at = p + BODY_OFFSET + i * SACK_BLOCK_LEN;
                        out.sackEdges[2 * i] = buf.getInt(at);
                        out.sackEdges[2 * i + 1] = buf.getInt(at + 4);
                    }
                    out.sackBlockCount = blocks;
                    break;
                case KIND_TIMESTAMPS:
                    if (len != TIMESTAMPS_LEN) {
                        return DecodeStatus.TCP_OPTION_BAD_LENGTH;
                    }
                    out.timestamps = true;
                    out.tsVal = buf.getInt(p + BODY_OFFSET);
                    out.tsEcr = buf.getInt(p + TS_ECR_OFFSET);
                    break;
                default:
                    out.addUnknownKind(kind);
                    break;
            }
            p += len;
        }
        return DecodeStatus.OK;
    }
}
