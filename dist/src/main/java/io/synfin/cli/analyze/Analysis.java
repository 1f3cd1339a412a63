package io.synfin.cli.analyze;

import io.synfin.agent.capture.CaptureException;
import io.synfin.agent.capture.CaptureFiles;
import io.synfin.agent.capture.CaptureSource;
import io.synfin.agent.decode.DecodeCounters;
import io.synfin.agent.decode.DecodeStatus;
import io.synfin.agent.decode.DecodedSegment;
import io.synfin.agent.decode.SegmentDecoder;
import io.synfin.core.TrackerConfig;
import io.synfin.core.segment.Segment;
import io.synfin.core.state.FlowTable;
import java.util.Objects;

/**
 * The offline path of {@code synfin analyze}: capture file → header decoder → the same connection
 * tracker the Flink job runs, with timers driven by capture time and every connection flushed at the
 * end of the input. No Kafka, no Flink.
 */
public final class Analysis {

    /** Sees each segment just before the tracker does (the ladder and the progress bar use it). */
    public interface SegmentListener {
        void beforeSegment(Segment segment, long frameNumber, long fileOffset);
    }

    /**
     * What one run read.
     *
     * @param frames frames read from the file
     * @param segments TCP segments given to the tracker
     * @param counters decode outcome per status
     * @param error the capture error that ended the input early, or null when the file was whole
     */
    public record Result(long frames, long segments, DecodeCounters counters, CaptureException error) {
        public boolean complete() {
            return error == null;
        }
    }

    private final TrackerConfig config;
    private final boolean verifyChecksums;
    private final int domain;

    public Analysis(TrackerConfig config, boolean verifyChecksums, int domain) {
        this.config = Objects.requireNonNull(config, "config");
        this.verifyChecksums = verifyChecksums;
        this.domain = domain;
    }

    /**
     * Analyzes {@code file} ({@code -} for standard input), sending records and anomalies to {@code sink}.
     * A corrupt file still ends with every connection seen so far flushed; the error is in the result.
     */
    public Result run(String file, FlowTable.Sink sink, SegmentListener listener) {
        return run(file, sink, listener, Runtime.getRuntime().availableProcessors() > 1);
    }

    /**
     * As {@link #run(String, FlowTable.Sink, SegmentListener)}, with connections split over two trackers
     * on two threads ({@link ShardedTracking}) when the machine has more than one core: the same records
     * and anomalies, emitted from both threads in an order that varies from run to run. The sink must be
     * thread-safe; the listener is called on the caller's thread for every segment, in capture order.
     */
    public Result runSharded(String file, FlowTable.Sink sink, SegmentListener listener) {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            return run(file, sink, listener, false);
        }
        SegmentDecoder decoder = new SegmentDecoder(verifyChecksums);
        long[] segments = {0};
        CaptureException error;
        try (CaptureSource source = CaptureFiles.open(file);
                DecodeAhead ahead = new DecodeAhead(source, decoder, domain)) {
            error = new ShardedTracking(config, sink).run(ahead, listener, segments);
        } catch (CaptureException e) {
            // Opening the file failed: nothing was read, nothing is tracked.
            error = e;
        }
        return new Result(decoder.counters().total(), segments[0], decoder.counters(), error);
    }

    /**
     * As {@link #run(String, FlowTable.Sink, SegmentListener)}; with {@code decodeAhead} the file is read
     * and decoded on a second thread ({@link DecodeAhead}), with the same result.
     */
    Result run(String file, FlowTable.Sink sink, SegmentListener listener, boolean decodeAhead) {
        FlowTable table = new FlowTable(config, sink);
        SegmentDecoder decoder = new SegmentDecoder(verifyChecksums);
        long[] segments = {0};
        CaptureException error = null;
        try (CaptureSource source = CaptureFiles.open(file)) {
            if (decodeAhead) {
                error = trackAhead(source, decoder, table, listener, segments);
            } else {
                DecodedSegment decoded = new DecodedSegment();
                source.run(frame -> {
                    if (decoder.decode(frame, decoded) != DecodeStatus.OK) {
                        // Timers still follow capture time when a frame carries no TCP segment.
                        table.advanceTo(frame.timestampMicros());
                        return;
                    }
                    Segment segment = decoded.toSegment(domain);
                    if (listener != null) {
                        listener.beforeSegment(segment, frame.frameNumber(), frame.fileOffset());
                    }
                    table.onSegment(segment);
                    segments[0]++;
                });
            }
        } catch (CaptureException e) {
            error = e;
        }
        table.finish();
        return new Result(decoder.counters().total(), segments[0], decoder.counters(), error);
    }

    /** Tracks the batches a {@link DecodeAhead} reader hands over; returns the error that ended the input. */
    private CaptureException trackAhead(CaptureSource source, SegmentDecoder decoder, FlowTable table,
            SegmentListener listener, long[] segments) {
        try (DecodeAhead ahead = new DecodeAhead(source, decoder, domain)) {
            while (true) {
                DecodeAhead.Batch batch = ahead.next();
                for (int i = 0; i < batch.size; i++) {
                    Segment segment = batch.segments[i];
                    if (segment == null) {
                        table.advanceTo(batch.timestamps[i]);
                        continue;
                    }
                    if (listener != null) {
                        listener.beforeSegment(segment, batch.frameNumbers[i], batch.fileOffsets[i]);
                    }
                    table.onSegment(segment);
                    segments[0]++;
                }
                if (batch.last) {
                    return batch.error;
                }
                ahead.recycle(batch);
            }
        }
    }
}
