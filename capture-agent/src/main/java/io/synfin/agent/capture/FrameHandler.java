package io.synfin.agent.capture;

/** Receives frames from a {@link CaptureSource}. */
@FunctionalInterface
public interface FrameHandler {

    /**
     * Called once per frame. The {@link RawFrame} and its buffer are reused for the next frame: copy
     * what must outlive the call.
     */
    void onFrame(RawFrame frame);
}
