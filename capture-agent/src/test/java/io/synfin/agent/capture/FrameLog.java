package io.synfin.agent.capture;

import java.util.ArrayList;
import java.util.List;

/** A {@link FrameHandler} for tests that copies what each delivered frame said. */
final class FrameLog implements FrameHandler {

    /** One delivered frame, copied out of the reused {@link RawFrame}. */
    record Seen(int linkType, int interfaceId, long timestampNanos, byte[] bytes, int originalLength,
            long frameNumber, long fileOffset) {}

    final List<Seen> frames = new ArrayList<>();

    @Override
    public void onFrame(RawFrame frame) {
        frames.add(new Seen(frame.linkType(), frame.interfaceId(), frame.timestampNanos(), frame.copyBytes(),
                frame.originalLength(), frame.frameNumber(), frame.fileOffset()));
    }
}
