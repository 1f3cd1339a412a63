package io.synfin.schema;

import java.util.List;
import java.util.Objects;

/**
 * The names of SynFin's Kafka topics (SPEC §1): one immutable set, the defaults from {@link #defaults()},
 * each overridable with a {@code with…} copy.
 */
public record Topics(String segments, String connections, String anomalies, String deadLetter) {

    public static final String SEGMENTS = "tcp.segments";
    public static final String CONNECTIONS = "tcp.connections";
    public static final String ANOMALIES = "tcp.anomalies";
    public static final String DEAD_LETTER = "tcp.deadletter";

    public Topics {
        requireName(segments, "segments");
        requireName(connections, "connections");
        requireName(anomalies, "anomalies");
        requireName(deadLetter, "deadLetter");
    }

    public static Topics defaults() {
        return new Topics(SEGMENTS, CONNECTIONS, ANOMALIES, DEAD_LETTER);
    }

    public Topics withSegments(String name) {
        return new Topics(name, connections, anomalies, deadLetter);
    }

    public Topics withConnections(String name) {
        return new Topics(segments, name, anomalies, deadLetter);
    }

    public Topics withAnomalies(String name) {
        return new Topics(segments, connections, name, deadLetter);
    }

    public Topics withDeadLetter(String name) {
        return new Topics(segments, connections, anomalies, name);
    }

    /** Every topic, segments first. */
    public List<String> all() {
        return List.of(segments, connections, anomalies, deadLetter);
    }

    private static void requireName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isBlank()) {
            throw new IllegalArgumentException(what + " topic name is blank");
        }
    }
}
