package io.synfin.agent.capture;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * A {@link ByteWindow} that reads an input sequentially into one reusable buffer, compacting it when a
 * record crosses its end. Works for anything readable: files, pipes, standard input.
 */
final class StreamWindow extends ByteWindow {

    /** Set when reading a channel into a direct buffer. */
    private final ReadableByteChannel channel;
    /** Set when reading a stream straight into a heap buffer's array (no 8 KiB channel adapter). */
    private final InputStream stream;
    private final Closeable owned;
    private boolean ended;

    private StreamWindow(ReadableByteChannel channel, InputStream stream, ByteBuffer buffer, Closeable owned) {
        this.channel = channel;
        this.stream = stream;
        this.owned = owned;
        this.buffer = buffer;
    }

    /** Reads a channel into a direct buffer of {@code bufferSize} bytes; closes the channel on close. */
    static StreamWindow of(ReadableByteChannel channel, int bufferSize) {
        return new StreamWindow(channel, null, ByteBuffer.allocateDirect(bufferSize), channel);
    }

    /** Reads a stream into a heap buffer; closes the stream on close only if {@code owned}. */
    static StreamWindow of(InputStream stream, int bufferSize, boolean owned) {
        return new StreamWindow(null, stream, ByteBuffer.allocate(bufferSize), owned ? stream : null);
    }

    @Override
    protected int refill(int count) throws IOException {
        int available = limit - position;
        if (ended) {
            return available;
        }
        if (buffer.capacity() < count) {
            // A record larger than the buffer (bounded by the readers' 256 MiB sanity limit): grow once.
            ByteBuffer larger = buffer.isDirect()
                    ? ByteBuffer.allocateDirect(Math.max(count, buffer.capacity() * 2))
                    : ByteBuffer.allocate(Math.max(count, buffer.capacity() * 2));
            larger.put(0, buffer, position, available);
            buffer = larger;
        } else if (position > 0) {
            buffer.limit(limit).position(position);
            buffer.compact();
        }
        base += position;
        position = 0;
        limit = available;
        while (limit < count) {
            int read = read();
            if (read < 0) {
                ended = true;
                break;
            }
            limit += read;
        }
        buffer.clear();
        return limit;
    }

    /** Reads as much as fits after {@link #limit}; -1 at the end of the input. */
    private int read() throws IOException {
        if (stream != null) {
            return stream.read(buffer.array(), limit, buffer.capacity() - limit);
        }
        buffer.limit(buffer.capacity()).position(limit);
        return channel.read(buffer);
    }

    @Override
    public void close() throws IOException {
        if (owned != null) {
            owned.close();
        }
    }
}
