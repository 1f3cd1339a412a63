package io.synfin.core.state;

/**
 * What most directions never need (retransmitted and missed bytes, FIN retransmissions, zero windows, bad
 * checksums, content gaps, data beyond holes, the last RST's position): an {@link EndpointTracker}
 * allocates it at the first such event, so tens of thousands of live connections do not each carry it.
 */
final class EndpointExtras {

    /** All defaults, for reading a direction that has none; never written. */
    static final EndpointExtras NONE = new EndpointExtras();

    long histLastRst = Long.MIN_VALUE;
    int checksumCount;
    int gapCount;
    int zeroWindowCount;
    long rxmitBytes;
    long missedBytes;
    long finRetransmissions;
    long zeroWindowSince = -1;
    long zeroWindowMicros;
    /** The data seen beyond holes, once there was any; it then holds the contiguous end as well. */
    ContentGaps gaps;

    boolean isDefault() {
        return histLastRst == Long.MIN_VALUE && checksumCount == 0 && gapCount == 0 && zeroWindowCount == 0
                && rxmitBytes == 0 && missedBytes == 0 && finRetransmissions == 0 && zeroWindowSince == -1
                && zeroWindowMicros == 0 && gaps == null;
    }
}
