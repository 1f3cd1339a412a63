package io.synfin.agent.capture;

/**
 * A capture input that cannot be read on: a corrupt or truncated file, an unknown format, an interface
 * that cannot be opened. The message names the source and, for files, the byte offset of the damage.
 */
public class CaptureException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final long offset;

    /** An error at a byte offset of a file. */
    public CaptureException(String source, long offset, String reason) {
        super(String.format("%s: at byte offset %d: %s", source, offset, reason));
        this.source = source;
        this.offset = offset;
    }

    /** An error with no file offset (live capture, an unopenable input). */
    public CaptureException(String source, String reason, Throwable cause) {
        super(String.format("%s: %s", source, reason), cause);
        this.source = source;
        this.offset = -1;
    }

    public String source() {
        return source;
    }

    /** Byte offset of the damage in the file, or -1 when there is none. */
    public long offset() {
        return offset;
    }
}
