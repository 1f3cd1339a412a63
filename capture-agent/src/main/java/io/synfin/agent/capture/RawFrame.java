package io.synfin.agent.capture;

import java.nio.ByteBuffer;

/**
 * One captured frame as a reusable view: the link type, the capture time, and the captured bytes
 * {@code [offset, offset + capturedLength)} of {@link #buffer()}. Sources fill one instance per frame
 * (no per-frame allocation); handlers must not keep it.
 */
public final class RawFrame {

    private int linkType;
    private int interfaceId;
    private long timestampNanos;
    private ByteBuffer buffer;
    private int offset;
    private int capturedLength;
    private int originalLength;
    private long frameNumber;
    private long fileOffset = -1;

    /** Fills this view; called by sources only. */
    public RawFrame set(
            int linkType,
            int interfaceId,
            long timestampNanos,
            ByteBuffer buffer,
            int offset,
            int capturedLength,
            int originalLength,
            long frameNumber,
            long fileOffset) {
        this.linkType = linkType;
        this.interfaceId = interfaceId;
        this.timestampNanos = timestampNanos;
        this.buffer = buffer;
        this.offset = offset;
        this.capturedLength = capturedLength;
        this.originalLength = originalLength;
        this.frameNumber = frameNumber;
        this.fileOffset = fileOffset;
        return this;
    }

    /** The LINKTYPE_* value of the frame's first header ({@link LinkType}). */
    public int linkType() {
        return linkType;
    }

    /** The capturing interface: pcapng interface index, 0 for pcap files and live capture. */
    public int interfaceId() {
        return interfaceId;
    }

    /** Capture time in nanoseconds since the Unix epoch. */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** Capture time in microseconds since the Unix epoch. */
    public long timestampMicros() {
        return Math.floorDiv(timestampNanos, 1000L);
    }

    /** Big-endian buffer holding the frame; read with absolute gets from {@link #offset()}. */
    public ByteBuffer buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    /** Bytes present in the buffer (at most the snaplen). */
    public int capturedLength() {
        return capturedLength;
    }

    /** Length of the frame on the wire; larger than {@link #capturedLength()} when the snaplen cut it. */
    public int originalLength() {
        return originalLength;
    }

    /** 1-based position of the frame in its input, as Wireshark numbers frames. */
    public long frameNumber() {
        return frameNumber;
    }

    /** Byte offset of the frame's record in its file, or -1 for live capture. */
    public long fileOffset() {
        return fileOffset;
    }

    /** A copy of the captured bytes, for tests and diagnostics (not for the hot path). */
    public byte[] copyBytes() {
        byte[] bytes = new byte[capturedLength];
        buffer.get(offset, bytes);
        return bytes;
    }
}
