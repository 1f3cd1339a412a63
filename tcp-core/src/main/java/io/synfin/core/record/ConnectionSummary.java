package io.synfin.core.record;

import io.synfin.core.net.AddressScope;

/**
 * The connection record (SPEC §6, → tcp.connections): Zeek's conn.log fields under Zeek's names where
 * they exist, then SynFin's own. Emitted once when the connection ends and as interim records.
 *
 * @param uid Zeek {@code uid}; stable, distinct per reuse of the 4-tuple
 * @param communityId Community ID v1 (Zeek {@code community_id} from the policy script)
 * @param domain observation domain
 * @param origAddr Zeek {@code id.orig_h}; not copied
 * @param origPort Zeek {@code id.orig_p}
 * @param respAddr Zeek {@code id.resp_h}; not copied
 * @param respPort Zeek {@code id.resp_p}
 * @param startMicros Zeek {@code ts}: first segment
 * @param endMicros last segment that counted for the duration
 * @param service Zeek {@code service}, here guessed from the responder port; null when unknown
 * @param connState Zeek {@code conn_state}
 * @param history Zeek {@code history}
 * @param orig originator direction (Zeek {@code orig_pkts}, {@code orig_bytes}, {@code orig_ip_bytes})
 * @param resp responder direction (Zeek {@code resp_pkts}, {@code resp_bytes}, {@code resp_ip_bytes})
 * @param originatorGuessed no handshake seen: the originator was guessed from ports
 * @param flips how often roles were flipped ({@code ^} in history)
 * @param flipReason why the last flip happened, or null
 * @param closeKind how it ended
 * @param recordReason why this record was emitted
 * @param firstCloser who sent the first FIN (or the RST)
 * @param synRttMicros SYN → SYN-ACK at the observer, or -1
 * @param ackRttMicros SYN-ACK → final ACK at the observer, or -1
 * @param origScope address scope of the originator
 * @param respScope address scope of the responder
 * @param anomalyCount anomalies reported for this connection so far
 * @param deltaOrigPackets originator packets since the previous record of this uid
 * @param deltaOrigBytes originator payload bytes since the previous record
 * @param deltaRespPackets responder packets since the previous record
 * @param deltaRespBytes responder payload bytes since the previous record
 */
public record ConnectionSummary(
        String uid,
        String communityId,
        int domain,
        byte[] origAddr,
        int origPort,
        byte[] respAddr,
        int respPort,
        long startMicros,
        long endMicros,
        String service,
        ConnState connState,
        String history,
        DirectionSummary orig,
        DirectionSummary resp,
        boolean originatorGuessed,
        int flips,
        String flipReason,
        CloseKind closeKind,
        RecordReason recordReason,
        Side firstCloser,
        long synRttMicros,
        long ackRttMicros,
        AddressScope origScope,
        AddressScope respScope,
        int anomalyCount,
        long deltaOrigPackets,
        long deltaOrigBytes,
        long deltaRespPackets,
        long deltaRespBytes) {

    /** Zeek {@code proto}: always tcp here. */
    public String proto() {
        return "tcp";
    }

    public int ipVersion() {
        return origAddr.length == 4 ? 4 : 6;
    }

    /** Zeek {@code duration}, microseconds. */
    public long durationMicros() {
        return endMicros - startMicros;
    }

    /** Zeek {@code orig_pkts}. */
    public long origPkts() {
        return orig.packets();
    }

    /** Zeek {@code resp_pkts}. */
    public long respPkts() {
        return resp.packets();
    }

    /** Zeek {@code orig_bytes}. */
    public long origBytes() {
        return orig.payloadBytes();
    }

    /** Zeek {@code resp_bytes}. */
    public long respBytes() {
        return resp.payloadBytes();
    }

    /** Zeek {@code missed_bytes}: both directions. */
    public long missedBytes() {
        return orig.missedBytes() + resp.missedBytes();
    }

    /** True for an interim record (more will follow with the same uid). */
    public boolean interim() {
        return recordReason == RecordReason.INTERIM;
    }
}
