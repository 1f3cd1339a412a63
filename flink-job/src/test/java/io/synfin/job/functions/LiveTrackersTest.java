package io.synfin.job.functions;

import static io.synfin.core.segment.TcpFlags.ACK;
import static io.synfin.core.segment.TcpFlags.FIN;
import static io.synfin.core.segment.TcpFlags.PSH;
import static io.synfin.core.segment.TcpFlags.SYN;
import static io.synfin.job.functions.Exchange.MS;
import static io.synfin.job.functions.Exchange.SECOND;
import static io.synfin.job.functions.Exchange.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.core.TrackerConfig;
import io.synfin.core.segment.Segment;
import io.synfin.job.state.TrackerState;
import io.synfin.job.types.FlowId;
import io.synfin.schema.ConnectionRecord;
import io.synfin.schema.TcpAnomaly;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The live set of {@link ConnectionTrackerFunction}: trackers of active keys stay live, a connection at
 * rest is packed into keyed state, the least recently active tracker beyond the bound is packed, and a
 * checkpoint holds the live ones too. Whatever the bound, the records are the same.
 */
class LiveTrackersTest {

    private static KeyedBroadcastOperatorTestHarness<FlowId, Segment, Long, ConnectionRecord> harness(int live,
            OperatorSubtaskState restoreFrom) throws Exception {
        var h = new KeyedBroadcastOperatorTestHarness<>(
                new TrackerOperator(new ConnectionTrackerFunction(TrackerConfig.DEFAULTS, live)),
                FlowId::of, FlowId.TYPE, 128, 1, 0);
        h.setup();
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }

    private static int entries(KeyedBroadcastOperatorTestHarness<FlowId, Segment, Long, ConnectionRecord> h) {
        return ((HeapKeyedStateBackend<?>) h.getOperator().getKeyedStateBackend()).numKeyValueStateEntries();
    }

    private static int live(KeyedBroadcastOperatorTestHarness<FlowId, Segment, Long, ConnectionRecord> h) {
        return ((TrackerOperator) h.getOperator()).liveTrackers();
    }

    /** The packed tracker of {@code segment}'s key, as keyed state holds it. */
    private static TrackerState packed(KeyedBroadcastOperatorTestHarness<FlowId, Segment, Long, ConnectionRecord> h,
            Segment segment) throws Exception {
        @SuppressWarnings("unchecked")
        var backend = (HeapKeyedStateBackend<FlowId>) (Object) h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(FlowId.of(segment));
        ValueState<TrackerState> state = backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE, new ValueStateDescriptor<>("tracker", TrackerState.TYPE));
        return state.value();
    }

    private static void send(KeyedBroadcastOperatorTestHarness<FlowId, Segment, Long, ConnectionRecord> h,
            Segment s) throws Exception {
        h.processElement(s, Math.floorDiv(s.tsMicros(), 1000));
    }

    private static List<ConnectionRecord> sorted(List<ConnectionRecord> records) {
        List<ConnectionRecord> copy = new ArrayList<>(records);
        copy.sort(Comparator.comparing(r -> r.getUid().toString()));
        return copy;
    }

    private static List<TcpAnomaly> anomalies(KeyedBroadcastOperatorTestHarness<FlowId, Segment, Long, ConnectionRecord> h) {
        var side = h.getSideOutput(ConnectionTrackerFunction.ANOMALIES);
        List<TcpAnomaly> out = side == null ? new ArrayList<>() : new ArrayList<>(side.stream().map(StreamRecord::getValue).toList());
        out.sort(Comparator.comparing((TcpAnomaly a) -> a.getUid().toString()).thenComparing(a -> a.getType().name()));
        return out;
    }

    /**
     * Twelve connections whose segments interleave one by one: handshake, data both ways, and (all but
     * every third, left open) a four-way close; one of them retransmits its data.
     */
    private static List<Segment> interleaved() {
        List<List<Segment>> flows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Exchange x = new Exchange("10.2.0." + (i + 1), 41000 + i);
            long t = T0 + i * MS;
            List<Segment> f = new ArrayList<>(List.of(x.client(t, SYN, 0), x.server(t + 100, SYN | ACK, 0),
                    x.client(t + 200, ACK, 0), x.client(t + 30 * MS, PSH | ACK, 100 + i),
                    x.server(t + 31 * MS, PSH | ACK, 700), x.client(t + 32 * MS, ACK, 0)));
            if (i % 3 != 2) {
                f.addAll(List.of(x.client(t + 60 * MS, FIN | ACK, 0), x.server(t + 61 * MS, FIN | ACK, 0),
                        x.client(t + 62 * MS, ACK, 0)));
            }
            flows.add(f);
        }
        List<Segment> out = new ArrayList<>();
        for (int step = 0; step < 9; step++) {
            for (List<Segment> f : flows) {
                if (step < f.size()) {
                    out.add(f.get(step));
                }
            }
        }
        out.sort(Comparator.comparingLong(Segment::tsMicros));
        return out;
    }

    private record Run(List<ConnectionRecord> records, List<TcpAnomaly> anomalies, int mostLive) {}

    private static Run run(int liveBound) throws Exception {
        var h = harness(liveBound, null);
        int mostLive = 0;
        for (Segment s : interleaved()) {
            send(h, s);
            mostLive = Math.max(mostLive, live(h));
        }
        h.watermark(Math.floorDiv(T0, 1000) + 2 * 60 * 1000);
        h.watermark(Long.MAX_VALUE);
        Run r = new Run(sorted(h.extractOutputValues()), anomalies(h), mostLive);
        assertThat(live(h)).as("live trackers at the end").isZero();
        assertThat(entries(h)).as("state entries at the end").isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
        return r;
    }

    @Test
    void theRecordsAreTheSameWhateverTheBound() throws Exception {
        Run packed = run(0);
        Run one = run(1);
        Run three = run(3);
        Run all = run(ConnectionTrackerFunction.DEFAULT_LIVE_TRACKERS);
        assertThat(packed.records()).hasSize(12);
        assertThat(packed.mostLive()).isZero();
        assertThat(one.mostLive()).isEqualTo(1);
        assertThat(three.mostLive()).isEqualTo(3);
        assertThat(all.mostLive()).as("all twelve active at once").isEqualTo(12);
        for (Run r : List.of(one, three, all)) {
            assertThat(r.records()).isEqualTo(packed.records());
            assertThat(r.anomalies()).isEqualTo(packed.anomalies());
        }
    }

    @Test
    void anActiveConnectionStaysLiveAndOneAtRestIsPacked() throws Exception {
        var h = harness(ConnectionTrackerFunction.DEFAULT_LIVE_TRACKERS, null);
        Exchange x = new Exchange("10.3.0.1", 42000);
        Segment syn = x.client(T0, SYN, 0);
        send(h, syn);
        send(h, x.server(T0 + MS, SYN | ACK, 0));
        send(h, x.client(T0 + 2 * MS, ACK, 0));
        assertThat(live(h)).isEqualTo(1);
        assertThat(entries(h)).as("nothing packed while it is active").isZero();
        send(h, x.client(T0 + 3 * MS, FIN | ACK, 0));
        send(h, x.server(T0 + 4 * MS, FIN | ACK, 0));
        send(h, x.client(T0 + 5 * MS, ACK, 0));
        assertThat(live(h)).as("closed both ways: at rest").isZero();
        assertThat(entries(h)).isEqualTo(1);
        // packed with its timer moved from the handshake deadline (SYN + 5 s) to the end of TIME_WAIT (the
        // client entered it on the server's FIN, at 4 ms): it is not unpacked before anything is due
        assertThat(h.numEventTimeTimers()).isEqualTo(1);
        assertThat(packed(h, syn).armedMicros()).isEqualTo(T0 + 4 * MS + 60 * SECOND);
        h.watermark(Math.floorDiv(T0, 1000) + 61 * 1000);
        assertThat(h.extractOutputValues()).singleElement()
                .satisfies(r -> assertThat(r.getHistory().toString()).isEqualTo("ShAFf"));
        assertThat(entries(h)).isZero();
        h.close();
    }

    @Test
    void theLeastRecentlyActiveTrackerIsPackedBeyondTheBound() throws Exception {
        var h = harness(2, null);
        Exchange a = new Exchange("10.4.0.1", 43001);
        Exchange b = new Exchange("10.4.0.2", 43002);
        Exchange c = new Exchange("10.4.0.3", 43003);
        send(h, a.client(T0, SYN, 0));
        send(h, b.client(T0 + MS, SYN, 0));
        assertThat(live(h)).isEqualTo(2);
        assertThat(entries(h)).isZero();
        send(h, a.server(T0 + 2 * MS, SYN | ACK, 0)); // a is now the most recent, b the least
        send(h, c.client(T0 + 3 * MS, SYN, 0));
        assertThat(live(h)).isEqualTo(2);
        assertThat(entries(h)).as("b packed").isEqualTo(1);
        // b carries on from its packed state
        send(h, b.server(T0 + 4 * MS, SYN | ACK, 0));
        send(h, b.client(T0 + 5 * MS, ACK, 0));
        h.watermark(Long.MAX_VALUE);
        assertThat(h.extractOutputValues()).extracting(r -> r.getHistory().toString())
                .containsExactlyInAnyOrder("Sh", "ShA", "S");
        h.close();
    }

    @Test
    void aTrackerIdleForTwoSecondsOfEventTimeIsPacked() throws Exception {
        var h = harness(ConnectionTrackerFunction.DEFAULT_LIVE_TRACKERS, null);
        Exchange a = new Exchange("10.6.0.1", 45001);
        Exchange b = new Exchange("10.6.0.2", 45002);
        send(h, a.client(T0, SYN, 0));
        send(h, a.server(T0 + MS, SYN | ACK, 0));
        send(h, a.client(T0 + 2 * MS, ACK, 0));
        send(h, b.client(T0 + SECOND, SYN, 0));
        assertThat(live(h)).as("both active within 2 s").isEqualTo(2);
        assertThat(entries(h)).isZero();
        send(h, b.server(T0 + 2 * SECOND + 3 * MS, SYN | ACK, 0));
        assertThat(live(h)).as("a idle for 2 s: packed").isEqualTo(1);
        assertThat(entries(h)).isEqualTo(1);
        // a carries on from its packed state, and is live again
        send(h, a.client(T0 + 3 * SECOND, PSH | ACK, 100));
        assertThat(live(h)).isEqualTo(2);
        send(h, a.server(T0 + 3 * SECOND + MS, ACK, 0));
        h.watermark(Long.MAX_VALUE);
        assertThat(h.extractOutputValues()).extracting(r -> r.getHistory().toString())
                .containsExactlyInAnyOrder("ShADa", "Sh");
        assertThat(live(h)).isZero();
        assertThat(entries(h)).isZero();
        h.close();
    }

    @Test
    void aCheckpointHoldsTheLiveTrackersAndARestoredJobCarriesOn() throws Exception {
        Exchange x = new Exchange("10.5.0.1", 44000);
        List<Segment> before = List.of(x.client(T0, SYN, 0), x.server(T0 + MS, SYN | ACK, 0),
                x.client(T0 + 2 * MS, ACK, 0), x.client(T0 + 3 * MS, PSH | ACK, 300), x.server(T0 + 4 * MS, ACK, 0));
        List<Segment> after = List.of(x.server(T0 + 5 * MS, PSH | ACK, 900), x.client(T0 + 6 * MS, FIN | ACK, 0),
                x.server(T0 + 7 * MS, FIN | ACK, 0), x.client(T0 + 8 * MS, ACK, 0));

        var straight = harness(ConnectionTrackerFunction.DEFAULT_LIVE_TRACKERS, null);
        for (Segment s : before) {
            send(straight, s);
        }
        for (Segment s : after) {
            send(straight, s);
        }
        straight.watermark(Long.MAX_VALUE);
        List<ConnectionRecord> expected = straight.extractOutputValues();
        straight.close();

        var first = harness(ConnectionTrackerFunction.DEFAULT_LIVE_TRACKERS, null);
        for (Segment s : before) {
            send(first, s);
        }
        assertThat(entries(first)).as("live, not yet packed").isZero();
        OperatorSubtaskState checkpoint = first.snapshot(1, 0);
        assertThat(entries(first)).as("the checkpoint packed it").isEqualTo(1);
        first.close();

        var restored = harness(ConnectionTrackerFunction.DEFAULT_LIVE_TRACKERS, checkpoint);
        assertThat(restored.numEventTimeTimers()).isEqualTo(1);
        for (Segment s : after) {
            send(restored, s);
        }
        restored.watermark(Long.MAX_VALUE);
        assertThat(restored.extractOutputValues()).hasSize(1).isEqualTo(expected);
        assertThat(expected.get(0).getHistory().toString()).isEqualTo("ShADadFf");
        restored.close();
    }
}
