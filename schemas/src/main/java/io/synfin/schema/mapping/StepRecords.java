package io.synfin.schema.mapping;

import io.synfin.core.anomaly.Anomaly;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.segment.Segment;
import io.synfin.core.state.Step;
import io.synfin.core.state.TrackerEvent;
import io.synfin.schema.ConnectionRecord;
import io.synfin.schema.TcpAnomaly;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire records of one tracker {@link Step}, for callers that drive the tracker directly (the Flink
 * function): it pairs each finding with what places it, the step's segment or, for a timer finding, the
 * record of the connection the timer ended.
 *
 * @param records connection records (final and interim), in the order the tracker emitted them
 * @param anomalies findings, in the order the tracker emitted them
 */
public record StepRecords(List<ConnectionRecord> records, List<TcpAnomaly> anomalies) {

    public StepRecords {
        records = List.copyOf(records);
        anomalies = List.copyOf(anomalies);
    }

    /**
     * Maps {@code step}, the result of {@code cause} ({@code onSegment}), or of a timer or end of input
     * when {@code cause} is null. State changes are not wire records and are left out.
     *
     * @throws IllegalStateException when a timer finding's connection has no record in the same step,
     *     which the tracker guarantees (a timer finding always ends its connection)
     */
    public static StepRecords of(Step step, Segment cause) {
        return of(step.events(), cause);
    }

    /** As {@link #of(Step, Segment)}, for the events of one tracker call gathered by its consumer. */
    public static StepRecords of(List<? extends TrackerEvent> events, Segment cause) {
        List<ConnectionRecord> records = new ArrayList<>();
        List<TcpAnomaly> anomalies = new ArrayList<>();
        for (TrackerEvent event : events) {
            if (event instanceof TrackerEvent.ConnectionEnded ended) {
                records.add(CoreRecords.toAvro(ended.summary()));
            } else if (event instanceof TrackerEvent.InterimRecord interim) {
                records.add(CoreRecords.toAvro(interim.summary()));
            } else if (event instanceof TrackerEvent.AnomalyFound found) {
                Anomaly anomaly = found.anomaly();
                anomalies.add(cause != null
                        ? CoreRecords.toAvro(anomaly, cause)
                        : CoreRecords.toAvro(anomaly, recordOf(events, anomaly)));
            }
        }
        return new StepRecords(records, anomalies);
    }

    private static ConnectionSummary recordOf(List<? extends TrackerEvent> events, Anomaly anomaly) {
        for (TrackerEvent event : events) {
            ConnectionSummary summary = event instanceof TrackerEvent.ConnectionEnded ended ? ended.summary()
                    : event instanceof TrackerEvent.InterimRecord interim ? interim.summary() : null;
            if (summary != null && summary.uid().equals(anomaly.uid())) {
                return summary;
            }
        }
        throw new IllegalStateException(String.format(
                "%s of connection %s came from a timer but the step has no record of that connection",
                anomaly.type(), anomaly.uid()));
    }
}
