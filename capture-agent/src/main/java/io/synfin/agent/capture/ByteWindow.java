package io.synfin.agent.capture;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A forward-only cursor over the bytes of a capture input that keeps at least the bytes of the current
 * record readable in one big-endian {@link ByteBuffer}, so the file readers parse records in place with
 * absolute gets and no per-record allocation.
 */
abstract class ByteWindow implements Closeable {

    /** Holds the bytes {@code [base, base + limit)} of the input; always big-endian. */
    protected ByteBuffer buffer;
    /** Index of the cursor in {@link #buffer}. */
    protected int position;
    /** End of the valid bytes in {@link #buffer}. */
    protected int limit;
    /** Input offset of buffer index 0. */
    protected long base;

    /** The buffer holding the readable bytes; it may be replaced by {@link #require}. */
    final ByteBuffer buffer() {
        return buffer;
    }

    /** Index of the cursor in {@link #buffer()}. */
    final int position() {
        return position;
    }

    /** Offset of the cursor from the start of the input. */
    final long offset() {
        return base + position;
    }

    /**
     * Makes at least {@code count} bytes readable at the cursor unless the input ends first.
     *
     * @return the bytes readable at the cursor: {@code >= count}, or fewer when the input ended
     */
    final int require(int count) throws IOException {
        int available = limit - position;
        return available >= count ? available : refill(count);
    }

    /** Moves the cursor forward over bytes made readable by {@link #require}. */
    final void advance(int count) {
        position += count;
    }

    /** Slow path of {@link #require}: brings more of the input into view. */
    protected abstract int refill(int count) throws IOException;
}
