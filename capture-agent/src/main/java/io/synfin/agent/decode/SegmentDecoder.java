package io.synfin.agent.decode;

import io.synfin.agent.capture.RawFrame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes one captured frame, link layer to TCP options, into a reusable {@link DecodedSegment} and
 * counts the outcome in its {@link DecodeCounters}. Allocates nothing per frame and never throws on
 * malformed input; one instance per thread.
 *
 * <p>Only {@link DecodeStatus#OK} yields a segment (see {@link DecodeStatus} for what that covers).
 * TCP checksum verification is a switch, off by default because it reads the whole payload.
 */
public final class SegmentDecoder {

    private final DecodeCounters counters = new DecodeCounters();
    private final boolean verifyChecksums;

    /** A decoder that does not verify TCP checksums. */
    public SegmentDecoder() {
        this(false);
    }

    public SegmentDecoder(boolean verifyChecksums) {
        this.verifyChecksums = verifyChecksums;
    }

    public boolean verifiesChecksums() {
        return verifyChecksums;
    }

    /** The per-status counts of every frame this decoder has seen. */
    public DecodeCounters counters() {
        return counters;
    }

    /** Decodes {@code frame}, capture time included, into {@code out}. */
    public DecodeStatus decode(RawFrame frame, DecodedSegment out) {
        out.tsMicros = frame.timestampMicros();
        DecodeStatus status = decode(
                frame.linkType(), frame.buffer(), frame.offset(), frame.capturedLength(), frame.originalLength(), out);
        if (status.malformed() && isSampled(counters.count(status))) {
            Log.LOG.warn("frame {}: {} (occurrence {}; logged at powers of two only)",
                    frame.frameNumber(), status, counters.count(status));
        }
        return status;
    }

    /**
     * The logger, in a holder class so the logging backend starts only when a malformed frame is
     * actually logged: starting it costs about 80 ms, and a clean capture never needs it.
     */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(SegmentDecoder.class);
    }

    /** Log sampling: the 1st, 2nd, 4th, 8th … occurrence of a status, so a flood costs a few lines. */
    static boolean isSampled(long occurrence) {
        return occurrence > 0 && (occurrence & (occurrence - 1)) == 0;
    }

    /**
     * Decodes the captured bytes {@code [offset, offset + capturedLength)} of a big-endian {@code buf}
     * into {@code out}, leaving {@code out}'s capture time as it was. {@code originalLength} is the
     * length on the wire; a value below {@code capturedLength} is taken as {@code capturedLength}.
     *
     * @throws IllegalArgumentException when the range is outside {@code buf} or its order is
     *     little-endian (a caller's bug, not malformed traffic)
     */
    public DecodeStatus decode(
            int linkType, ByteBuffer buf, int offset, int capturedLength, int originalLength, DecodedSegment out) {
        Objects.requireNonNull(out, "out");
        checkRange(buf, offset, capturedLength);
        int capEnd = offset + capturedLength;
        int wireEnd = originalLength > capturedLength
                ? offset + Math.min(originalLength, Integer.MAX_VALUE - offset)
                : capEnd;
        out.reset();
        out.linkType = linkType;
        DecodeStatus status = decodeLayers(linkType, buf, offset, capEnd, wireEnd, out);
        counters.increment(status);
        return status;
    }

    private DecodeStatus decodeLayers(
            int linkType, ByteBuffer buf, int offset, int capEnd, int wireEnd, DecodedSegment out) {
        DecodeStatus status = LinkLayerDecoder.decode(linkType, buf, offset, capEnd, out);
        if (status != DecodeStatus.OK) {
            return status;
        }
        int l3 = out.l3Offset;
        int version = out.l3Version;
        if (version == 0) {
            // Raw IP: the first nibble says which version (RFC 791, RFC 8200 both start with it).
            if (l3 >= capEnd) {
                return DecodeStatus.NOT_IP;
            }
            version = (buf.get(l3) >> 4) & 0x0F;
        }
        if (version == 4) {
            status = Ipv4Decoder.decode(buf, l3, capEnd, wireEnd, out);
        } else if (version == 6) {
            status = Ipv6Decoder.decode(buf, l3, capEnd, wireEnd, out);
        } else {
            return DecodeStatus.NOT_IP;
        }
        if (status != DecodeStatus.OK) {
            return status;
        }
        return TcpDecoder.decode(buf, out.l4Offset, out.l4End, capEnd, verifyChecksums, out);
    }

    private static void checkRange(ByteBuffer buf, int offset, int capturedLength) {
        Objects.requireNonNull(buf, "buf");
        if (offset < 0 || capturedLength < 0 || offset > buf.limit() - capturedLength) {
            throw new IllegalArgumentException(String.format(
                    "frame [%d, +%d) outside buffer limit %d", offset, capturedLength, buf.limit()));
        }
        if (buf.order() != ByteOrder.BIG_ENDIAN) {
            throw new IllegalArgumentException("frame buffer must be big-endian");
        }
    }
}
