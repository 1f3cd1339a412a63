package io.synfin.agent.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the pcapng format (draft-ietf-opsawg-pcapng): sections in either byte order, several
 * interfaces per section, Enhanced, Simple and obsolete Packet Blocks; every other block is skipped.
 */
public final class PcapngFileSource extends FileCaptureSource {

    static final int SECTION_HEADER_TYPE = 0x0A0D0D0A;
    static final int INTERFACE_DESCRIPTION_TYPE = 1;
    static final int OBSOLETE_PACKET_TYPE = 2;
    static final int SIMPLE_PACKET_TYPE = 3;
    static final int ENHANCED_PACKET_TYPE = 6;
    /** Byte-order magic of the Section Header Block, as written by a big-endian writer. */
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final int SUPPORTED_MAJOR_VERSION = 1;

    // Every block: type (4), total length (4), body, total length again (4).
    private static final int BLOCK_LENGTH_OFFSET = 4;
    private static final int BODY_OFFSET = 8;
    private static final int MIN_BLOCK_LENGTH = 12;
    private static final int TRAILER_LENGTH = 4;
    // Section Header Block body: byte-order magic (4), major (2), minor (2), section length (8).
    private static final int BYTE_ORDER_MAGIC_OFFSET = BODY_OFFSET;
    private static final int MAJOR_VERSION_OFFSET = BYTE_ORDER_MAGIC_OFFSET + 4;
    // Interface Description Block body: link type (2), reserved (2), snaplen (4), options.
    private static final int IDB_LINK_TYPE_OFFSET = BODY_OFFSET;
    private static final int IDB_SNAPLEN_OFFSET = IDB_LINK_TYPE_OFFSET + 4;
    private static final int IDB_OPTIONS_OFFSET = IDB_SNAPLEN_OFFSET + 4;
    private static final int OPT_END = 0;
    private static final int OPT_IF_TSRESOL = 9;
    private static final int OPT_IF_TSOFFSET = 14;
    // Enhanced Packet Block body: interface (4), timestamp high (4) and low (4), captured and original
    // length (4 + 4), data. The obsolete Packet Block has the same layout with a 2-byte interface id
    // followed by a 2-byte drop count.
    private static final int EPB_INTERFACE_OFFSET = BODY_OFFSET;
    private static final int EPB_TS_HIGH_OFFSET = EPB_INTERFACE_OFFSET + 4;
    private static final int EPB_TS_LOW_OFFSET = EPB_TS_HIGH_OFFSET + 4;
    private static final int EPB_CAPTURED_LENGTH_OFFSET = EPB_TS_LOW_OFFSET + 4;
    private static final int EPB_ORIGINAL_LENGTH_OFFSET = EPB_CAPTURED_LENGTH_OFFSET + 4;
    private static final int EPB_DATA_OFFSET = EPB_ORIGINAL_LENGTH_OFFSET + 4;
    // Simple Packet Block body: original length (4), data.
    private static final int SPB_ORIGINAL_LENGTH_OFFSET = BODY_OFFSET;
    private static final int SPB_DATA_OFFSET = SPB_ORIGINAL_LENGTH_OFFSET + 4;

    private final List<PcapngInterface> interfaces = new ArrayList<>();
    private boolean swapped;
    private int sections;

    /** Parses the first Section Header Block; the caller has checked the block type. */
    PcapngFileSource(String name, ByteWindow window) throws IOException, CaptureException {
        super(name, window);
        readSectionHeader();
    }

    @Override
    protected boolean readRecord(FrameHandler handler) throws IOException, CaptureException {
        ByteWindow w = window;
        int available = w.require(BODY_OFFSET);
        if (available == 0) {
            return false;
        }
        if (available < BODY_OFFSET) {
            throw corrupt(w.offset(), "truncated block header: " + available + " of " + BODY_OFFSET + " bytes");
        }
        int type = i32(w.buffer(), w.position());
        if (type == SECTION_HEADER_TYPE) {
            readSectionHeader();
            return true;
        }
        int length = blockLength();
        ByteBuffer b = w.buffer();
        int p = w.position();
        switch (type) {
            case ENHANCED_PACKET_TYPE -> deliverPacket(handler, b, p, length, i32(b, p + EPB_INTERFACE_OFFSET));
            case OBSOLETE_PACKET_TYPE -> deliverPacket(handler, b, p, length, u16(b, p + EPB_INTERFACE_OFFSET));
            case SIMPLE_PACKET_TYPE -> deliverSimplePacket(handler, b, p, length);
            case INTERFACE_DESCRIPTION_TYPE -> interfaces.add(readInterface(b, p, length));
            default -> {
                // NRB, ISB, DSB, custom and unknown blocks carry nothing SynFin needs (draft §3.1).
            }
        }
        w.advance(length);
        return true;
    }

    /** Reads the block length at the cursor, checks it, and makes the whole block readable. */
    private int blockLength() throws IOException, CaptureException {
        ByteWindow w = window;
        int length = i32(w.buffer(), w.position() + BLOCK_LENGTH_OFFSET);
        if (length < MIN_BLOCK_LENGTH || (length & 3) != 0 || length > MAX_RECORD_LENGTH) {
            throw corrupt(w.offset(), "block total length " + Integer.toUnsignedString(length)
                    + " is not a multiple of 4 between " + MIN_BLOCK_LENGTH + " and " + MAX_RECORD_LENGTH);
        }
        int available = w.require(length);
        if (available < length) {
            throw corrupt(w.offset(), "truncated block: " + available + " of " + length + " bytes");
        }
        int trailing = i32(w.buffer(), w.position() + length - TRAILER_LENGTH);
        if (trailing != length) {
            throw corrupt(w.offset(), "block total length " + length + " and trailing length "
                    + Integer.toUnsignedString(trailing) + " differ");
        }
        return length;
    }

    private void readSectionHeader() throws IOException, CaptureException {
        ByteWindow w = window;
        int needed = MAJOR_VERSION_OFFSET + 2;
        int available = w.require(needed);
        if (available < needed) {
            throw corrupt(w.offset(), "truncated section header: " + available + " bytes");
        }
        int magic = w.buffer().getInt(w.position() + BYTE_ORDER_MAGIC_OFFSET);
        if (magic == BYTE_ORDER_MAGIC) {
            swapped = false;
        } else if (magic == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
            swapped = true;
        } else {
            throw corrupt(w.offset(), String.format("section header byte-order magic 0x%08x is neither order", magic));
        }
        int length = blockLength();
        int major = u16(w.buffer(), w.position() + MAJOR_VERSION_OFFSET);
        if (major != SUPPORTED_MAJOR_VERSION) {
            throw corrupt(w.offset(), "unsupported pcapng major version " + major);
        }
        // Interface ids are numbered per section (draft §4.1).
        interfaces.clear();
        sections++;
        w.advance(length);
    }

    private PcapngInterface readInterface(ByteBuffer b, int p, int length) throws CaptureException {
        int end = p + length - TRAILER_LENGTH;
        if (IDB_OPTIONS_OFFSET > end) {
            throw corrupt(window.offset(), "interface description block of " + length + " bytes is too short");
        }
        int linkType = u16(b, p + IDB_LINK_TYPE_OFFSET);
        int snaplen = i32(b, p + IDB_SNAPLEN_OFFSET);
        int tsresol = PcapngInterface.DEFAULT_TSRESOL;
        long tsoffset = 0;
        int o = p + IDB_OPTIONS_OFFSET;
        while (o + 4 <= end) {
            int code = u16(b, o);
            int valueLength = u16(b, o + 2);
            if (code == OPT_END) {
                break;
            }
            if (o + 4 + valueLength > end) {
                throw corrupt(window.offset(), "interface option " + code + " overruns its block");
            }
            if (code == OPT_IF_TSRESOL && valueLength == 1) {
                tsresol = b.get(o + 4) & 0xFF;
            } else if (code == OPT_IF_TSOFFSET && valueLength == 8) {
                tsoffset = i64(b, o + 4);
            }
            o += 4 + ((valueLength + 3) & ~3);
        }
        PcapngInterface description = PcapngInterface.of(linkType, snaplen, tsresol, tsoffset);
        if (description == null) {
            throw corrupt(window.offset(), String.format("if_tsresol 0x%02x cannot be represented", tsresol));
        }
        return description;
    }

    private void deliverPacket(FrameHandler handler, ByteBuffer b, int p, int length, int interfaceId)
            throws CaptureException {
        PcapngInterface description = describedInterface(interfaceId);
        int capturedLength = i32(b, p + EPB_CAPTURED_LENGTH_OFFSET);
        int room = length - EPB_DATA_OFFSET - TRAILER_LENGTH;
        checkCapturedLength(capturedLength, room, description);
        long units = ((long) i32(b, p + EPB_TS_HIGH_OFFSET) << 32) | (i32(b, p + EPB_TS_LOW_OFFSET) & 0xFFFF_FFFFL);
        frame.set(description.linkType, interfaceId, description.toNanos(units), b, p + EPB_DATA_OFFSET,
                capturedLength, i32(b, p + EPB_ORIGINAL_LENGTH_OFFSET), ++frameCount, window.offset());
        handler.onFrame(frame);
    }

    /** A Simple Packet Block: interface 0, no timestamp (0), captured length implied (draft §4.4). */
    private void deliverSimplePacket(FrameHandler handler, ByteBuffer b, int p, int length) throws CaptureException {
        PcapngInterface description = describedInterface(0);
        int originalLength = i32(b, p + SPB_ORIGINAL_LENGTH_OFFSET);
        int room = length - SPB_DATA_OFFSET - TRAILER_LENGTH;
        if (room < 0) {
            throw corrupt(window.offset(), "simple packet block of " + length + " bytes is too short");
        }
        int capturedLength = Integer.compareUnsigned(originalLength, room) < 0 ? originalLength : room;
        if (description.snaplen > 0 && Integer.compareUnsigned(capturedLength, description.snaplen) > 0) {
            capturedLength = description.snaplen;
        }
        frame.set(description.linkType, 0, 0L, b, p + SPB_DATA_OFFSET, capturedLength, originalLength,
                ++frameCount, window.offset());
        handler.onFrame(frame);
    }

    private PcapngInterface describedInterface(int interfaceId) throws CaptureException {
        if (interfaceId < 0 || interfaceId >= interfaces.size()) {
            throw corrupt(window.offset(), "packet block names interface " + Integer.toUnsignedString(interfaceId)
                    + " but the section describes " + interfaces.size());
        }
        return interfaces.get(interfaceId);
    }

    private void checkCapturedLength(int capturedLength, int room, PcapngInterface description)
            throws CaptureException {
        if (capturedLength < 0 || capturedLength > room) {
            throw corrupt(window.offset(), "captured length " + Integer.toUnsignedString(capturedLength)
                    + " exceeds the " + Math.max(room, 0) + " bytes of its block");
        }
        if (description.snaplen > 0 && capturedLength > description.snaplen) {
            throw corrupt(window.offset(), "captured length " + capturedLength + " exceeds the interface snaplen "
                    + description.snaplen);
        }
    }

    private int i32(ByteBuffer b, int index) {
        int v = b.getInt(index);
        return swapped ? Integer.reverseBytes(v) : v;
    }

    private int u16(ByteBuffer b, int index) {
        short v = b.getShort(index);
        return (swapped ? Short.reverseBytes(v) : v) & 0xFFFF;
    }

    private long i64(ByteBuffer b, int index) {
        long v = b.getLong(index);
        return swapped ? Long.reverseBytes(v) : v;
    }

    /** Section Header Blocks read so far. */
    public int sections() {
        return sections;
    }

    /** Interfaces described in the current section. */
    public int interfaceCount() {
        return interfaces.size();
    }

    /** Link type of interface {@code id} of the current section. */
    public int linkType(int id) {
        return interfaces.get(id).linkType;
    }
}
