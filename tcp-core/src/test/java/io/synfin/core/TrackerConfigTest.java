package io.synfin.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The defaults table in README-config.md and the code agree; bad settings fail fast. */
class TrackerConfigTest {

    @Test
    void readmeTableListsEverySettingWithItsDefault() throws IOException {
        List<String> rows = Files.readAllLines(Path.of("README-config.md")).stream()
                .filter(line -> line.startsWith("| `"))
                .toList();
        RecordComponent[] components = TrackerConfig.class.getRecordComponents();
        assertThat(rows).hasSameSizeAs(components);
        for (RecordComponent c : components) {
            String expected = "| `" + c.getName() + "` | " + format(value(c)) + " |";
            assertThat(rows).as(c.getName()).anySatisfy(row -> assertThat(row).startsWith(expected));
        }
    }

    private static Object value(RecordComponent c) {
        try {
            return c.getAccessor().invoke(TrackerConfig.DEFAULTS);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static String format(Object value) {
        if (value instanceof Duration d) {
            if (d.toHours() > 0 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0) {
                return d.toHours() + " h";
            }
            if (d.toMinutes() > 0 && d.toSecondsPart() == 0 && d.toSeconds() % 60 == 0 && d.toSeconds() >= 300) {
                return d.toMinutes() + " min";
            }
            return d.toSeconds() + " s";
        }
        return String.valueOf(value);
    }

    @Test
    void invalidSettingsNameTheSetting() {
        assertThatThrownBy(() -> TrackerConfig.DEFAULTS.withTimeWait(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeWait");
        assertThatThrownBy(() -> TrackerConfig.DEFAULTS.withInterimInterval(Duration.ofSeconds(-1)))
                .hasMessageContaining("interimInterval");
    }

    @Test
    void durationsConvertToMicros() {
        assertThat(TrackerConfig.DEFAULTS.handshakeTimeoutMicros()).isEqualTo(5_000_000);
        assertThat(TrackerConfig.DEFAULTS.withTimeWait(Duration.ofMinutes(4)).timeWaitMicros()).isEqualTo(240_000_000L);
    }
}
