package io.synfin.job.state;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The long values of a tracker snapshot in few bytes. Most are small counters, times near the
 * connection's start, 64-bit sequence positions next to one another, or the "none" sentinels; each value
 * is written as a varint of the smallest of: itself, its distance from a base time, its distance from the
 * value before it — a 2-bit tag says which. A run of zeros (idle counters, unset times) is one escape
 * of its length. Lossless for every long (differences wrap and unwrap).
 *
 * <p>A writer gathers everything in one array (the few other fields in between too: raw longs, a byte,
 * strings), so packing a tracker makes no call per byte. A reader reads a packed array the same way, or,
 * for state written before packed trackers had a length (format 1), a {@code DataInputView}.
 */
final class PackedLongs {

    private static final int PLAIN = 0;
    private static final int FROM_BASE = 1;
    private static final int FROM_PREVIOUS = 2;
    private static final int ESCAPE = 3;
    /**
     * Escape payloads: the "no deadline" sentinel, eight raw bytes follow, the "no time" sentinel, or a
     * run of zeros (its length added).
     */
    private static final long ESCAPE_MAX = 0;
    private static final long ESCAPE_RAW = 1;
    private static final long ESCAPE_ZEROS = 2;
    private static final long ESCAPE_MIN = 3;
    /** Runs shorter than this are written as single zeros: one byte each, as the run's escape is. */
    private static final int MIN_RUN = 2;
    /** A zig-zag value must leave two bits for the tag. */
    private static final long TAG_ROOM = 1L << 62;
    /** The most one value takes: an escape varint and eight raw bytes, or a 10-byte varint. */
    private static final int MAX_ENCODED = 10;
    private static final int MAX_ARRAY = 4096;

    private final long base;
    private long previous;
    /** Writing: the bytes so far. Reading an array: the array. */
    private byte[] buf;
    /** Writing: bytes written. Reading an array: the next byte's index. */
    private int at;
    /** Reading format 1: the input (and {@link #buf} is null). */
    private final DataInputView in;
    /** Zeros written and not yet encoded (a run ends at the next other field or value). */
    private int zeros;
    /** Zeros of a run read and not yet returned. */
    private long zerosLeft;

    private PackedLongs(long base, byte[] buf, int at, DataInputView in) {
        this.base = base;
        this.buf = buf;
        this.at = at;
        this.in = in;
    }

    /** A writer; times are written relative to {@code base}. */
    static PackedLongs writer(long base) {
        return new PackedLongs(base, new byte[320], 0, null);
    }

    /** A reader of {@code packed} from byte {@code from} on. */
    static PackedLongs reader(long base, byte[] packed, int from) {
        return new PackedLongs(base, packed, from, null);
    }

    /** A reader of {@code in}. */
    static PackedLongs reader(long base, DataInputView in) {
        return new PackedLongs(base, null, 0, in);
    }

    // ---- writing

    void write(long v) {
        if (v == 0) {
            zeros++;
            previous = 0;
            return;
        }
        if (zeros != 0) {
            endRun();
        }
        room(MAX_ENCODED);
        if (v == Long.MAX_VALUE || v == Long.MIN_VALUE) {
            varint((v == Long.MAX_VALUE ? ESCAPE_MAX : ESCAPE_MIN) << 2 | ESCAPE);
            previous = v;
            return;
        }
        // The smallest of the three, the first of equals; written to compile to conditional moves, since
        // which one wins changes from value to value. A zig-zag value of 2^63 or more (negative here) is
        // never chosen: it needs the raw escape anyway.
        long plain = positiveOrMax(zigzag(v));
        long fromBase = positiveOrMax(zigzag(v - base));
        long fromPrevious = positiveOrMax(zigzag(v - previous));
        long best = Math.min(plain, Math.min(fromBase, fromPrevious));
        int tag = best == plain ? PLAIN : best == fromBase ? FROM_BASE : FROM_PREVIOUS;
        if (best >= TAG_ROOM) {
            varint(ESCAPE_RAW << 2 | ESCAPE);
            putLong(v);
        } else {
            varint(best << 2 | tag);
        }
        previous = v;
    }

    void writeArray(long[] values) {
        if (zeros != 0) {
            endRun();
        }
        room(MAX_ENCODED);
        varint(values.length);
        for (long v : values) {
            write(v);
        }
    }

    /** Eight bytes, big-endian (as {@code DataOutput.writeLong}). */
    void writeRawLong(long v) {
        if (zeros != 0) {
            endRun();
        }
        room(8);
        putLong(v);
    }

    void writeRawByte(int b) {
        if (zeros != 0) {
            endRun();
        }
        room(1);
        buf[at++] = (byte) b;
    }

    /** A string as {@code DataOutput.writeUTF} writes it: two bytes of length, then modified UTF-8. */
    void writeString(String text) throws IOException {
        if (zeros != 0) {
            endRun();
        }
        int n = text.length();
        room(2 + 3 * n);
        int end = at + 2;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x01 && c <= 0x7F) {
                buf[end++] = (byte) c;
            } else if (c <= 0x7FF) {
                buf[end++] = (byte) (0xC0 | (c >> 6));
                buf[end++] = (byte) (0x80 | (c & 0x3F));
            } else {
                buf[end++] = (byte) (0xE0 | (c >> 12));
                buf[end++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[end++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        int bytes = end - at - 2;
        if (bytes > 0xFFFF) {
            throw new IOException(String.format("a string of %d bytes in tracker state", bytes));
        }
        buf[at] = (byte) (bytes >>> 8);
        buf[at + 1] = (byte) bytes;
        at = end;
    }

    /** Everything written, as an array of its own. */
    byte[] toArray() {
        if (zeros != 0) {
            endRun();
        }
        return Arrays.copyOf(buf, at);
    }

    /** Encodes the zeros written since the last other value. */
    private void endRun() {
        room(zeros < MIN_RUN ? zeros : MAX_ENCODED);
        if (zeros < MIN_RUN) {
            for (int i = 0; i < zeros; i++) {
                varint(PLAIN);
            }
        } else {
            varint((ESCAPE_ZEROS + zeros) << 2 | ESCAPE);
        }
        zeros = 0;
    }

    private void room(int bytes) {
        if (at + bytes > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(2 * buf.length, at + bytes));
        }
    }

    private void putLong(long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[at++] = (byte) (v >>> shift);
        }
    }

    private void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            buf[at++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[at++] = (byte) v;
    }

    // ---- reading

    long read() throws IOException {
        if (zerosLeft > 0) {
            zerosLeft--;
            previous = 0;
            return 0;
        }
        long raw = readVarint();
        long payload = raw >>> 2;
        int tag = (int) raw & 3;
        long v;
        if (tag != ESCAPE) {
            // the reference without a branch on the tag (which changes from value to value): 0, base or previous
            long fromBase = -(tag & 1);
            long fromPrevious = -(tag >>> 1);
            v = ((base & fromBase) | (previous & fromPrevious)) + unzigzag(payload);
        } else {
            v = payload == ESCAPE_RAW ? readRawLong() : escape(payload);
        }
        previous = v;
        return v;
    }

    long[] readArray() throws IOException {
        if (zerosLeft > 0) {
            throw new IOException(String.format("tracker state: a run of zeros runs %d values into an array length", zerosLeft));
        }
        long length = readVarint();
        if (length < 0 || length > MAX_ARRAY) {
            throw new IOException(String.format("tracker state array of %d values", length));
        }
        long[] values = new long[(int) length];
        for (int i = 0; i < values.length; i++) {
            values[i] = read();
        }
        return values;
    }

    long readRawLong() throws IOException {
        if (in != null) {
            return in.readLong();
        }
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (buf[at++] & 0xFF);
        }
        return v;
    }

    int readRawByte() throws IOException {
        if (in != null) {
            return in.readUnsignedByte();
        }
        need(1);
        return buf[at++] & 0xFF;
    }

    /** A string as {@link #writeString} wrote it. */
    String readString() throws IOException {
        if (in != null) {
            return in.readUTF();
        }
        need(2);
        int bytes = (buf[at] & 0xFF) << 8 | (buf[at + 1] & 0xFF);
        need(2 + bytes);
        int from = at + 2;
        int end = from + bytes;
        boolean ascii = true;
        for (int i = from; i < end; i++) {
            ascii &= buf[i] > 0;
        }
        // ASCII (a history, a flip reason) is one byte a char; anything else is read as DataInput reads it
        String text = ascii ? new String(buf, from, bytes, StandardCharsets.ISO_8859_1)
                : new DataInputDeserializer(buf, at, 2 + bytes).readUTF();
        at = end;
        return text;
    }

    /** Bytes of the array not read yet. */
    int remaining() {
        return buf.length - at;
    }

    /** The value of an escape other than eight raw bytes. */
    private long escape(long payload) throws IOException {
        if (payload == ESCAPE_MAX) {
            return Long.MAX_VALUE;
        }
        if (payload == ESCAPE_MIN) {
            return Long.MIN_VALUE;
        }
        if (payload >= ESCAPE_ZEROS + MIN_RUN) {
            zerosLeft = payload - ESCAPE_ZEROS - 1;
            return 0;
        }
        throw new IOException(String.format("unknown escape %d in tracker state", payload));
    }

    private long readVarint() throws IOException {
        if (in != null) {
            return readVarint(in);
        }
        byte[] b = buf;
        int i = at;
        if (i + MAX_ENCODED > b.length) {
            return readVarintNearEnd();
        }
        // most values take one or two bytes
        int first = b[i];
        if (first >= 0) {
            at = i + 1;
            return first;
        }
        long v = first & 0x7F;
        for (int shift = 7; shift < 64; shift += 7) {
            int next = b[++i];
            v |= (long) (next & 0x7F) << shift;
            if (next >= 0) {
                at = i + 1;
                return v;
            }
        }
        throw new IOException("varint longer than 10 bytes in tracker state");
    }

    private long readVarintNearEnd() throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            need(1);
            int b = buf[at++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IOException("varint longer than 10 bytes in tracker state");
    }

    static void writeVarint(int v, DataOutputView out) throws IOException {
        while ((v & ~0x7F) != 0) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
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

    private void need(int bytes) throws IOException {
        if (at + bytes > buf.length) {
            throw new EOFException(String.format("tracker state ends at byte %d, %d more needed", buf.length,
                    at + bytes - buf.length));
        }
    }

    private static long positiveOrMax(long z) {
        return z < 0 ? Long.MAX_VALUE : z;
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long z) {
        return (z >>> 1) ^ -(z & 1);
    }
}
