package io.synfin.schema.mapping;

import io.synfin.core.analysis.DirectionCounters;
import io.synfin.core.anomaly.Anomaly;
import io.synfin.core.flow.CommunityId;
import io.synfin.core.flow.FlowKey;
import io.synfin.core.net.AddressScope;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.record.DirectionSummary;
import io.synfin.core.record.Side;
import io.synfin.core.segment.Segment;
import io.synfin.schema.AnomalyType;
import io.synfin.schema.CloseKind;
import io.synfin.schema.ConnState;
import io.synfin.schema.ConnectionRecord;
import io.synfin.schema.ConnectionSide;
import io.synfin.schema.Ipv4Class;
import io.synfin.schema.RecordReason;
import io.synfin.schema.Severity;
import io.synfin.schema.TcpAnomaly;
import io.synfin.schema.TcpState;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * Turns the tracker's records into the wire records: {@link ConnectionSummary} into
 * {@link ConnectionRecord}, {@link Anomaly} into {@link TcpAnomaly}. Times stay microseconds, enums map by
 * symbol name, and the core's "none" values (-1 RTTs, options and windows, {@link Side#NONE}) become null.
 */
public final class CoreRecords {

    static final Symbols<io.synfin.core.record.ConnState, ConnState> CONN_STATES =
            Symbols.of(io.synfin.core.record.ConnState.class, ConnState.class);
    static final Symbols<io.synfin.core.record.CloseKind, CloseKind> CLOSE_KINDS =
            Symbols.of(io.synfin.core.record.CloseKind.class, CloseKind.class);
    static final Symbols<io.synfin.core.record.RecordReason, RecordReason> RECORD_REASONS =
            Symbols.of(io.synfin.core.record.RecordReason.class, RecordReason.class);
    static final Symbols<io.synfin.core.state.TcpState, TcpState> TCP_STATES =
            Symbols.of(io.synfin.core.state.TcpState.class, TcpState.class);
    static final Symbols<AddressScope, io.synfin.schema.AddressScope> ADDRESS_SCOPES =
            Symbols.of(AddressScope.class, io.synfin.schema.AddressScope.class);
    static final Symbols<Side, ConnectionSide> SIDES = Symbols.of(Side.class, ConnectionSide.class);
    static final Symbols<io.synfin.core.anomaly.AnomalyType, AnomalyType> ANOMALY_TYPES =
            Symbols.of(io.synfin.core.anomaly.AnomalyType.class, AnomalyType.class);
    static final Symbols<io.synfin.core.anomaly.Severity, Severity> SEVERITIES =
            Symbols.of(io.synfin.core.anomaly.Severity.class, Severity.class);

    private CoreRecords() {}

    /**
     * The wire form of a connection record. VLAN ids are not in the core's summary yet and go out empty;
     * the interim deltas are described in {@link Deltas}, the flip reason in {@link FlipReasons}.
     */
    public static ConnectionRecord toAvro(ConnectionSummary s) {
        Objects.requireNonNull(s, "summary");
        DirectionSummary orig = s.orig();
        DirectionSummary resp = s.resp();
        DirectionCounters.Snapshot oc = orig.counters();
        DirectionCounters.Snapshot rc = resp.counters();
        return ConnectionRecord.newBuilder()
                .setTs(s.startMicros())
                .setUid(s.uid())
                .setOrigH(ByteBuffer.wrap(s.origAddr()))
                .setOrigP(s.origPort())
                .setRespH(ByteBuffer.wrap(s.respAddr()))
                .setRespP(s.respPort())
                .setService(s.service())
                .setDuration(s.durationMicros())
                .setOrigBytes(s.origBytes())
                .setRespBytes(s.respBytes())
                .setConnState(CONN_STATES.map(s.connState()))
                .setMissedBytes(s.missedBytes())
                .setHistory(s.history())
                .setOrigPkts(s.origPkts())
                .setOrigIpBytes(orig.wireBytes())
                .setRespPkts(s.respPkts())
                .setRespIpBytes(resp.wireBytes())
                .setCommunityId(s.communityId())
                .setEndTs(s.endMicros())
                .setDomain(s.domain())
                .setIpVersion(s.ipVersion())
                .setVlanIds(List.of())
                .setOrigScope(ADDRESS_SCOPES.map(s.origScope()))
                .setOrigIpv4Class(ipv4Class(s.origAddr()))
                .setRespScope(ADDRESS_SCOPES.map(s.respScope()))
                .setRespIpv4Class(ipv4Class(s.respAddr()))
                .setRecordReason(RECORD_REASONS.map(s.recordReason()))
                .setInterim(s.interim())
                .setOrigState(TCP_STATES.map(orig.finalState()))
                .setRespState(TCP_STATES.map(resp.finalState()))
                .setCloseKind(CLOSE_KINDS.map(s.closeKind()))
                .setFirstCloser(s.firstCloser() == Side.NONE ? null : SIDES.map(s.firstCloser()))
                .setOriginatorGuessed(s.originatorGuessed())
                .setFlipReason(FlipReasons.of(s))
                .setRttSynToSynack(orNull(s.synRttMicros()))
                .setRttSynackToAck(orNull(s.ackRttMicros()))
                .setOrigMss(orNull(orig.mss()))
                .setOrigWindowScale(orNull(orig.windowScale()))
                .setOrigSackPermitted(orig.sackPermitted())
                .setOrigTimestamps(orig.timestamps())
                .setRespMss(orNull(resp.mss()))
                .setRespWindowScale(orNull(resp.windowScale()))
                .setRespSackPermitted(resp.sackPermitted())
                .setRespTimestamps(resp.timestamps())
                // RFC 7323 §2.2: scaling is in effect only when both SYNs carried the option.
                .setWindowScaling(orig.windowScale() >= 0 && resp.windowScale() >= 0)
                .setOrigRetransmittedPkts(orig.retransmittedPackets())
                .setOrigRetransmittedBytes(orig.retransmittedBytes())
                .setOrigRetransmissions(oc.retransmissions())
                .setOrigFastRetransmissions(oc.fastRetransmissions())
                .setOrigSpuriousRetransmissions(oc.spuriousRetransmissions())
                .setOrigOutOfOrder(oc.outOfOrder())
                .setOrigLostSegments(oc.lostSegments())
                .setOrigDupAcks(oc.dupAcks())
                .setOrigZeroWindows(oc.zeroWindows())
                .setOrigZeroWindowProbes(oc.zeroWindowProbes())
                .setOrigWindowFull(oc.windowFull())
                .setOrigWindowUpdates(oc.windowUpdates())
                .setOrigKeepAlives(oc.keepAlives())
                .setOrigMinWindow(orNull(orig.minWindow()))
                .setOrigMaxWindow(orNull(orig.maxWindow()))
                .setOrigZeroWindowTime(orig.zeroWindowMicros())
                .setRespRetransmittedPkts(resp.retransmittedPackets())
                .setRespRetransmittedBytes(resp.retransmittedBytes())
                .setRespRetransmissions(rc.retransmissions())
                .setRespFastRetransmissions(rc.fastRetransmissions())
                .setRespSpuriousRetransmissions(rc.spuriousRetransmissions())
                .setRespOutOfOrder(rc.outOfOrder())
                .setRespLostSegments(rc.lostSegments())
                .setRespDupAcks(rc.dupAcks())
                .setRespZeroWindows(rc.zeroWindows())
                .setRespZeroWindowProbes(rc.zeroWindowProbes())
                .setRespWindowFull(rc.windowFull())
                .setRespWindowUpdates(rc.windowUpdates())
                .setRespKeepAlives(rc.keepAlives())
                .setRespMinWindow(orNull(resp.minWindow()))
                .setRespMaxWindow(orNull(resp.maxWindow()))
                .setRespZeroWindowTime(resp.zeroWindowMicros())
                .setAnomalyCount(s.anomalyCount())
                .setDeltas(Deltas.of(s))
                .build();
    }

    /**
     * The wire form of a finding caused by a segment: {@code offending} is the segment whose step
     * produced it. The core's anomaly names its flow only by the unordered key and says whether the
     * originator sent the segment; the segment's addresses turn that into originator and responder, and
     * give the payload length the core does not keep.
     *
     * @throws IllegalArgumentException when {@code offending} belongs to another flow
     */
    public static TcpAnomaly toAvro(Anomaly anomaly, Segment offending) {
        Objects.requireNonNull(anomaly, "anomaly");
        Objects.requireNonNull(offending, "offending");
        if (!FlowKey.of(offending).equals(anomaly.key())) {
            throw new IllegalArgumentException(String.format(
                    "segment of flow %s cannot explain an anomaly of flow %s", FlowKey.of(offending), anomaly.key()));
        }
        boolean fromOrig = anomaly.fromOriginator();
        return base(anomaly)
                .setOrigH(ByteBuffer.wrap((fromOrig ? offending.srcAddr() : offending.dstAddr()).clone()))
                .setOrigP(fromOrig ? offending.srcPort() : offending.dstPort())
                .setRespH(ByteBuffer.wrap((fromOrig ? offending.dstAddr() : offending.srcAddr()).clone()))
                .setRespP(fromOrig ? offending.dstPort() : offending.srcPort())
                .setSender(fromOrig ? ConnectionSide.ORIGINATOR : ConnectionSide.RESPONDER)
                .setFlags(anomaly.flags())
                .setSeq(Integer.toUnsignedLong(anomaly.seq()))
                .setAck(Integer.toUnsignedLong(anomaly.ack()))
                .setPayloadLen(offending.payloadLen())
                .build();
    }

    /**
     * The wire form of a finding made when a timer fired (handshake, half-open, FIN_WAIT_2): there is no
     * offending segment, so sender and the segment fields are null. Such a finding always ends its
     * connection, so the same step carries the connection's final record; {@code record} is that record
     * and gives the originator and responder.
     *
     * @throws IllegalArgumentException when {@code record} is of another connection
     */
    public static TcpAnomaly toAvro(Anomaly anomaly, ConnectionSummary record) {
        Objects.requireNonNull(anomaly, "anomaly");
        Objects.requireNonNull(record, "record");
        if (!record.uid().equals(anomaly.uid())) {
            throw new IllegalArgumentException(String.format(
                    "record of connection %s cannot place an anomaly of connection %s", record.uid(), anomaly.uid()));
        }
        return base(anomaly)
                .setOrigH(ByteBuffer.wrap(record.origAddr()))
                .setOrigP(record.origPort())
                .setRespH(ByteBuffer.wrap(record.respAddr()))
                .setRespP(record.respPort())
                .build();
    }

    private static TcpAnomaly.Builder base(Anomaly anomaly) {
        return TcpAnomaly.newBuilder()
                .setTs(anomaly.tsMicros())
                .setDomain(anomaly.domain())
                .setUid(anomaly.uid())
                .setCommunityId(CommunityId.of(anomaly.key()))
                .setType(ANOMALY_TYPES.map(anomaly.type()))
                .setSeverity(SEVERITIES.map(anomaly.severity()))
                .setDetail(anomaly.detail());
    }

    /** The classful IPv4 class of {@code addr}; null for IPv6. */
    static Ipv4Class ipv4Class(byte[] addr) {
        char letter = AddressScope.ipv4Class(addr);
        return letter == '-' ? null : Ipv4Class.valueOf(String.valueOf(letter));
    }

    // The core writes -1 for "none seen" in RTTs, windows and SYN options.
    private static Long orNull(long value) {
        return value < 0 ? null : value;
    }

    private static Integer orNull(int value) {
        return value < 0 ? null : value;
    }
}
