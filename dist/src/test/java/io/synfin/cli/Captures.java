package io.synfin.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The project's real captures (testdata/, beside the modules) and small helpers to run tools on them. */
final class Captures {

    static final Path ROOT = Path.of("..", "testdata").toAbsolutePath().normalize();
    static final Path DECODER = ROOT.resolve("captures");
    static final Path SCENARIOS = DECODER.resolve("scenarios");

    private Captures() {}

    static Path decoderCapture(String name) {
        Path file = DECODER.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("missing capture " + file);
        }
        return file;
    }

    /** Runs a command (bounded to two minutes) and returns its standard output lines. */
    static List<String> run(List<String> command) {
        try {
            Path errors = Files.createTempFile("synfin-tool", ".err");
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            List<String> lines = new ArrayList<>();
            try (var reader = process.inputReader(StandardCharsets.UTF_8)) {
                reader.lines().forEach(lines::add);
            }
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " exited " + process.exitValue() + ": " + Files.readString(errors));
            }
            Files.deleteIfExists(errors);
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Output of a sub-command run in-process: exit code, stdout, stderr. */
    record Output(int exit, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    interface Body {
        int run(PrintStream out, PrintStream err);
    }

    static Output capture(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, false, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, false, StandardCharsets.UTF_8)) {
            exit = body.run(o, e);
        }
        return new Output(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
