package io.synfin.job.state;

import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The long values of a tracker snapshot in few bytes. Most are small counters, times near the
 * connection's start, 64-bit sequence positions next to one another, or the "none" sentinel; each value
 * is written as a varint of the smallest of: itself, its distance from a base time, its distance from the
 * value before it — a 2-bit tag says which. Lossless for every long (differences wrap and unwrap).
 */
final class PackedLongs {

    private static final int PLAIN = 0;
    private static final int FROM_BASE = 1;
    private static final int FROM_PREVIOUS = 2;
    private static final int ESCAPE = 3;
    /** Escape payloads: the "no deadline" sentinel, or eight raw bytes follow. */
    private static final long ESCAPE_MAX = 0;
    private static final long ESCAPE_RAW = 1;
    /** A zig-zag value must leave two bits for the tag. */
    private static final long TAG_ROOM = 1L << 62;
    /** The most one value takes: an escape varint and eight raw bytes, or a 10-byte varint. */
    private static final int MAX_ENCODED = 10;

    private final long base;
    private long previous;
    /**
     * Written values wait here until {@link #flushTo}: one bulk write instead of a bounds-checked
     * {@code writeByte} per varint byte, which was most of the cost of writing a RocksDB value.
     */
    private byte[] buf = new byte[256];
    private int length;

    PackedLongs(long base) {
        this.base = base;
    }

    void write(long v) {
        if (length > buf.length - MAX_ENCODED) {
            buf = Arrays.copyOf(buf, 2 * buf.length);
        }
        if (v == Long.MAX_VALUE) {
            varint(ESCAPE_MAX << 2 | ESCAPE);
            previous = v;
            return;
        }
        long best = zigzag(v);
        int tag = PLAIN;
        long fromBase = zigzag(v - base);
        if (Long.compareUnsigned(fromBase, best) < 0) {
            best = fromBase;
            tag = FROM_BASE;
        }
        long fromPrevious = zigzag(v - previous);
        if (Long.compareUnsigned(fromPrevious, best) < 0) {
            best = fromPrevious;
            tag = FROM_PREVIOUS;
        }
        if (Long.compareUnsigned(best, TAG_ROOM) >= 0) {
            varint(ESCAPE_RAW << 2 | ESCAPE);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[length++] = (byte) (v >>> shift); // big-endian, as DataOutput.writeLong
            }
        } else {
            varint(best << 2 | tag);
        }
        previous = v;
    }

    /** Writes what {@link #write} has gathered to {@code out}, and starts gathering again. */
    void flushTo(DataOutputView out) throws IOException {
        out.write(buf, 0, length);
        length = 0;
    }

    long read(DataInputView in) throws IOException {
        long raw = readVarint(in);
        long payload = raw >>> 2;
        long v = switch ((int) (raw & 3)) {
            case PLAIN -> unzigzag(payload);
            case FROM_BASE -> base + unzigzag(payload);
            case FROM_PREVIOUS -> previous + unzigzag(payload);
            default -> {
                if (payload == ESCAPE_MAX) {
                    yield Long.MAX_VALUE;
                }
                if (payload != ESCAPE_RAW) {
                    throw new IOException(String.format("unknown escape %d in tracker state", payload));
                }
                yield in.readLong();
            }
        };
        previous = v;
        return v;
    }

    void writeArray(long[] values) {
        if (length > buf.length - MAX_ENCODED) {
            buf = Arrays.copyOf(buf, 2 * buf.length);
        }
        varint(values.length);
        for (long v : values) {
            write(v);
        }
    }

    long[] readArray(DataInputView in) throws IOException {
        long length = readVarint(in);
        if (length < 0 || length > 4096) {
            throw new IOException(String.format("tracker state array of %d values", length));
        }
        long[] values = new long[(int) length];
        for (int i = 0; i < values.length; i++) {
            values[i] = read(in);
        }
        return values;
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long z) {
        return (z >>> 1) ^ -(z & 1);
    }

    private void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            buf[length++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[length++] = (byte) v;
    }

    static long readVarint(DataInputView in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("varint longer than 10 bytes in tracker state");
    }
}
