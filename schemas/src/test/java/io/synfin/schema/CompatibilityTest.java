package io.synfin.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every published version of each wire schema, frozen under {@code schema-history/<Name>/v<N>.avsc}, must
 * stay mutually compatible with today's schema: today's consumers read old records and old consumers read
 * today's records. Releasing a schema change means adding its frozen copy as the next version.
 */
class CompatibilityTest {

    static Stream<Schema> currentSchemas() {
        return Stream.of(TcpSegment.getClassSchema(), ConnectionRecord.getClassSchema(), TcpAnomaly.getClassSchema());
    }

    @ParameterizedTest
    @MethodSource("currentSchemas")
    void everyFrozenVersionAndTodaysSchemaReadEachOther(Schema current) throws IOException, URISyntaxException {
        List<Path> versions = frozenVersions(current.getName());
        assertThat(versions).as("frozen versions of %s", current.getName()).isNotEmpty();

        for (Path version : versions) {
            Schema frozen = parse(version);
            assertThat(frozen.getFullName()).isEqualTo(current.getFullName());
            assertCompatible(SchemaCompatibility.checkReaderWriterCompatibility(current, frozen), version, "reads");
            assertCompatible(SchemaCompatibility.checkReaderWriterCompatibility(frozen, current), version, "is read by");
        }
    }

    @ParameterizedTest
    @MethodSource("currentSchemas")
    void noFieldOfAFrozenVersionIsEverRemoved(Schema current) throws IOException, URISyntaxException {
        // Removing a field with a default stays "compatible", but an old consumer would then silently read
        // the default instead of the data; SynFin keeps every published field.
        List<String> today = current.getFields().stream().map(Schema.Field::name).toList();
        for (Path version : frozenVersions(current.getName())) {
            assertThat(parse(version).getFields()).extracting(Schema.Field::name).as("fields of %s", version)
                    .isSubsetOf(today);
        }
    }

    private static void assertCompatible(SchemaPairCompatibility result, Path version, String relation) {
        assertThat(result.getType())
                .as("today's schema %s %s: %s", relation, version, result.getResult().getIncompatibilities())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    private static List<Path> frozenVersions(String name) throws IOException, URISyntaxException {
        URL dir = CompatibilityTest.class.getResource("/schema-history/" + name);
        assertThat(dir).as("schema-history/%s in the test resources", name).isNotNull();
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            return files.filter(f -> f.getFileName().toString().matches("v\\d+\\.avsc"))
                    .sorted((a, b) -> Integer.compare(versionOf(a), versionOf(b)))
                    .toList();
        }
    }

    private static int versionOf(Path file) {
        String name = file.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.length() - ".avsc".length()));
    }

    private static Schema parse(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new Schema.Parser().parse(in);
        }
    }
}
