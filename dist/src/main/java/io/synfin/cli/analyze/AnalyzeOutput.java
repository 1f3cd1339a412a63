package io.synfin.cli.analyze;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs an {@link Analysis} and writes it in one of {@code synfin analyze}'s output modes. */
public final class AnalyzeOutput {

    /** How results are printed. */
    public enum Mode {
        /** A readable table, one line per connection, then a summary. */
        TABLE,
        /** One JSON object per line, records and anomalies, with the Avro field names. */
        JSON,
        /** One connection as a sequence diagram. */
        LADDER
    }

    private AnalyzeOutput() {}

    /** Returns the process exit code: 0, 1 (no such uid for the ladder), 2 (corrupt input). */
    public static int run(Analysis analysis, String file, Mode mode, String uid, PrintStream out, PrintStream err) {
        long started = System.nanoTime();
        Analysis.Result result;
        switch (mode) {
            case LADDER -> {
                boolean found = Ladder.print(analysis, file, uid, out);
                out.flush();
                if (!found) {
                    err.println("synfin analyze: no connection with uid " + uid + " in " + file);
                    return 1;
                }
                return 0;
            }
            case JSON -> {
                JsonLines lines = new JsonLines(out);
                Progress progress = new Progress(size(file), err);
                result = analysis.run(file, lines, (segment, frame, offset) -> {
                    progress.beforeSegment(segment, frame, offset);
                    lines.beforeSegment(segment, frame, offset);
                });
                progress.finish();
            }
            default -> {
                TableRows table = new TableRows();
                Progress progress = new Progress(size(file), err);
                result = analysis.runSharded(file, table, progress);
                progress.finish();
                table.print(result, (System.nanoTime() - started) / 1e9, out);
            }
        }
        out.flush();
        if (!result.complete()) {
            err.println("synfin analyze: " + result.error().getMessage());
            return 2;
        }
        return 0;
    }

    private static long size(String file) {
        try {
            return "-".equals(file) ? -1 : Files.size(Path.of(file));
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
