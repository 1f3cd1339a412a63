package io.synfin.cli.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-built table rows must equal what the format string they replaced printed. */
class ConnectionTableTest {

    private static final String ROW = "%-26s  %-45s  %-6s  %-19s  %11s  %19s  %10s  %3s  %s%n";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    @Test
    void rowsPadLikeTheFormatString() {
        String[][] rows = {
            {"start (UTC)", "originator -> responder", "state", "close", "pkts o/r", "bytes o/r", "duration", "anm",
                "uid"},
            {"2026-01-01 00:00:00.000001", "10.0.0.1:40000 -> 192.168.1.1:80", "SF", "FOUR_WAY", "12/9",
                "612/8688", "0.105003", "0", "CAbc123"},
            // wider than their columns: nothing is cut
            {"x", "[2001:db8:ffff:ffff:ffff:ffff:ffff:ffff]:65535 -> [2001:db8::1]:443", "RSTOS0",
                "RESET_BY_ORIGINATOR_X", "123456789012/1", "12345678901234567890/1", "12345678.123456", "1234",
                ""},
        };
        for (String[] columns : rows) {
            StringBuilder line = new StringBuilder();
            ConnectionTable.row(line, columns);
            assertThat(line.toString()).isEqualTo(String.format(Locale.ROOT, ROW, (Object[]) columns));
        }
    }

    @Test
    void secondsMatchSixDecimalFormatting() {
        SplittableRandom random = new SplittableRandom(7);
        long[] edges = {0, 1, 999_999, 1_000_000, 1_000_001, 86_400_000_000L, 4_000_000_000_000L};
        for (long micros : edges) {
            assertThat(ConnectionTable.seconds(micros)).isEqualTo(String.format(Locale.ROOT, "%.6f", micros / 1e6));
        }
        for (int i = 0; i < 10_000; i++) {
            long micros = random.nextLong(1L << 40);
            assertThat(ConnectionTable.seconds(micros)).isEqualTo(String.format(Locale.ROOT, "%.6f", micros / 1e6));
        }
        assertThat(ConnectionTable.seconds(-1_500_000)).isEqualTo("-1.500000");
    }

    @Test
    void startTimesMatchTheFullFormatterInAnyOrder() {
        ConnectionTable.StartTimes times = new ConnectionTable.StartTimes();
        SplittableRandom random = new SplittableRandom(11);
        long base = 1_767_225_600_000_000L;
        long[] samples = new long[2_000];
        for (int i = 0; i < samples.length; i++) {
            // mostly increasing within a few seconds, with jumps back, across midnight and before 1970
            samples[i] = i % 97 == 0 ? -random.nextLong(1L << 45) : base + random.nextLong(-3_000_000, 3_000_000);
        }
        for (long micros : samples) {
            assertThat(times.format(micros)).isEqualTo(TIME.format(Instant.ofEpochSecond(0, micros * 1000)));
        }
    }
}
