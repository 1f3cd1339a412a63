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
        // Plain setters, every field set (ConnectionRecordMappingTest checks the record is complete): the
        // builder validates each value and looks up defaults, which cost more than the mapping itself.
        ConnectionRecord r = new ConnectionRecord();
        r.setTs(s.startMicros());
        r.setUid(s.uid());
        r.setOrigH(ByteBuffer.wrap(s.origAddr()));
        r.setOrigP(s.origPort());
        r.setRespH(ByteBuffer.wrap(s.respAddr()));
        r.setRespP(s.respPort());
        r.setService(s.service());
        r.setDuration(s.durationMicros());
        r.setOrigBytes(s.origBytes());
        r.setRespBytes(s.respBytes());
        r.setConnState(CONN_STATES.map(s.connState()));
        r.setMissedBytes(s.missedBytes());
        r.setHistory(s.history());
        r.setOrigPkts(s.origPkts());
        r.setOrigIpBytes(orig.wireBytes());
        r.setRespPkts(s.respPkts());
        r.setRespIpBytes(resp.wireBytes());
        r.setCommunityId(s.communityId());
        r.setEndTs(s.endMicros());
        r.setDomain(s.domain());
        r.setIpVersion(s.ipVersion());
        r.setVlanIds(List.of());
        r.setOrigScope(ADDRESS_SCOPES.map(s.origScope()));
        r.setOrigIpv4Class(ipv4Class(s.origAddr()));
        r.setRespScope(ADDRESS_SCOPES.map(s.respScope()));
        r.setRespIpv4Class(ipv4Class(s.respAddr()));
        r.setRecordReason(RECORD_REASONS.map(s.recordReason()));
        r.setInterim(s.interim());
        r.setOrigState(TCP_STATES.map(orig.finalState()));
        r.setRespState(TCP_STATES.map(resp.finalState()));
        r.setCloseKind(CLOSE_KINDS.map(s.closeKind()));
        r.setFirstCloser(s.firstCloser() == Side.NONE ? null : SIDES.map(s.firstCloser()));
        r.setOriginatorGuessed(s.originatorGuessed());
        r.setFlipReason(FlipReasons.of(s));
        r.setRttSynToSynack(orNull(s.synRttMicros()));
        r.setRttSynackToAck(orNull(s.ackRttMicros()));
        r.setOrigMss(orNull(orig.mss()));
        r.setOrigWindowScale(orNull(orig.windowScale()));
        r.setOrigSackPermitted(orig.sackPermitted());
        r.setOrigTimestamps(orig.timestamps());
        r.setRespMss(orNull(resp.mss()));
        r.setRespWindowScale(orNull(resp.windowScale()));
        r.setRespSackPermitted(resp.sackPermitted());
        r.setRespTimestamps(resp.timestamps());
        // RFC 7323 §2.2: scaling is in effect only when both SYNs carried the option.
        r.setWindowScaling(orig.windowScale() >= 0 && resp.windowScale() >= 0);
        r.setOrigRetransmittedPkts(orig.retransmittedPackets());
        r.setOrigRetransmittedBytes(orig.retransmittedBytes());
        r.setOrigRetransmissions(oc.retransmissions());
        r.setOrigFastRetransmissions(oc.fastRetransmissions());
        r.setOrigSpuriousRetransmissions(oc.spuriousRetransmissions());
        r.setOrigOutOfOrder(oc.outOfOrder());
        r.setOrigLostSegments(oc.lostSegments());
        r.setOrigDupAcks(oc.dupAcks());
        r.setOrigZeroWindows(oc.zeroWindows());
        r.setOrigZeroWindowProbes(oc.zeroWindowProbes());
        r.setOrigWindowFull(oc.windowFull());
        r.setOrigWindowUpdates(oc.windowUpdates());
        r.setOrigKeepAlives(oc.keepAlives());
        r.setOrigMinWindow(orNull(orig.minWindow()));
        r.setOrigMaxWindow(orNull(orig.maxWindow()));
        r.setOrigZeroWindowTime(orig.zeroWindowMicros());
        r.setRespRetransmittedPkts(resp.retransmittedPackets());
        r.setRespRetransmittedBytes(resp.retransmittedBytes());
        r.setRespRetransmissions(rc.retransmissions());
        r.setRespFastRetransmissions(rc.fastRetransmissions());
        r.setRespSpuriousRetransmissions(rc.spuriousRetransmissions());
        r.setRespOutOfOrder(rc.outOfOrder());
        r.setRespLostSegments(rc.lostSegments());
        r.setRespDupAcks(rc.dupAcks());
        r.setRespZeroWindows(rc.zeroWindows());
        r.setRespZeroWindowProbes(rc.zeroWindowProbes());
        r.setRespWindowFull(rc.windowFull());
        r.setRespWindowUpdates(rc.windowUpdates());
        r.setRespKeepAlives(rc.keepAlives());
        r.setRespMinWindow(orNull(resp.minWindow()));
        r.setRespMaxWindow(orNull(resp.maxWindow()));
        r.setRespZeroWindowTime(resp.zeroWindowMicros());
        r.setAnomalyCount(s.anomalyCount());
        r.setDeltas(Deltas.of(s));
        return r;
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
