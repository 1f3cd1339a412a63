package io.synfin.agent.capture;

import java.io.IOException;

/**
 * What the pcap and pcapng readers share: the byte window over the input, the one reusable
 * {@link RawFrame}, the stop flag, and errors that name the input and the byte offset.
 */
abstract class FileCaptureSource implements CaptureSource {

    /** Sanity bound on one record, as libpcap and Wireshark bound it (256 MiB), whatever the header says. */
    static final int MAX_RECORD_LENGTH = 256 * 1024 * 1024;

    protected final String name;
    protected final ByteWindow window;
    protected final RawFrame frame = new RawFrame();
    protected long frameCount;
    private volatile boolean stopped;

    FileCaptureSource(String name, ByteWindow window) {
        this.name = name;
        this.window = window;
    }

    @Override
    public final long run(FrameHandler handler) throws CaptureException {
        long before = frameCount;
        stopped = false;
        try {
            while (!stopped && readRecord(handler)) {
                // readRecord delivers at most one frame per call, so stop() takes effect between frames.
            }
        } catch (IOException e) {
            throw new CaptureException(name, "read failed at byte offset " + window.offset() + ": " + e, e);
        }
        return frameCount - before;
    }

    /**
     * Reads the next record at the cursor and delivers it if it is a frame.
     *
     * @return false at the clean end of the input
     */
    protected abstract boolean readRecord(FrameHandler handler) throws IOException, CaptureException;

    @Override
    public final void stop() {
        stopped = true;
    }

    @Override
    public final String description() {
        return name;
    }

    /** Frames delivered so far by every {@link #run}. */
    public final long frameCount() {
        return frameCount;
    }

    protected final CaptureException corrupt(long offset, String reason) {
        return new CaptureException(name, offset, reason);
    }

    @Override
    public final void close() throws CaptureException {
        try {
            window.close();
        } catch (IOException e) {
            throw new CaptureException(name, "close failed: " + e, e);
        }
    }
}
