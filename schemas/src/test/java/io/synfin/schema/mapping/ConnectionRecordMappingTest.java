package io.synfin.schema.mapping;

import static io.synfin.core.segment.TcpFlags.ACK;
import static io.synfin.core.segment.TcpFlags.FIN;
import static io.synfin.core.segment.TcpFlags.PSH;
import static io.synfin.core.segment.TcpFlags.SYN;
import static io.synfin.schema.mapping.TrackerRun.MS;
import static io.synfin.schema.mapping.TrackerRun.SECOND;
import static io.synfin.schema.mapping.TrackerRun.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.core.TrackerConfig;
import io.synfin.core.analysis.DirectionCounters;
import io.synfin.core.flow.Addresses;
import io.synfin.core.flow.CommunityId;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.record.DirectionSummary;
import io.synfin.core.segment.SegmentOptions;
import io.synfin.schema.AddressScope;
import io.synfin.schema.CloseKind;
import io.synfin.schema.ConnState;
import io.synfin.schema.ConnectionRecord;
import io.synfin.schema.ConnectionSide;
import io.synfin.schema.Ipv4Class;
import io.synfin.schema.RecordReason;
import io.synfin.schema.TcpState;
import io.synfin.schema.serde.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

/**
 * A connection the real tracker followed from SYN to the end of TIME_WAIT, mapped to the wire record:
 * every field, then a round trip through the single-object codec; and a lone IPv6 SYN whose "none seen"
 * values must come out null.
 */
class ConnectionRecordMappingTest {

    static final String CLIENT = "192.168.1.23";
    static final String SERVER = "93.184.216.34";
    // Close below 2^32 so the client's bytes cross the sequence wrap.
    static final long ISN_C = 4_294_967_000L;
    static final long ISN_S = 3_000_000_000L;
    static final int[] NONE = new int[0];
    // Linux SYN options: MSS, SACK-permitted, timestamps, window scale (40-byte header).
    static final SegmentOptions CLIENT_SYN = new SegmentOptions(40, 1460, 7, true, NONE, 2_981_775_131L, 0, NONE);
    static final SegmentOptions SERVER_SYN = new SegmentOptions(40, 1400, 8, true, NONE, 1_000_000L, 2_981_775_131L, NONE);
    // Timestamps only (32-byte header) on every later segment.
    static final SegmentOptions TS = new SegmentOptions(32, -1, -1, false, NONE, 2_981_775_200L, 1_000_010L, NONE);

    static final SingleObjectCodec<ConnectionRecord> CODEC = SingleObjectCodec.forType(ConnectionRecord.class);

    /** Handshake, a request and a response, and a four-way close started by the client. */
    static TrackerRun fourWayHttps() {
        return new TrackerRun(TrackerConfig.DEFAULTS, CLIENT, 51000, SERVER, 443)
                .client(T0, SYN, ISN_C, 0, 64240, 0, CLIENT_SYN)
                .server(T0 + 12 * MS, SYN | ACK, ISN_S, ISN_C + 1, 65160, 0, SERVER_SYN)
                .client(T0 + 12 * MS + 500, ACK, ISN_C + 1, ISN_S + 1, 502, 0, TS)
                .client(T0 + 13 * MS, PSH | ACK, ISN_C + 1, ISN_S + 1, 502, 517, TS)
                .server(T0 + 25 * MS, ACK, ISN_S + 1, ISN_C + 518, 509, 0, TS)
                .server(T0 + 26 * MS, PSH | ACK, ISN_S + 1, ISN_C + 518, 509, 1400, TS)
                .client(T0 + 27 * MS, ACK, ISN_C + 518, ISN_S + 1401, 501, 0, TS)
                .client(T0 + 40 * MS, FIN | ACK, ISN_C + 518, ISN_S + 1401, 501, 0, TS)
                .server(T0 + 52 * MS, ACK, ISN_S + 1401, ISN_C + 519, 509, 0, TS)
                .server(T0 + 53 * MS, FIN | ACK, ISN_S + 1401, ISN_C + 519, 509, 0, TS)
                .client(T0 + 54 * MS, ACK, ISN_C + 519, ISN_S + 1402, 501, 0, TS)
                .advanceTo(T0 + 61 * SECOND);
    }

    @Test
    void theRecordIsCompleteAsTheSchemaRequires() {
        // The mapping sets fields one by one, without the builder's checks: a missed field would be null.
        ConnectionRecord r = CoreRecords.toAvro(fourWayHttps().records.get(0));

        assertThat(GenericData.get().validate(ConnectionRecord.getClassSchema(), r)).isTrue();
        for (Schema.Field field : ConnectionRecord.getClassSchema().getFields()) {
            if (field.schema().getType() != Schema.Type.UNION) {
                assertThat(r.get(field.pos())).as(field.name()).isNotNull();
            }
        }
    }

    @Test
    void aFourWayCloseMapsEveryField() {
        TrackerRun run = fourWayHttps();
        assertThat(run.records).hasSize(1);
        ConnectionSummary core = run.records.get(0);
        ConnectionRecord r = CoreRecords.toAvro(core);

        assertThat(r.getTs()).isEqualTo(T0);
        assertThat(r.getUid()).isEqualTo(core.uid()).startsWith("C").hasSize(12);
        assertThat(r.getOrigH()).isEqualTo(ByteBuffer.wrap(Addresses.parse(CLIENT)));
        assertThat(r.getOrigP()).isEqualTo(51000);
        assertThat(r.getRespH()).isEqualTo(ByteBuffer.wrap(Addresses.parse(SERVER)));
        assertThat(r.getRespP()).isEqualTo(443);
        assertThat(r.getService()).isEqualTo("ssl");
        // As Zeek: the last ACK, after both FINs, does not extend the duration.
        assertThat(r.getDuration()).isEqualTo(53 * MS);
        assertThat(r.getOrigBytes()).isEqualTo(517);
        assertThat(r.getRespBytes()).isEqualTo(1400);
        assertThat(r.getConnState()).isEqualTo(ConnState.SF);
        assertThat(r.getMissedBytes()).isZero();
        assertThat(r.getHistory()).isEqualTo(core.history()).isEqualTo("ShADadFf");
        assertThat(r.getOrigPkts()).isEqualTo(6);
        // IP header 20 + TCP header (40 on the SYN, 32 after) + payload.
        assertThat(r.getOrigIpBytes()).isEqualTo(60 + 52 + 569 + 52 + 52 + 52);
        assertThat(r.getRespPkts()).isEqualTo(5);
        assertThat(r.getRespIpBytes()).isEqualTo(60 + 52 + 1452 + 52 + 52);
        assertThat(r.getCommunityId()).isEqualTo(
                CommunityId.tcp(Addresses.parse(SERVER), 443, Addresses.parse(CLIENT), 51000));
        assertThat(r.getEndTs()).isEqualTo(T0 + 53 * MS);
        assertThat(r.getDomain()).isEqualTo(TrackerRun.DOMAIN);
        assertThat(r.getIpVersion()).isEqualTo(4);
        assertThat(r.getVlanIds()).isEmpty();
        assertThat(r.getOrigScope()).isEqualTo(AddressScope.PRIVATE_192_168);
        assertThat(r.getOrigIpv4Class()).isEqualTo(Ipv4Class.C);
        assertThat(r.getRespScope()).isEqualTo(AddressScope.PUBLIC);
        assertThat(r.getRespIpv4Class()).isEqualTo(Ipv4Class.A);
        assertThat(r.getRecordReason()).isEqualTo(RecordReason.CLOSED);
        assertThat(r.getInterim()).isFalse();
        assertThat(r.getOrigState()).isEqualTo(TcpState.CLOSED);
        assertThat(r.getRespState()).isEqualTo(TcpState.CLOSED);
        assertThat(r.getCloseKind()).isEqualTo(CloseKind.FOUR_WAY);
        assertThat(r.getFirstCloser()).isEqualTo(ConnectionSide.ORIGINATOR);
        assertThat(r.getOriginatorGuessed()).isFalse();
        assertThat(r.getFlipReason()).isNull();
        assertThat(r.getRttSynToSynack()).isEqualTo(12 * MS);
        assertThat(r.getRttSynackToAck()).isEqualTo(500);
        assertThat(r.getOrigMss()).isEqualTo(1460);
        assertThat(r.getOrigWindowScale()).isEqualTo(7);
        assertThat(r.getOrigSackPermitted()).isTrue();
        assertThat(r.getOrigTimestamps()).isTrue();
        assertThat(r.getRespMss()).isEqualTo(1400);
        assertThat(r.getRespWindowScale()).isEqualTo(8);
        assertThat(r.getRespSackPermitted()).isTrue();
        assertThat(r.getRespTimestamps()).isTrue();
        assertThat(r.getWindowScaling()).isTrue();
        // SYN windows are never scaled (RFC 7323 §2.2); later ones are raw << the sender's shift.
        assertThat(r.getOrigMinWindow()).isEqualTo(501L << 7);
        assertThat(r.getOrigMaxWindow()).isEqualTo(502L << 7);
        assertThat(r.getRespMinWindow()).isEqualTo(65160);
        assertThat(r.getRespMaxWindow()).isEqualTo(509L << 8);
        assertThat(r.getOrigZeroWindowTime()).isZero();
        assertThat(r.getRespZeroWindowTime()).isZero();
        assertThat(r.getAnomalyCount()).isZero();
        assertThat(r.getDeltas()).as("the only record of its uid").isNull();
        assertDirectionCountersMatch(core, r);
    }

    @Test
    void theMappedRecordSurvivesTheSingleObjectCodec() {
        ConnectionRecord record = CoreRecords.toAvro(fourWayHttps().records.get(0));
        ConnectionRecord decoded = CODEC.decode(CODEC.encode(record)).valueOrNull();
        assertThat(decoded).isEqualTo(record);
        assertThat(decoded.getHistory()).isEqualTo("ShADadFf");
    }

    @Test
    void everyDirectionCounterLandsInItsOwnField() {
        // The tracker does not fill the segment-analysis counters yet (all zero), so give each a distinct value.
        ConnectionSummary s = fourWayHttps().records.get(0);
        ConnectionSummary counted = new ConnectionSummary(s.uid(), s.communityId(), s.domain(), s.origAddr(),
                s.origPort(), s.respAddr(), s.respPort(), s.startMicros(), s.endMicros(), s.service(), s.connState(),
                s.history(), withCounters(s.orig(), 1), withCounters(s.resp(), 101), s.originatorGuessed(), s.flips(),
                s.flipReason(), s.closeKind(), s.recordReason(), s.firstCloser(), s.synRttMicros(), s.ackRttMicros(),
                s.origScope(), s.respScope(), s.anomalyCount(), s.deltaOrigPackets(), s.deltaOrigBytes(),
                s.deltaRespPackets(), s.deltaRespBytes());

        ConnectionRecord r = CoreRecords.toAvro(counted);

        assertThat(wire(r, "orig_")).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
        assertThat(wire(r, "resp_")).containsExactly(101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113);
        assertThat(r.getOrigZeroWindowTime()).isEqualTo(1000);
        assertThat(r.getRespZeroWindowTime()).isEqualTo(2000);
        assertThat(r.getMissedBytes()).as("both directions").isEqualTo(500 + 1000);
        assertDirectionCountersMatch(counted, r);
    }

    /** {@code d} with retransmitted packets and bytes {@code base}, {@code base + 1} and the counters after them. */
    private static DirectionSummary withCounters(DirectionSummary d, long base) {
        DirectionCounters.Snapshot c = new DirectionCounters.Snapshot(base + 2, base + 3, base + 4, base + 5, base + 6, base + 7,
                base + 8, base + 9, base + 10, base + 11, base + 12, base + 1);
        return new DirectionSummary(d.packets(), d.payloadBytes(), d.wireBytes(), base, base + 1, 5 * (base + 99),
                d.finRetransmissions(), d.minWindow(), d.maxWindow(), 10 * (base + 99), d.mss(), d.windowScale(),
                d.sackPermitted(), d.timestamps(), d.finalState(), c);
    }

    @Test
    void aLoneIpv6SynLeavesEveryNoneSeenValueNull() {
        TrackerRun run = new TrackerRun(TrackerConfig.DEFAULTS, "2001:db8::1", 51234, "2001:db8::80", 22)
                .client(T0, SYN, 100, 0, 64800, 0, CLIENT_SYN)
                .advanceTo(T0 + 6 * SECOND);
        ConnectionRecord r = CoreRecords.toAvro(run.records.get(0));
        ConnectionRecord decoded = CODEC.decode(CODEC.encode(r)).valueOrNull();

        assertThat(decoded).isEqualTo(r);
        assertThat(r.getIpVersion()).isEqualTo(6);
        assertThat(r.getOrigH().remaining()).isEqualTo(16);
        assertThat(r.getConnState()).isEqualTo(ConnState.S0);
        assertThat(r.getCloseKind()).isEqualTo(CloseKind.HANDSHAKE_TIMEOUT);
        assertThat(r.getRecordReason()).isEqualTo(RecordReason.TIMEOUT);
        assertThat(r.getService()).isEqualTo("ssh");
        assertThat(r.getOrigScope()).isEqualTo(AddressScope.PUBLIC);
        assertThat(r.getOrigIpv4Class()).isNull();
        assertThat(r.getRespIpv4Class()).isNull();
        assertThat(r.getFirstCloser()).isNull();
        assertThat(r.getFlipReason()).isNull();
        assertThat(r.getRttSynToSynack()).isNull();
        assertThat(r.getRttSynackToAck()).isNull();
        assertThat(r.getOrigMss()).isEqualTo(1460);
        assertThat(r.getRespMss()).isNull();
        assertThat(r.getRespWindowScale()).isNull();
        assertThat(r.getRespSackPermitted()).isFalse();
        assertThat(r.getWindowScaling()).as("only one SYN offered scaling").isFalse();
        assertThat(r.getOrigMinWindow()).isEqualTo(64800);
        assertThat(r.getRespMinWindow()).isNull();
        assertThat(r.getRespMaxWindow()).isNull();
        assertThat(r.getRespPkts()).isZero();
        assertThat(r.getAnomalyCount()).isEqualTo(1);
        assertThat(r.getDeltas()).isNull();
    }

    // The per-direction counter fields, in the order of core() below; the wire names carry orig_/resp_.
    private static final List<String> COUNTERS = List.of("retransmitted_pkts", "retransmitted_bytes",
            "retransmissions", "fast_retransmissions", "spurious_retransmissions", "out_of_order", "lost_segments",
            "dup_acks", "zero_windows", "zero_window_probes", "window_full", "window_updates", "keep_alives");

    private static void assertDirectionCountersMatch(ConnectionSummary core, ConnectionRecord r) {
        assertThat(wire(r, "orig_")).containsExactly(core(core.orig()));
        assertThat(wire(r, "resp_")).containsExactly(core(core.resp()));
    }

    private static long[] wire(ConnectionRecord r, String prefix) {
        return COUNTERS.stream().mapToLong(name -> (Long) r.get(prefix + name)).toArray();
    }

    private static long[] core(DirectionSummary d) {
        DirectionCounters.Snapshot c = d.counters();
        return new long[] {d.retransmittedPackets(), d.retransmittedBytes(), c.retransmissions(),
            c.fastRetransmissions(), c.spuriousRetransmissions(), c.outOfOrder(), c.lostSegments(), c.dupAcks(),
            c.zeroWindows(), c.zeroWindowProbes(), c.windowFull(), c.windowUpdates(), c.keepAlives()};
    }
}
