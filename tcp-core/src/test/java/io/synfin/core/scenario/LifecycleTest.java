package io.synfin.core.scenario;

import static io.synfin.core.scenario.HandshakeTest.established;
import static io.synfin.core.scenario.TcpScript.SECOND;
import static io.synfin.core.scenario.TcpScript.T0;
import static io.synfin.core.scenario.TcpScript.ack;
import static io.synfin.core.scenario.TcpScript.len;
import static io.synfin.core.scenario.TcpScript.seq;
import static io.synfin.core.segment.TcpFlags.ACK;
import static io.synfin.core.segment.TcpFlags.PSH;
import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.core.record.CloseKind;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.record.RecordReason;
import io.synfin.core.scenario.Scenarios.Scripted;
import io.synfin.core.state.Step;
import io.synfin.core.state.TrackerEvent;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SPEC §5 "Timers" and state bounds: idle and interim timers, snapshot/restore, nothing left behind. */
class LifecycleTest {

    static Stream<Arguments> scenarios() {
        return Scenarios.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void noStateRemainsOnceTheLastTimerHasRun(String name, List<Scripted> steps) {
        TcpScript script = Scenarios.run(new TcpScript(), steps).runAllTimers();
        assertThat(script.tracker().isEmpty()).as(name).isTrue();
        assertThat(script.tracker().nextDeadline()).isEqualTo(Step.NO_DEADLINE);
        assertThat(script.tracker().snapshot()).isNull();
        assertThat(script.lastStep().finished()).isTrue();
        assertThat(script.records()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void snapshotAndRestoreAtEverySegmentGiveTheSameOutputs(String name, List<Scripted> steps) {
        List<String> expected = render(Scenarios.run(new TcpScript(), steps).runAllTimers().events());
        for (int cut = 1; cut < steps.size(); cut++) {
            TcpScript first = Scenarios.run(new TcpScript(), steps.subList(0, cut));
            if (first.tracker().isEmpty()) {
                continue;
            }
            TcpScript second = first.restored();
            assertThat(second.tracker().nextDeadline()).isEqualTo(first.tracker().nextDeadline());
            Scenarios.run(second, steps.subList(cut, steps.size())).runAllTimers();
            List<String> actual = new java.util.ArrayList<>(render(first.events()));
            actual.addAll(render(second.events()));
            assertThat(actual).as("%s cut after %d segments", name, cut).isEqualTo(expected);
        }
    }

    @Test
    void idleTimeoutEndsAQuietConnection() {
        TcpScript script = established().runTimersUntil(T0 + 299 * SECOND);
        assertThat(script.records()).isEmpty();
        ConnectionSummary record = script.runAllTimers().record();
        assertThat(record.closeKind()).isEqualTo(CloseKind.IDLE_TIMEOUT);
        assertThat(record.recordReason()).isEqualTo(RecordReason.TIMEOUT);
    }

    @Test
    void interimRecordsCarryTotalsAndDeltas() {
        TcpScript script = established();
        for (int i = 1; i <= 17; i++) {
            script.at(T0 + i * 200 * SECOND).client(PSH | ACK, seq(101 + (i - 1) * 10), ack(301), len(10));
        }
        script.runTimersUntil(T0 + 3_600 * SECOND)
                .at(T0 + 3_700 * SECOND).client(PSH | ACK, seq(271), ack(301), len(5))
                .finish();
        List<ConnectionSummary> records = script.records();
        assertThat(records).hasSize(2);
        ConnectionSummary interim = records.get(0);
        assertThat(interim.recordReason()).isEqualTo(RecordReason.INTERIM);
        assertThat(interim.closeKind()).isEqualTo(CloseKind.STILL_OPEN);
        assertThat(interim.origBytes()).isEqualTo(170);
        assertThat(interim.deltaOrigBytes()).isEqualTo(170);
        ConnectionSummary last = records.get(1);
        assertThat(last.uid()).isEqualTo(interim.uid());
        assertThat(last.recordReason()).isEqualTo(RecordReason.END_OF_INPUT);
        assertThat(last.origBytes()).isEqualTo(175);
        assertThat(last.deltaOrigBytes()).isEqualTo(5);
        assertThat(last.deltaOrigPackets()).isEqualTo(1);
    }

    @Test
    void endOfInputFlushesAnOpenConnectionAsStillOpen() {
        ConnectionSummary record = established().finish().record();
        assertThat(record.recordReason()).isEqualTo(RecordReason.END_OF_INPUT);
        assertThat(record.closeKind()).isEqualTo(CloseKind.STILL_OPEN);
    }

    @Test
    void theTrackerHasOneDeadlineAtATime() {
        TcpScript script = established();
        assertThat(script.lastStep().nextDeadline()).isEqualTo(T0 + 20 * TcpScript.MS + 300 * SECOND);
        assertThat(script.tracker().nextDeadline()).isEqualTo(script.lastStep().nextDeadline());
    }

    /** Events as text, arrays by content, so two runs can be compared. */
    static List<String> render(List<TrackerEvent> events) {
        return events.stream().map(LifecycleTest::render).toList();
    }

    private static String render(Object value) {
        if (value instanceof byte[] bytes) {
            return Arrays.toString(bytes);
        }
        if (!(value instanceof Record record)) {
            return String.valueOf(value);
        }
        StringBuilder text = new StringBuilder(record.getClass().getSimpleName()).append('(');
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            try {
                text.append(c.getName()).append('=').append(render(c.getAccessor().invoke(record))).append(' ');
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        return text.append(')').toString();
    }

}
