package io.synfin.agent.publish;

import io.synfin.agent.capture.FrameHandler;
import io.synfin.agent.capture.RawFrame;
import io.synfin.agent.decode.DecodeStatus;
import io.synfin.agent.decode.DecodedSegment;
import io.synfin.agent.decode.SegmentDecoder;
import java.util.concurrent.locks.LockSupport;

/**
 * The agent's per-frame path on the capture thread: decode the headers, encode them as a single-object
 * {@code TcpSegment} (headers only: the record has no payload field) keyed by the canonical flow key (both
 * directions, one partition), and publish it with the capture time as the record timestamp.
 * Optionally paces a file replay to a multiple of the capture's own pace.
 */
public final class SegmentPipeline implements FrameHandler {

    private final SegmentDecoder decoder;
    private final SegmentEncoder encoder;
    private final SegmentPublisher publisher;
    private final AgentMetrics metrics;
    private final double speed;
    private final DecodedSegment segment = new DecodedSegment();
    private long firstCaptureNanos;
    private long firstWallNanos;
    private boolean started;

    /**
     * @param speed 0 for as fast as possible, else the replay runs at {@code speed} times the capture's pace
     */
    public SegmentPipeline(
            SegmentDecoder decoder,
            SegmentPublisher publisher,
            AgentMetrics metrics,
            int domain,
            int agentId,
            double speed) {
        if (speed < 0 || Double.isNaN(speed)) {
            throw new IllegalArgumentException("speed must be 0 (unpaced) or positive, got " + speed);
        }
        this.decoder = decoder;
        this.encoder = new SegmentEncoder(domain, agentId);
        this.publisher = publisher;
        this.metrics = metrics;
        this.speed = speed;
    }

    @Override
    public void onFrame(RawFrame frame) {
        metrics.countPacketRead();
        if (speed > 0) {
            pace(frame.timestampNanos());
        }
        if (decoder.decode(frame, segment) != DecodeStatus.OK) {
            return;
        }
        byte[] src = segment.copySrcAddr();
        byte[] dst = segment.copyDstAddr();
        publisher.publish(encoder.key(segment, src, dst), encoder.value(segment, src, dst),
                Math.floorDiv(segment.tsMicros(), 1000L));
    }

    /** Waits until the frame's capture offset, divided by the speed, has passed on the wall clock. */
    private void pace(long captureNanos) {
        long now = System.nanoTime();
        if (!started) {
            started = true;
            firstCaptureNanos = captureNanos;
            firstWallNanos = now;
            return;
        }
        long due = firstWallNanos + (long) ((captureNanos - firstCaptureNanos) / speed);
        // A capture that steps back in time is replayed at once, not waited for.
        while (due - now > 0) {
            LockSupport.parkNanos(due - now);
            now = System.nanoTime();
        }
    }
}
