package io.synfin.agent.decode;

/**
 * The outcome of decoding one frame, one constant per outcome, named like Suricata's decode events.
 * Every frame ends as exactly one status, counted in {@link DecodeCounters}.
 *
 * <p>Only {@link #OK} yields a segment. Everything else leaves the sink's content undefined and the
 * frame is counted, never thrown. {@code OK} covers three cases that are data, not damage: a first
 * IP fragment (offset 0, more-fragments set; its fragment info is recorded), a TCP checksum found
 * wrong (recorded as {@link ChecksumState#BAD}), and a payload the snaplen cut (the payload length
 * still comes from the IP lengths). Lengths are checked in the order Suricata checks them: captured
 * bytes cover the fixed header, the header length field is at least its minimum, the header length
 * fits the capture, the total length is consistent.
 */
public enum DecodeStatus {
    /** A TCP segment was decoded into the sink. */
    OK,
    /** The link layer carries something other than IPv4/IPv6 (ARP, LLC/802.3 length field, …). */
    NOT_IP,
    /** The IP datagram carries another protocol, or IPv6 "no next header" (59). */
    NOT_TCP,
    /** A non-first IP fragment (offset above 0): no TCP header in it. */
    IP_FRAGMENT,
    /** The frame's LINKTYPE_* value is not one the decoder knows. */
    UNKNOWN_LINK_TYPE,
    /** The link-layer header, or a tag / label / shim after it, runs past the captured bytes. */
    LINK_HEADER_TRUNCATED,
    /** Fewer than 20 bytes remain for the IPv4 header. */
    IPV4_HEADER_TOO_SHORT,
    /** IPv4 IHL field below 5 (RFC 791: the header is at least 5 words). */
    IPV4_IHL_BELOW_5,
    /** IPv4 total length smaller than the header length the IHL declares. */
    IPV4_TOTAL_LENGTH_BELOW_HEADER,
    /** IPv4 total length larger than the frame on the wire (not a snaplen cut). */
    IPV4_TOTAL_LENGTH_PAST_CAPTURE,
    /** The IP version nibble differs from what the link layer announced. */
    IP_VERSION_MISMATCH,
    /** Fewer than 40 bytes remain for the IPv6 header. */
    IPV6_HEADER_TOO_SHORT,
    /** IPv6 payload length larger than the frame on the wire (not a snaplen cut). */
    IPV6_PAYLOAD_LENGTH_PAST_CAPTURE,
    /** An IPv6 extension header runs past the end of the datagram. */
    IPV6_EXTENSION_CHAIN_OVERRUN,
    /** The datagram leaves fewer than 20 bytes for the TCP header. */
    TCP_HEADER_TOO_SHORT,
    /** TCP data offset below 5 (RFC 9293 §3.1). */
    TCP_DATA_OFFSET_BELOW_5,
    /** TCP data offset larger than the segment the IP lengths give. */
    TCP_DATA_OFFSET_PAST_SEGMENT,
    /** A TCP option's kind or length byte, or its body, runs past the end of the header. */
    TCP_OPTIONS_OVERRUN,
    /** A TCP option length below 2, or not the fixed length of its kind (RFC 9293, 7323, 2018). */
    TCP_OPTION_BAD_LENGTH,
    /** The snaplen cut the frame before the end of the TCP header (IP headers included). */
    TRUNCATED_BY_SNAPLEN;

    private static final DecodeStatus[] VALUES = values();

    /** The constant of an ordinal, without the copy {@link #values()} makes. */
    static DecodeStatus of(int ordinal) {
        return VALUES[ordinal];
    }

    static int count() {
        return VALUES.length;
    }
}
