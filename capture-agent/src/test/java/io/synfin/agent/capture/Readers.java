package io.synfin.agent.capture;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Every way the tests open capture bytes: each {@link CaptureFiles.ReadMode}, tiny windows that force
 * a remap or a compaction at almost every record, and an input stream as standard input is read.
 */
enum Readers {
    MAPPED,
    MAPPED_TINY_CHUNKS,
    CHANNEL,
    CHANNEL_TINY_BUFFER,
    STREAM,
    INPUT_STREAM;

    /** Every reader with each byte order, for tests that take {@code (Readers, ByteOrder)}. */
    static Stream<Arguments> withBothByteOrders() {
        List<Arguments> all = new ArrayList<>();
        for (Readers reader : values()) {
            all.add(Arguments.of(reader, ByteOrder.BIG_ENDIAN));
            all.add(Arguments.of(reader, ByteOrder.LITTLE_ENDIAN));
        }
        return all.stream();
    }

    /** Small enough that records cross a window boundary; the windows grow for larger records. */
    private static final int TINY_WINDOW = 40;

    CaptureSource open(byte[] bytes, Path dir) throws CaptureException {
        if (this == INPUT_STREAM) {
            return CaptureFiles.open(new ByteArrayInputStream(bytes), "stdin");
        }
        Path file = dir.resolve(name() + ".cap");
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return switch (this) {
            case MAPPED -> CaptureFiles.open(file, CaptureFiles.ReadMode.MAPPED);
            case MAPPED_TINY_CHUNKS -> CaptureFiles.open(file, CaptureFiles.ReadMode.MAPPED, TINY_WINDOW);
            case CHANNEL -> CaptureFiles.open(file, CaptureFiles.ReadMode.CHANNEL);
            case CHANNEL_TINY_BUFFER -> CaptureFiles.open(file, CaptureFiles.ReadMode.CHANNEL, TINY_WINDOW);
            case STREAM -> CaptureFiles.open(file, CaptureFiles.ReadMode.STREAM);
            default -> throw new IllegalStateException(name());
        };
    }

    /** Opens, reads everything into a {@link FrameLog}, closes. */
    FrameLog readAll(byte[] bytes, Path dir) throws CaptureException {
        FrameLog log = new FrameLog();
        try (CaptureSource source = open(bytes, dir)) {
            source.run(log);
        }
        return log;
    }
}
