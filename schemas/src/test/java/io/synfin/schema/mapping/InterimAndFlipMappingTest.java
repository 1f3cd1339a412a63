package io.synfin.schema.mapping;

import static io.synfin.core.segment.TcpFlags.ACK;
import static io.synfin.core.segment.TcpFlags.PSH;
import static io.synfin.core.segment.TcpFlags.SYN;
import static io.synfin.schema.mapping.TrackerRun.MS;
import static io.synfin.schema.mapping.TrackerRun.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.core.TrackerConfig;
import io.synfin.core.flow.Addresses;
import io.synfin.core.segment.SegmentOptions;
import io.synfin.schema.CloseKind;
import io.synfin.schema.ConnectionRecord;
import io.synfin.schema.FlipReason;
import io.synfin.schema.InterimDeltas;
import io.synfin.schema.RecordReason;
import io.synfin.schema.serde.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Interim records and their deltas, and the flip reason derived for each way the tracker flips roles. */
class InterimAndFlipMappingTest {

    private static final SegmentOptions NO_OPTIONS = SegmentOptions.NONE;
    private static final SingleObjectCodec<ConnectionRecord> CODEC = SingleObjectCodec.forType(ConnectionRecord.class);

    @Test
    void interimRecordsCarryTheChangeSinceThePreviousRecordOfTheirUid() {
        TrackerConfig everySecond = new TrackerConfig(Duration.ofSeconds(5), false, Duration.ofSeconds(75),
                Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofSeconds(60), Duration.ofSeconds(5),
                Duration.ofSeconds(1), 1L << 20, 65495, false, 100);
        TrackerRun run = new TrackerRun(everySecond, "10.1.2.3", 40000, "10.9.9.9", 5432)
                .client(T0, SYN, 1000, 0, 64240, 0, NO_OPTIONS)
                .server(T0 + MS, SYN | ACK, 5000, 1001, 65160, 0, NO_OPTIONS)
                .client(T0 + 2 * MS, ACK, 1001, 5001, 64240, 0, NO_OPTIONS)
                .client(T0 + 500 * MS, PSH | ACK, 1001, 5001, 64240, 100, NO_OPTIONS)
                // The first interim record is due at T0 + 1 s, before this segment.
                .server(T0 + 1500 * MS, PSH | ACK, 5001, 1101, 65160, 200, NO_OPTIONS)
                .client(T0 + 1600 * MS, PSH | ACK, 1101, 5201, 64240, 300, NO_OPTIONS)
                .advanceTo(T0 + 2200 * MS)
                .finish();
        List<ConnectionRecord> records = run.records.stream().map(CoreRecords::toAvro).toList();
        assertThat(records).extracting(ConnectionRecord::getRecordReason)
                .containsExactly(RecordReason.INTERIM, RecordReason.INTERIM, RecordReason.END_OF_INPUT);
        assertThat(records).extracting(ConnectionRecord::getUid).containsOnly(records.get(0).getUid());
        assertThat(records).allSatisfy(r -> assertThat(CODEC.decode(CODEC.encode(r)).valueOrNull()).isEqualTo(r));

        ConnectionRecord first = records.get(0);
        assertThat(first.getInterim()).isTrue();
        assertThat(first.getCloseKind()).isEqualTo(CloseKind.STILL_OPEN);
        // No earlier record: the change is everything since the connection began.
        assertThat(first.getDeltas()).isEqualTo(InterimDeltas.newBuilder()
                .setSinceTs(T0).setOrigPkts(3).setOrigBytes(100).setOrigIpBytes(3 * 40 + 100L)
                .setRespPkts(1).setRespBytes(0).setRespIpBytes(40L)
                .setOrigRetransmittedPkts(0L).setRespRetransmittedPkts(0L).setMissedBytes(0L).setAnomalyCount(0L)
                .build());

        ConnectionRecord second = records.get(1);
        assertThat(second.getOrigBytes()).isEqualTo(400);
        assertThat(second.getRespBytes()).isEqualTo(200);
        assertThat(second.getDeltas()).as("what the tracker keeps, and null for what it does not")
                .isEqualTo(InterimDeltas.newBuilder()
                        .setOrigPkts(1).setOrigBytes(300).setRespPkts(1).setRespBytes(200).build());
        assertThat(second.getDeltas().getSinceTs()).isNull();
        assertThat(second.getDeltas().getOrigIpBytes()).isNull();

        ConnectionRecord last = records.get(2);
        assertThat(last.getInterim()).isFalse();
        assertThat(last.getCloseKind()).isEqualTo(CloseKind.STILL_OPEN);
        assertThat(last.getDeltas()).as("a final record after interim ones still has deltas")
                .isEqualTo(InterimDeltas.newBuilder().setOrigPkts(0).setOrigBytes(0).setRespPkts(0).setRespBytes(0)
                        .build());
    }

    @Test
    void midStreamTrafficFromAServerPortIsFlippedForTheServerPort() {
        ConnectionRecord r = only(new TrackerRun(TrackerConfig.DEFAULTS, "10.0.0.5", 40000, "10.0.0.9", 80)
                .server(T0, PSH | ACK, 5000, 100, 65160, 100, NO_OPTIONS)
                .client(T0 + MS, ACK, 100, 5100, 64240, 0, NO_OPTIONS));
        assertThat(r.getHistory()).isEqualTo("^dA");
        assertThat(r.getOriginatorGuessed()).isTrue();
        assertThat(r.getOrigH()).isEqualTo(ByteBuffer.wrap(Addresses.parse("10.0.0.5")));
        assertThat(r.getFlipReason()).isEqualTo(FlipReason.SOURCE_IS_SERVER_PORT);
    }

    @Test
    void aLoneSynAckMakesItsReceiverTheOriginator() {
        ConnectionRecord r = only(new TrackerRun(TrackerConfig.DEFAULTS, "10.0.0.5", 40000, "10.0.0.9", 80)
                .server(T0, SYN | ACK, 300, 101, 65160, 0, NO_OPTIONS));
        assertThat(r.getHistory()).isEqualTo("^h");
        assertThat(r.getOrigP()).isEqualTo(40000);
        assertThat(r.getFlipReason()).isEqualTo(FlipReason.SYN_ACK_FIRST);
    }

    @Test
    void aSynAfterItsSynAckFlipsForTheResponderSyn() {
        // Neither port is a likely server port, so the SYN-ACK's sender is first taken as originator.
        ConnectionRecord r = only(new TrackerRun(TrackerConfig.DEFAULTS, "10.0.0.1", 40000, "10.0.0.2", 50000)
                .server(T0, SYN | ACK, 300, 101, 65160, 0, NO_OPTIONS)
                .client(T0 + MS, SYN, 100, 0, 64240, 0, NO_OPTIONS)
                .client(T0 + 2 * MS, ACK, 101, 301, 64240, 0, NO_OPTIONS));
        assertThat(r.getHistory()).isEqualTo("Hs^A");
        assertThat(r.getOrigH()).isEqualTo(ByteBuffer.wrap(Addresses.parse("10.0.0.1")));
        assertThat(r.getFlipReason()).isEqualTo(FlipReason.SYN_FROM_RESPONDER);
    }

    @Test
    void aPlainHandshakeHasNoFlipReason() {
        ConnectionRecord r = only(new TrackerRun(TrackerConfig.DEFAULTS, "10.0.0.1", 40000, "10.0.0.2", 50000)
                .client(T0, SYN, 100, 0, 64240, 0, NO_OPTIONS)
                .server(T0 + MS, SYN | ACK, 300, 101, 65160, 0, NO_OPTIONS));
        assertThat(r.getHistory()).doesNotContain("^");
        assertThat(r.getFlipReason()).isNull();
    }

    private static ConnectionRecord only(TrackerRun run) {
        run.finish();
        assertThat(run.records).hasSize(1);
        return CoreRecords.toAvro(run.records.get(0));
    }
}
