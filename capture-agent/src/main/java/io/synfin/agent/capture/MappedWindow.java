package io.synfin.agent.capture;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * A {@link ByteWindow} over a memory-mapped file, mapped in chunks so files larger than the 2 GiB
 * limit of one mapping work: when a record crosses the end of a chunk, the next chunk is mapped from
 * the record's first byte.
 */
final class MappedWindow extends ByteWindow {

    /** Default chunk: far above the largest record the readers accept (256 MiB plus headers). */
    static final int DEFAULT_CHUNK = 1 << 30;

    private final FileChannel channel;
    private final long size;
    private final int chunk;

    MappedWindow(FileChannel channel, int chunk) throws IOException {
        this.channel = channel;
        this.size = channel.size();
        this.chunk = chunk;
        map(0, chunk);
    }

    @Override
    protected int refill(int count) throws IOException {
        long start = base + position;
        if (start + limit - position >= size) {
            return limit - position;
        }
        map(start, count);
        return limit;
    }

    private void map(long start, int atLeast) throws IOException {
        int length = (int) Math.min(Math.max(chunk, atLeast), size - start);
        buffer = channel.map(FileChannel.MapMode.READ_ONLY, start, length);
        base = start;
        position = 0;
        limit = length;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
