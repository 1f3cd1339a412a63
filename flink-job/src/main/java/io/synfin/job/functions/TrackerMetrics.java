package io.synfin.job.functions;

import io.synfin.schema.AnomalyType;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/** The tracker's metrics in Flink's metric system: segments in, late segments, open connections, records out, anomalies by type. */
final class TrackerMetrics {

    private final Counter segmentsIn;
    private final Counter lateSegments;
    private final Counter recordsOut;
    private final Map<AnomalyType, Counter> anomalies = new EnumMap<>(AnomalyType.class);

    TrackerMetrics(MetricGroup group, LongSupplier openConnections) {
        segmentsIn = group.counter("segmentsIn");
        lateSegments = group.counter("lateSegments");
        recordsOut = group.counter("connectionRecordsOut");
        group.gauge("openConnections", (Gauge<Long>) openConnections::getAsLong);
        for (AnomalyType type : AnomalyType.values()) {
            anomalies.put(type, group.addGroup("anomalyType", type.name()).counter("anomalies"));
        }
    }

    /** A segment reached the tracker; late when its time is at or behind the watermark. */
    void segmentIn(boolean late) {
        segmentsIn.inc();
        if (late) {
            lateSegments.inc();
        }
    }

    void recordOut() {
        recordsOut.inc();
    }

    void anomaly(AnomalyType type) {
        anomalies.get(type).inc();
    }
}
