package io.synfin.core.segment;

import java.util.Objects;

/**
 * One TCP segment as the connection tracker consumes it: the header facts a passive observer has, no
 * payload bytes. Built by the capture path (decoder → segment) in the analyzer and from the Avro
 * {@code TcpSegment} in the Flink job, so both runtimes feed the tracker the same value.
 *
 * <p>Sequence and acknowledgment numbers are the raw 32-bit header values held in an {@code int};
 * compare them only with serial-number arithmetic, never with {@code <}.
 *
 * @param tsMicros capture time, microseconds since the Unix epoch
 * @param domain observation domain (SPEC §4): agents that share one see one connection
 * @param srcAddr source address, 4 (IPv4) or 16 (IPv6) bytes in network order; not copied, do not mutate
 * @param dstAddr destination address, same length as {@code srcAddr}
 * @param srcPort source port, 0..65535
 * @param dstPort destination port, 0..65535
 * @param seq sequence number (raw 32 bits)
 * @param ack acknowledgment number (raw 32 bits; meaningful only with the ACK flag)
 * @param flags the 9 flags as a {@link TcpFlags} bit mask
 * @param window raw advertised window, before scaling
 * @param payloadLen TCP payload length from the IP lengths
 * @param ipTotalLen IP datagram length (IPv4 total length; IPv6 payload length + 40)
 * @param ttl IPv4 TTL or IPv6 hop limit
 * @param options the parsed TCP options, {@link SegmentOptions#NONE} when the header has none
 * @param checksumBad true when the capture path verified the TCP checksum and it was wrong
 */
public record Segment(
        long tsMicros,
        int domain,
        byte[] srcAddr,
        byte[] dstAddr,
        int srcPort,
        int dstPort,
        int seq,
        int ack,
        int flags,
        int window,
        int payloadLen,
        int ipTotalLen,
        int ttl,
        SegmentOptions options,
        boolean checksumBad) {

    public Segment {
        Objects.requireNonNull(srcAddr, "srcAddr");
        Objects.requireNonNull(dstAddr, "dstAddr");
        Objects.requireNonNull(options, "options");
        if ((srcAddr.length != 4 && srcAddr.length != 16) || srcAddr.length != dstAddr.length) {
            throw new IllegalArgumentException(String.format(
                    "addresses must both be 4 or 16 bytes, got %d and %d", srcAddr.length, dstAddr.length));
        }
    }

    /** 4 or 6, from the address length. */
    public int ipVersion() {
        return srcAddr.length == 4 ? 4 : 6;
    }

    public boolean has(int flag) {
        return TcpFlags.has(flags, flag);
    }
}
