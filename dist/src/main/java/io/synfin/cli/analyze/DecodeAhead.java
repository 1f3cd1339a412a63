package io.synfin.cli.analyze;

import io.synfin.agent.capture.CaptureException;
import io.synfin.agent.capture.CaptureSource;
import io.synfin.agent.decode.DecodeStatus;
import io.synfin.agent.decode.DecodedSegment;
import io.synfin.agent.decode.SegmentDecoder;
import io.synfin.core.segment.Segment;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads and decodes a capture on a thread of its own, handing the frames over in batches and in
 * capture order, so that reading and decoding (about a quarter of an analysis) overlap with tracking on
 * a second core. The tracker itself stays on the caller's thread: its output order does not change.
 */
final class DecodeAhead implements AutoCloseable {

    /** Frames per batch: large enough that the hand-over costs nothing per frame. */
    static final int BATCH = 1024;
    /** Batches in flight: the reader runs at most this far ahead, so memory stays bounded. */
    private static final int AHEAD = 8;

    /** Up to {@link #BATCH} frames in capture order; the last batch of a run says how it ended. */
    static final class Batch {
        /** The frame's segment, or null when it carried none (its time still moves the timers). */
        final Segment[] segments = new Segment[BATCH];
        final long[] timestamps = new long[BATCH];
        final long[] frameNumbers = new long[BATCH];
        final long[] fileOffsets = new long[BATCH];
        int size;
        boolean last;
        CaptureException error;
        /** A bug met by the reader thread, rethrown on the tracking thread. */
        Throwable failure;

        void clear() {
            Arrays.fill(segments, 0, size, null);
            size = 0;
        }
    }

    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(AHEAD);
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(AHEAD + 2);
    private final CaptureSource source;
    private final SegmentDecoder decoder;
    private final int domain;
    private final Thread reader;
    private volatile boolean cancelled;

    DecodeAhead(CaptureSource source, SegmentDecoder decoder, int domain) {
        this.source = source;
        this.decoder = decoder;
        this.domain = domain;
        for (int i = 0; i < AHEAD + 2; i++) {
            free.add(new Batch());
        }
        this.reader = new Thread(this::read, "synfin-decode");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * The next batch, blocking until the reader has one; hand it back with {@link #recycle} once used.
     * A failure of the reader thread is rethrown here.
     */
    Batch next() {
        try {
            Batch batch = full.take();
            if (batch.failure instanceof RuntimeException e) {
                throw e;
            }
            if (batch.failure instanceof Error e) {
                throw e;
            }
            return batch;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for decoded frames", e);
        }
    }

    void recycle(Batch batch) {
        batch.clear();
        free.offer(batch);
    }

    private void read() {
        DecodedSegment decoded = new DecodedSegment();
        Batch[] open = {take()};
        Batch end;
        try {
            source.run(frame -> {
                Batch batch = open[0];
                if (batch == null) {
                    return;
                }
                int i = batch.size;
                if (decoder.decode(frame, decoded) == DecodeStatus.OK) {
                    batch.segments[i] = decoded.toSegment(domain);
                } else {
                    batch.timestamps[i] = frame.timestampMicros();
                }
                batch.frameNumbers[i] = frame.frameNumber();
                batch.fileOffsets[i] = frame.fileOffset();
                batch.size = i + 1;
                if (batch.size == BATCH) {
                    open[0] = hand(batch) ? take() : null;
                    if (open[0] == null) {
                        source.stop();
                    }
                }
            });
            end = open[0];
        } catch (CaptureException e) {
            end = open[0];
            if (end != null) {
                end.error = e;
            }
        } catch (RuntimeException | Error e) {
            end = open[0] != null ? open[0] : new Batch();
            end.failure = e;
        }
        if (end != null) {
            end.last = true;
            hand(end);
        }
    }

    /** The next empty batch, or null once the run was cancelled. */
    private Batch take() {
        try {
            while (!cancelled) {
                Batch batch = free.poll(100, TimeUnit.MILLISECONDS);
                if (batch != null) {
                    return batch;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** Queues a filled batch; false once the run was cancelled. */
    private boolean hand(Batch batch) {
        try {
            while (!cancelled) {
                if (full.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Stops the reader when the caller gave up early (an exception while tracking) and waits for it. */
    @Override
    public void close() {
        cancelled = true;
        source.stop();
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
