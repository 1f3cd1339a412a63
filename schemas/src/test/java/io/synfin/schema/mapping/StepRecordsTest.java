package io.synfin.schema.mapping;

import static io.synfin.core.segment.TcpFlags.ACK;
import static io.synfin.core.segment.TcpFlags.RST;
import static io.synfin.core.segment.TcpFlags.SYN;
import static io.synfin.schema.mapping.TrackerRun.MS;
import static io.synfin.schema.mapping.TrackerRun.SECOND;
import static io.synfin.schema.mapping.TrackerRun.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.synfin.core.TrackerConfig;
import io.synfin.core.flow.Addresses;
import io.synfin.core.segment.Segment;
import io.synfin.core.segment.SegmentOptions;
import io.synfin.core.state.FlowTracker;
import io.synfin.core.state.Step;
import io.synfin.core.state.TrackerEvent;
import io.synfin.schema.AnomalyType;
import io.synfin.schema.ConnState;
import io.synfin.schema.ConnectionSide;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One tracker step at a time, as the Flink function drives it: segment steps and timer steps. */
class StepRecordsTest {

    private static final byte[] CLIENT = Addresses.parse("10.0.0.5");
    private static final byte[] SERVER = Addresses.parse("10.0.0.9");

    private static Segment segment(long ts, boolean fromClient, int flags, int seq, int ack) {
        return new Segment(ts, TrackerRun.DOMAIN, fromClient ? CLIENT : SERVER, fromClient ? SERVER : CLIENT,
                fromClient ? 40000 : 8080, fromClient ? 8080 : 40000, seq, ack, flags, 64240, 0, 40, 64,
                SegmentOptions.NONE, false);
    }

    @Test
    void aSegmentStepPlacesItsFindingWithThatSegment() {
        FlowTracker tracker = new FlowTracker(TrackerConfig.DEFAULTS);
        Segment syn = segment(T0, true, SYN, 999, 0);
        Segment rst = segment(T0 + MS, false, RST | ACK, 0, 1000);

        assertThat(StepRecords.of(tracker.onSegment(syn), syn).anomalies()).isEmpty();
        StepRecords refused = StepRecords.of(tracker.onSegment(rst), rst);

        assertThat(refused.records()).as("the RST linger keeps the record back").isEmpty();
        assertThat(refused.anomalies()).singleElement().satisfies(a -> {
            assertThat(a.getType()).isEqualTo(AnomalyType.CONNECTION_REFUSED);
            assertThat(a.getSender()).isEqualTo(ConnectionSide.RESPONDER);
            assertThat(a.getOrigH()).isEqualTo(ByteBuffer.wrap(CLIENT));
            assertThat(a.getAck()).isEqualTo(1000L);
        });
    }

    @Test
    void aTimerStepPlacesItsFindingWithTheRecordItEnded() {
        FlowTracker tracker = new FlowTracker(TrackerConfig.DEFAULTS);
        Segment syn = segment(T0, true, SYN, 999, 0);
        tracker.onSegment(syn);

        StepRecords timeout = StepRecords.of(tracker.onTimer(T0 + 5 * SECOND), null);

        assertThat(timeout.records()).singleElement()
                .satisfies(r -> assertThat(r.getConnState()).isEqualTo(ConnState.S0));
        assertThat(timeout.anomalies()).singleElement().satisfies(a -> {
            assertThat(a.getType()).isEqualTo(AnomalyType.HANDSHAKE_TIMEOUT);
            assertThat(a.getUid()).isEqualTo(timeout.records().get(0).getUid());
            assertThat(a.getOrigH()).isEqualTo(ByteBuffer.wrap(CLIENT));
            assertThat(a.getRespP()).isEqualTo(8080);
            assertThat(a.getSender()).isNull();
            assertThat(a.getFlags()).isNull();
        });
    }

    @Test
    void aTimerFindingWithoutItsRecordIsAnImpossibleState() {
        FlowTracker tracker = new FlowTracker(TrackerConfig.DEFAULTS);
        tracker.onSegment(segment(T0, true, SYN, 999, 0));
        List<TrackerEvent.AnomalyFound> found =
                tracker.onTimer(T0 + 5 * SECOND).eventsOf(TrackerEvent.AnomalyFound.class);
        Step withoutRecord = new Step(List.of(found.get(0)), Step.NO_DEADLINE, true);

        assertThatThrownBy(() -> StepRecords.of(withoutRecord, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HANDSHAKE_TIMEOUT");
    }

    @Test
    void aSegmentStepThatEndsTheOldConnectionCarriesItsRecord() {
        FlowTracker tracker = new FlowTracker(TrackerConfig.DEFAULTS);
        tracker.onSegment(segment(T0, true, SYN, 999, 0));
        // A new ISN while the first SYN is unanswered: the old attempt's record goes out first (SPEC §4).
        Segment retry = segment(T0 + 3 * SECOND, true, SYN, 50_000, 0);

        StepRecords step = StepRecords.of(tracker.onSegment(retry), retry);

        assertThat(step.records()).singleElement().satisfies(r -> assertThat(r.getHistory()).isEqualTo("S"));
        assertThat(step.anomalies()).isEmpty();
        assertThat(tracker.current().uid()).isNotEqualTo(step.records().get(0).getUid());
    }
}
