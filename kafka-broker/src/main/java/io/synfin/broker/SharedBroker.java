package io.synfin.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The one embedded broker of a test JVM: started on first use in a temporary directory, stopped and
 * deleted when the JVM exits. Integration tests share it (one broker start per JVM, STACK.md §6.11) and
 * keep apart by topic names.
 */
public final class SharedBroker {

    private static EmbeddedKafkaBroker broker;

    private SharedBroker() {}

    /** The running shared broker, started if this is the first call (or restarted if a test stopped it). */
    public static synchronized EmbeddedKafkaBroker get() {
        if (broker == null) {
            Path dir;
            try {
                dir = Files.createTempDirectory("synfin-broker-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            broker = EmbeddedKafkaBroker.start(dir, 0);
            EmbeddedKafkaBroker started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                deleteTree(dir);
            }, "synfin-shared-broker-stop"));
        }
        broker.start();
        return broker;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp directory left behind at exit is harmless.
        }
    }
}
