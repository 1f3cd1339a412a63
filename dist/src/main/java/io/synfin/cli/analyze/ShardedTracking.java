package io.synfin.cli.analyze;

import io.synfin.agent.capture.CaptureException;
import io.synfin.core.TrackerConfig;
import io.synfin.core.flow.FlowKey;
import io.synfin.core.segment.Segment;
import io.synfin.core.state.FlowTable;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tracks decoded batches with two flow tables on two threads, each owning the connections whose key
 * hashes to it, the way the Flink job partitions connections by key. A connection's segments all reach
 * the same table in capture order and its timers follow capture time, so every record is the one a
 * single table makes; only the order in which the two tables emit them interleaves. Both tables run
 * their timers up to the last capture time before the end-of-input flush, as a single table would.
 */
final class ShardedTracking {

    /** A batch on its way to the second tracker, and how many trackers still use it. */
    private record Handed(DecodeAhead.Batch batch, AtomicInteger users) {}

    private static final Handed STOP = new Handed(null, null);

    private final FlowTable first;
    private final FlowTable second;
    private final BlockingQueue<Handed> toSecond = new ArrayBlockingQueue<>(8);
    private volatile Throwable secondFailure;
    private long lastMicros = Long.MIN_VALUE;
    private DecodeAhead ahead;

    ShardedTracking(TrackerConfig config, FlowTable.Sink sink) {
        this.first = new FlowTable(config, sink);
        this.second = new FlowTable(config, sink);
    }

    /** The table that owns a segment's connection: one bit of the key's hash, the same for both directions. */
    static int shard(Segment segment) {
        return FlowKey.tupleHash(segment) >>> 31;
    }

    /**
     * Tracks every batch of {@code ahead} to the end, then flushes both tables; the listener sees every
     * segment on the calling thread, in capture order. Returns the error that ended the input, if any.
     */
    CaptureException run(DecodeAhead ahead, Analysis.SegmentListener listener, long[] segments) {
        this.ahead = ahead;
        Thread worker = new Thread(this::trackSecond, "synfin-track-2");
        worker.setDaemon(true);
        worker.start();
        CaptureException error;
        try {
            error = trackFirst(listener, segments);
            put(STOP);
            // Both end-of-input flushes run at once, one per thread.
            first.advanceTo(lastMicros);
            first.finish();
        } catch (RuntimeException | Error e) {
            put(STOP);
            throw e;
        } finally {
            join(worker);
        }
        if (secondFailure instanceof RuntimeException e) {
            throw e;
        }
        if (secondFailure instanceof Error e) {
            throw e;
        }
        return error;
    }

    private CaptureException trackFirst(Analysis.SegmentListener listener, long[] segments) {
        while (true) {
            DecodeAhead.Batch batch = ahead.next();
            Handed handed = new Handed(batch, new AtomicInteger(2));
            put(handed);
            for (int i = 0; i < batch.size; i++) {
                Segment segment = batch.segments[i];
                if (segment == null) {
                    lastMicros = Math.max(lastMicros, batch.timestamps[i]);
                    first.advanceTo(batch.timestamps[i]);
                    continue;
                }
                lastMicros = Math.max(lastMicros, segment.tsMicros());
                segments[0]++;
                if (listener != null) {
                    listener.beforeSegment(segment, batch.frameNumbers[i], batch.fileOffsets[i]);
                }
                if (shard(segment) == 0) {
                    first.onSegment(segment);
                }
            }
            if (batch.last) {
                return batch.error;
            }
            done(handed);
            if (secondFailure != null) {
                return null;
            }
        }
    }

    /** The second thread: its share of every batch, then its flush once the first tracker says stop. */
    private void trackSecond() {
        boolean stopped = false;
        try {
            long last = Long.MIN_VALUE;
            for (Handed handed = take(); handed != STOP; handed = take()) {
                DecodeAhead.Batch batch = handed.batch();
                for (int i = 0; i < batch.size; i++) {
                    Segment segment = batch.segments[i];
                    long at = segment == null ? batch.timestamps[i] : segment.tsMicros();
                    last = Math.max(last, at);
                    if (segment == null) {
                        second.advanceTo(at);
                    } else if (shard(segment) == 1) {
                        second.onSegment(segment);
                    }
                }
                done(handed);
            }
            stopped = true;
            second.advanceTo(last);
            second.finish();
        } catch (Throwable e) {
            secondFailure = e;
            // Until the first tracker says stop, keep taking (and releasing) so it never blocks.
            for (Handed handed = stopped ? STOP : take(); handed != STOP; handed = take()) {
                done(handed);
            }
        }
    }

    /** Hands a batch back to the reader once both trackers are done with it (the last one is kept). */
    private void done(Handed handed) {
        if (handed.users().decrementAndGet() == 0 && !handed.batch().last) {
            ahead.recycle(handed.batch());
        }
    }

    private void put(Handed handed) {
        try {
            toSecond.put(handed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing frames to the second tracker", e);
        }
    }

    private Handed take() {
        try {
            return toSecond.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return STOP;
        }
    }

    private static void join(Thread worker) {
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
