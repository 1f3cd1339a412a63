package io.synfin.cli.analyze;

import io.synfin.core.anomaly.Anomaly;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.state.FlowTable;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps every record and anomaly of a run, in the order the tracker emitted them. */
public final class Collector implements FlowTable.Sink {

    private final List<ConnectionSummary> records = new ArrayList<>();
    private final List<Anomaly> anomalies = new ArrayList<>();

    @Override
    public void record(ConnectionSummary summary) {
        records.add(summary);
    }

    @Override
    public void anomaly(Anomaly anomaly) {
        anomalies.add(anomaly);
    }

    public List<ConnectionSummary> records() {
        return records;
    }

    public List<Anomaly> anomalies() {
        return anomalies;
    }
}
