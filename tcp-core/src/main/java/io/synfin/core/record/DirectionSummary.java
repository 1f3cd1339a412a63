package io.synfin.core.record;

import io.synfin.core.analysis.DirectionCounters;
import io.synfin.core.state.TcpState;

/**
 * What one endpoint sent over the connection's life (SPEC §6, per direction).
 *
 * @param packets segments sent (Zeek {@code orig_pkts}/{@code resp_pkts})
 * @param payloadBytes payload bytes from sequence space, without SYN/FIN octets, right past 4 GiB
 *     (Zeek {@code orig_bytes}/{@code resp_bytes})
 * @param wireBytes sum of IP total lengths (Zeek {@code orig_ip_bytes}/{@code resp_ip_bytes})
 * @param retransmittedPackets payload segments at or below the highest sequence already seen
 * @param retransmittedBytes their payload bytes
 * @param missedBytes bytes the peer acknowledged that were never seen (Zeek {@code missed_bytes} share)
 * @param finRetransmissions repeated FINs (e.g. in TIME_WAIT after a lost last ACK)
 * @param minWindow smallest advertised window, effective (scaled when negotiated); -1 when none seen
 * @param maxWindow largest advertised window, effective; -1 when none seen
 * @param zeroWindowMicros time spent advertising a zero window
 * @param mss MSS option of this side's SYN, or -1
 * @param windowScale window-scale shift of this side's SYN, or -1
 * @param sackPermitted SACK-permitted in this side's SYN
 * @param timestamps timestamps option in this side's SYN
 * @param finalState the endpoint's RFC 9293 state when the record was made
 * @param counters Wireshark-style analysis counters
 */
public record DirectionSummary(
        long packets,
        long payloadBytes,
        long wireBytes,
        long retransmittedPackets,
        long retransmittedBytes,
        long missedBytes,
        long finRetransmissions,
        long minWindow,
        long maxWindow,
        long zeroWindowMicros,
        int mss,
        int windowScale,
        boolean sackPermitted,
        boolean timestamps,
        TcpState finalState,
        DirectionCounters.Snapshot counters) {}
