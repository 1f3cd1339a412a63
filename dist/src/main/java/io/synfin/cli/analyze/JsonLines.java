package io.synfin.cli.analyze;

import io.synfin.core.anomaly.Anomaly;
import io.synfin.core.flow.FlowKey;
import io.synfin.core.segment.Segment;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.state.FlowTable;
import io.synfin.schema.json.AvroJson;
import io.synfin.schema.mapping.CoreRecords;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.generic.IndexedRecord;

/**
 * {@code synfin analyze --json}: each record and anomaly as it is emitted, one JSON object per line,
 * with a leading {@code "record"} member ({@code "connection"} or {@code "anomaly"}) and then the Avro
 * field names of {@code ConnectionRecord} / {@code TcpAnomaly} — the very records the Flink job
 * publishes.
 */
final class JsonLines implements FlowTable.Sink, Analysis.SegmentListener {

    private final PrintStream out;
    private final StringBuilder line = new StringBuilder(2048);
    private Segment current;
    // a finding made by a timer names no segment; the record its step ends the connection with places it
    private final List<Anomaly> awaitingRecord = new ArrayList<>();

    JsonLines(PrintStream out) {
        this.out = out;
    }

    @Override
    public void beforeSegment(Segment segment, long frameNumber, long fileOffset) {
        current = segment;
    }

    @Override
    public void record(ConnectionSummary summary) {
        write("connection", CoreRecords.toAvro(summary));
        for (Iterator<Anomaly> it = awaitingRecord.iterator(); it.hasNext(); ) {
            Anomaly anomaly = it.next();
            if (anomaly.uid().equals(summary.uid())) {
                write("anomaly", CoreRecords.toAvro(anomaly, summary));
                it.remove();
            }
        }
    }

    @Override
    public void anomaly(Anomaly anomaly) {
        // Timers of any flow fire before a segment is applied (capture time moves first), so the current
        // segment explains a finding only when it is of the same flow and the same instant.
        if (current != null && current.tsMicros() == anomaly.tsMicros() && FlowKey.of(current).equals(anomaly.key())) {
            write("anomaly", CoreRecords.toAvro(anomaly, current));
        } else {
            awaitingRecord.add(anomaly);
        }
    }

    private void write(String kind, IndexedRecord record) {
        line.setLength(0);
        line.append("{\"record\":\"").append(kind).append('"');
        int body = line.length();
        AvroJson.append(line, record);
        // splice the record's members after ours: {"record":"x", + "a":1,...}
        line.setCharAt(body, ',');
        out.append(line).append('\n');
    }
}
