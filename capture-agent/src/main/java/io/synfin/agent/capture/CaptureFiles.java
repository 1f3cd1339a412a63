package io.synfin.agent.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens a capture file by its contents: sniffs the magic number and returns a pcap or pcapng
 * {@link CaptureSource}. {@code "-"} reads standard input. Pure Java: no libpcap needed.
 */
public final class CaptureFiles {

    /** The name standard input goes by, as in tcpdump -r -. */
    public static final String STDIN = "-";

    /** How a file's bytes are brought in; standard input is always {@link #STREAM}. */
    public enum ReadMode {
        /** Memory-mapped in 1 GiB chunks. As fast as CHANNEL on pcap, slower on pcapng (README-capture.md). */
        MAPPED,
        /**
         * FileChannel reads into one reusable direct buffer: the default for regular files. It measured as
         * fast as or faster than mapping, and a file truncated while it is read gives a clean error where a
         * mapping faults.
         */
        CHANNEL,
        /** Sequential reads from an InputStream into one reusable heap buffer, as standard input is read. */
        STREAM
    }

    /** Reusable read buffer of the non-mapped modes; a larger record grows it once. */
    static final int BUFFER_SIZE = 1 << 20;
    private static final int MAGIC_LENGTH = 4;

    private CaptureFiles() {}

    /** Opens a pcap or pcapng file, or standard input for {@code "-"}. */
    public static CaptureSource open(String pathOrDash) throws CaptureException {
        if (STDIN.equals(pathOrDash)) {
            return open(System.in, "stdin");
        }
        return open(Path.of(pathOrDash), ReadMode.CHANNEL);
    }

    /** Opens a file with an explicit {@link ReadMode} (benchmarks and tests compare them). */
    public static CaptureSource open(Path path, ReadMode mode) throws CaptureException {
        return open(path, mode, mode == ReadMode.MAPPED ? MappedWindow.DEFAULT_CHUNK : BUFFER_SIZE);
    }

    /** @param windowSize the mapping chunk ({@link ReadMode#MAPPED}) or the initial buffer size */
    static CaptureSource open(Path path, ReadMode mode, int windowSize) throws CaptureException {
        String name = path.toString();
        ByteWindow window;
        try {
            window = switch (mode) {
                case MAPPED -> new MappedWindow(FileChannel.open(path, StandardOpenOption.READ), windowSize);
                case CHANNEL -> StreamWindow.of(FileChannel.open(path, StandardOpenOption.READ), windowSize);
                case STREAM -> StreamWindow.of(Files.newInputStream(path), windowSize, true);
            };
        } catch (NoSuchFileException e) {
            throw new CaptureException(name, "no such file", e);
        } catch (IOException e) {
            throw new CaptureException(name, "cannot open: " + e, e);
        }
        return sniff(name, window);
    }

    /**
     * Reads a capture from a stream; byte offsets in errors count from the stream's start. The stream is
     * not closed by {@link CaptureSource#close()}: the caller owns it (standard input stays open).
     */
    public static CaptureSource open(InputStream in, String name) throws CaptureException {
        return sniff(name, StreamWindow.of(in, BUFFER_SIZE, false));
    }

    private static CaptureSource sniff(String name, ByteWindow window) throws CaptureException {
        try {
            int available = window.require(MAGIC_LENGTH);
            if (available == 0) {
                throw new CaptureException(name, 0, "empty file");
            }
            if (available < MAGIC_LENGTH) {
                throw new CaptureException(name, 0, "truncated: " + available + " bytes, too short for a magic number");
            }
            int magic = window.buffer().getInt(window.position());
            if (magic == PcapngFileSource.SECTION_HEADER_TYPE) {
                return new PcapngFileSource(name, window);
            }
            if (isPcapMagic(magic) || isPcapMagic(Integer.reverseBytes(magic))) {
                return new PcapFileSource(name, window);
            }
            throw new CaptureException(name, 0, String.format("not a pcap or pcapng file: magic 0x%08x", magic));
        } catch (CaptureException e) {
            closeQuietly(window, e);
            throw e;
        } catch (IOException e) {
            CaptureException failure = new CaptureException(name, "read failed: " + e, e);
            closeQuietly(window, failure);
            throw failure;
        }
    }

    private static boolean isPcapMagic(int magic) {
        return magic == PcapFileSource.MAGIC_MICROS || magic == PcapFileSource.MAGIC_NANOS;
    }

    private static void closeQuietly(ByteWindow window, CaptureException failure) {
        try {
            window.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
