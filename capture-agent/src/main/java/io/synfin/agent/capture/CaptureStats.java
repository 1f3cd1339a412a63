package io.synfin.agent.capture;

/**
 * libpcap's own counters for a live capture (pcap_stats): packets the filter saw, packets the kernel
 * dropped for lack of buffer space, and packets the interface or its driver dropped. Their exact
 * meaning varies by platform, as pcap_stats(3PCAP) says; on Linux they are cumulative since opening.
 */
public record CaptureStats(long received, long droppedByKernel, long droppedByInterface) {}
