package io.synfin.agent.capture;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads the classic pcap format (draft-ietf-opsawg-pcap): a 24-byte file header, then records of a
 * 16-byte header and the captured bytes. Both byte orders, microsecond and nanosecond timestamps.
 */
public final class PcapFileSource extends FileCaptureSource {

    /** File magic for microsecond timestamps, read in the writer's byte order. */
    static final int MAGIC_MICROS = 0xA1B2C3D4;
    /** File magic for nanosecond timestamps. */
    static final int MAGIC_NANOS = 0xA1B23C4D;

    static final int FILE_HEADER_LENGTH = 24;
    // File header fields after the magic: version major/minor (2+2), thiszone (4), sigfigs (4).
    private static final int SNAPLEN_OFFSET = 16;
    private static final int LINK_TYPE_OFFSET = SNAPLEN_OFFSET + 4;

    static final int RECORD_HEADER_LENGTH = 16;
    private static final int TS_SECONDS_OFFSET = 0;
    private static final int TS_FRACTION_OFFSET = TS_SECONDS_OFFSET + 4;
    private static final int CAPTURED_LENGTH_OFFSET = TS_FRACTION_OFFSET + 4;
    private static final int ORIGINAL_LENGTH_OFFSET = CAPTURED_LENGTH_OFFSET + 4;

    /** The LinkType is the low 16 bits; bits 26-31 carry the FCS length and its F bit (draft §4). */
    private static final int LINK_TYPE_MASK = 0xFFFF;
    private static final int FCS_PRESENT_BIT = 0x0400_0000;
    private static final int FCS_LENGTH_SHIFT = 28;

    private final boolean swapped;
    private final long fractionToNanos;
    private final int snaplen;
    private final int linkType;
    private final int fcsLength;
    private final int maxCapturedLength;

    /** Parses the file header at the window's cursor; the caller has checked that the magic is ours. */
    PcapFileSource(String name, ByteWindow window) throws IOException, CaptureException {
        super(name, window);
        int available = window.require(FILE_HEADER_LENGTH);
        if (available < FILE_HEADER_LENGTH) {
            throw corrupt(0, "truncated pcap file header: " + available + " of " + FILE_HEADER_LENGTH + " bytes");
        }
        ByteBuffer b = window.buffer();
        int p = window.position();
        int magic = b.getInt(p);
        swapped = magic == Integer.reverseBytes(MAGIC_MICROS) || magic == Integer.reverseBytes(MAGIC_NANOS);
        int ordered = swapped ? Integer.reverseBytes(magic) : magic;
        if (ordered != MAGIC_MICROS && ordered != MAGIC_NANOS) {
            throw corrupt(0, String.format("not a pcap file: magic 0x%08x", magic));
        }
        fractionToNanos = ordered == MAGIC_NANOS ? 1L : 1000L;
        snaplen = i32(b, p + SNAPLEN_OFFSET);
        int linkField = i32(b, p + LINK_TYPE_OFFSET);
        linkType = linkField & LINK_TYPE_MASK;
        fcsLength = (linkField & FCS_PRESENT_BIT) != 0 ? (linkField >>> FCS_LENGTH_SHIFT) * 2 : 0;
        // A snaplen of 0 or above the sanity bound is "unknown"; writers differ, libpcap tolerates it.
        maxCapturedLength = snaplen > 0 && snaplen < MAX_RECORD_LENGTH ? snaplen : MAX_RECORD_LENGTH;
        window.advance(FILE_HEADER_LENGTH);
    }

    @Override
    protected boolean readRecord(FrameHandler handler) throws IOException, CaptureException {
        ByteWindow w = window;
        int available = w.require(RECORD_HEADER_LENGTH);
        if (available < RECORD_HEADER_LENGTH) {
            if (available == 0) {
                return false;
            }
            throw corrupt(w.offset(), "truncated record header: " + available + " of " + RECORD_HEADER_LENGTH
                    + " bytes (frame " + (frameCount + 1) + ")");
        }
        ByteBuffer b = w.buffer();
        int p = w.position();
        int capturedLength = i32(b, p + CAPTURED_LENGTH_OFFSET);
        if (capturedLength < 0 || capturedLength > maxCapturedLength) {
            throw corrupt(w.offset(), "captured length " + Integer.toUnsignedString(capturedLength)
                    + " exceeds the snaplen " + maxCapturedLength + " (frame " + (frameCount + 1) + ")");
        }
        int recordLength = RECORD_HEADER_LENGTH + capturedLength;
        if (available < recordLength) {
            available = w.require(recordLength);
            if (available < recordLength) {
                throw corrupt(w.offset(), "truncated record: " + (available - RECORD_HEADER_LENGTH) + " of "
                        + capturedLength + " captured bytes (frame " + (frameCount + 1) + ")");
            }
            b = w.buffer();
            p = w.position();
        }
        long seconds = i32(b, p + TS_SECONDS_OFFSET) & 0xFFFF_FFFFL;
        long fraction = i32(b, p + TS_FRACTION_OFFSET) & 0xFFFF_FFFFL;
        frame.set(linkType, 0, seconds * 1_000_000_000L + fraction * fractionToNanos, b,
                p + RECORD_HEADER_LENGTH, capturedLength, i32(b, p + ORIGINAL_LENGTH_OFFSET),
                ++frameCount, w.offset());
        handler.onFrame(frame);
        w.advance(recordLength);
        return true;
    }

    private int i32(ByteBuffer b, int index) {
        int v = b.getInt(index);
        return swapped ? Integer.reverseBytes(v) : v;
    }

    /** The LINKTYPE_* of every frame, with the FCS bits of the header field masked off. */
    public int linkType() {
        return linkType;
    }

    /** Snapshot length from the file header, as written (0 when the writer did not set one). */
    public int snaplen() {
        return snaplen;
    }

    /** Bytes of frame check sequence at the end of each frame when the header's F bit says so, else 0. */
    public int fcsLength() {
        return fcsLength;
    }

    /** True when the file was written little-endian (magic read as d4c3b2a1 or 4d3cb2a1). */
    public boolean littleEndian() {
        return swapped;
    }

    /** True for the nanosecond variant (magic a1b23c4d). */
    public boolean nanosecondTimestamps() {
        return fractionToNanos == 1L;
    }
}
