package io.synfin.agent.capture;

/**
 * Where frames come from: a pcap or pcapng file, standard input, or a live interface. A source delivers
 * its frames to a {@link FrameHandler} on the calling thread, in capture order.
 */
public interface CaptureSource extends AutoCloseable {

    /**
     * Delivers every frame to {@code handler} until the input ends, {@link #stop()} is called, or the
     * input turns out to be corrupt. Frames before the damage are all delivered first.
     *
     * @return the number of frames delivered
     * @throws CaptureException when the input is corrupt or unreadable; it names the source and, for
     *     files, the byte offset of the damage
     */
    long run(FrameHandler handler) throws CaptureException;

    /** Asks a running {@link #run} to return after the current frame; safe from any thread. */
    void stop();

    /** A short human-readable name of the input, e.g. the file path or the interface name. */
    String description();

    @Override
    void close() throws CaptureException;
}
