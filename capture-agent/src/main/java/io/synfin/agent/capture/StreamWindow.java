package io.synfin.agent.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * A {@link ByteWindow} that reads a channel sequentially into one reusable buffer, compacting it when
 * a record crosses its end. Works for anything readable: files, pipes, standard input.
 */
final class StreamWindow extends ByteWindow {

    private final ReadableByteChannel channel;
    private final boolean closeChannel;
    private final boolean direct;
    private boolean ended;

    StreamWindow(ReadableByteChannel channel, int bufferSize, boolean direct, boolean closeChannel) {
        this.channel = channel;
        this.closeChannel = closeChannel;
        this.direct = direct;
        this.buffer = allocate(bufferSize);
    }

    @Override
    protected int refill(int count) throws IOException {
        int available = limit - position;
        if (ended) {
            return available;
        }
        if (buffer.capacity() < count) {
            // A record larger than the buffer (bounded by the readers' 256 MiB sanity limit): grow once.
            ByteBuffer larger = allocate(Math.max(count, buffer.capacity() * 2));
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
            buffer.limit(buffer.capacity()).position(limit);
            int read = channel.read(buffer);
            if (read < 0) {
                ended = true;
                break;
            }
            limit += read;
        }
        buffer.clear();
        return limit;
    }

    private ByteBuffer allocate(int size) {
        return direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
    }

    @Override
    public void close() throws IOException {
        if (closeChannel) {
            channel.close();
        }
    }
}
