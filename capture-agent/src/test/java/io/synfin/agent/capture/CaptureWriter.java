package io.synfin.agent.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes pcap and pcapng bytes for tests, field by field, in either byte order, so every variant and
 * every corruption can be built in the test that checks it.
 */
final class CaptureWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteOrder order;

    private CaptureWriter(ByteOrder order) {
        this.order = order;
    }

    static CaptureWriter pcap(ByteOrder order, boolean nanos, int snaplen, int linkField) {
        CaptureWriter w = new CaptureWriter(order);
        w.u32(nanos ? PcapFileSource.MAGIC_NANOS : PcapFileSource.MAGIC_MICROS);
        w.u16(2).u16(4); // version 2.4
        w.u32(0).u32(0); // thiszone, sigfigs
        w.u32(snaplen).u32(linkField);
        return w;
    }

    /** A pcap record: 16-byte header, then the data. */
    CaptureWriter record(long seconds, long fraction, byte[] data, int originalLength) {
        return u32((int) seconds).u32((int) fraction).u32(data.length).u32(originalLength).raw(data);
    }

    static CaptureWriter pcapng(ByteOrder order) {
        return new CaptureWriter(order).sectionHeader();
    }

    /** A Section Header Block, version 1.0, unknown section length. */
    CaptureWriter sectionHeader() {
        ByteBuffer body = body(16);
        body.putInt(PcapngFileSource.BYTE_ORDER_MAGIC).putShort((short) 1).putShort((short) 0).putLong(-1L);
        return block(PcapngFileSource.SECTION_HEADER_TYPE, body.array());
    }

    /** An Interface Description Block; {@code tsresol} &lt; 0 omits if_tsresol, {@code tsoffset} 0 omits if_tsoffset. */
    CaptureWriter interfaceDescription(int linkType, int snaplen, int tsresol, long tsoffset) {
        ByteBuffer body = body(8 + 8 + 12 + 4);
        body.putShort((short) linkType).putShort((short) 0).putInt(snaplen);
        if (tsresol >= 0) {
            body.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
        }
        if (tsoffset != 0) {
            body.putShort((short) 14).putShort((short) 8).putLong(tsoffset);
        }
        body.putShort((short) 0).putShort((short) 0); // opt_endofopt
        return block(PcapngFileSource.INTERFACE_DESCRIPTION_TYPE, trim(body));
    }

    /** An Enhanced Packet Block with a timestamp in the interface's units. */
    CaptureWriter enhancedPacket(int interfaceId, long units, byte[] data, int originalLength) {
        ByteBuffer body = body(20 + padded(data.length));
        body.putInt(interfaceId).putInt((int) (units >>> 32)).putInt((int) units);
        body.putInt(data.length).putInt(originalLength).put(data);
        return block(PcapngFileSource.ENHANCED_PACKET_TYPE, body.array());
    }

    /** A Simple Packet Block (interface 0, no timestamp). */
    CaptureWriter simplePacket(byte[] data, int originalLength) {
        ByteBuffer body = body(4 + padded(data.length));
        body.putInt(originalLength).put(data);
        return block(PcapngFileSource.SIMPLE_PACKET_TYPE, body.array());
    }

    /** Any block with a body that is padded to 4 bytes. */
    CaptureWriter block(int type, byte[] body) {
        int length = 12 + padded(body.length);
        u32(type).u32(length).raw(body).raw(new byte[padded(body.length) - body.length]);
        return u32(length);
    }

    CaptureWriter u32(int value) {
        return raw(ByteBuffer.allocate(4).order(order).putInt(value).array());
    }

    CaptureWriter u16(int value) {
        return raw(ByteBuffer.allocate(2).order(order).putShort((short) value).array());
    }

    CaptureWriter raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private ByteBuffer body(int capacity) {
        return ByteBuffer.allocate(capacity).order(order);
    }

    private static byte[] trim(ByteBuffer body) {
        byte[] bytes = new byte[body.position()];
        body.get(0, bytes);
        return bytes;
    }

    private static int padded(int length) {
        return (length + 3) & ~3;
    }

    /** A frame of {@code length} bytes whose byte i is {@code seed + i}, so tests can tell frames apart. */
    static byte[] frameBytes(int length, int seed) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (seed + i);
        }
        return data;
    }
}
