package io.synfin.cli.bench;

import io.synfin.agent.capture.CaptureException;
import io.synfin.agent.capture.CaptureSource;
import io.synfin.agent.capture.FrameHandler;
import java.util.Arrays;

/**
 * A capture source that notes, per frame number, the wall time ({@link System#nanoTime}) at which the
 * agent's frame handler returned: the segment has then been decoded, paced and handed to the Kafka producer.
 */
final class PublishClock implements CaptureSource {

    private final CaptureSource source;
    private long[] nanosByFrame = new long[1 << 16];
    private volatile long firstNanos;
    private volatile long lastNanos;

    PublishClock(CaptureSource source) {
        this.source = source;
    }

    @Override
    public long run(FrameHandler handler) throws CaptureException {
        return source.run(frame -> {
            handler.onFrame(frame);
            long now = System.nanoTime();
            long number = frame.frameNumber();
            if (number >= nanosByFrame.length) {
                nanosByFrame = Arrays.copyOf(nanosByFrame, (int) Math.max(number + 1, nanosByFrame.length * 2L));
            }
            nanosByFrame[(int) number] = now;
            if (firstNanos == 0) {
                firstNanos = now;
            }
            lastNanos = now;
        });
    }

    /** When frame {@code number} was handed to the producer; call after {@link #run} returned. */
    long publishedNanos(long number) {
        return nanosByFrame[(int) number];
    }

    /** When the first frame was handed to the producer, or 0 before it was. */
    long firstNanos() {
        return firstNanos;
    }

    long lastNanos() {
        return lastNanos;
    }

    @Override
    public void stop() {
        source.stop();
    }

    @Override
    public String description() {
        return source.description();
    }

    @Override
    public void close() throws CaptureException {
        source.close();
    }
}
