package io.synfin.core.record;

/**
 * Wireshark-style segment-analysis counters of one direction (SPEC §5), copied from the segment
 * analysis into the record; all zero while that analysis is not wired in.
 */
public record WiresharkCounters(
        long retransmissions,
        long fastRetransmissions,
        long spuriousRetransmissions,
        long outOfOrder,
        long lostSegments,
        long dupAcks,
        long zeroWindows,
        long zeroWindowProbes,
        long windowFull,
        long windowUpdates,
        long keepAlives,
        long retransmittedBytes) {

    public static final WiresharkCounters ZERO = new WiresharkCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
