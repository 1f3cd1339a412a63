package io.synfin.agent.capture;

/**
 * The link-layer header types SynFin decodes, as LINKTYPE_* values of the pcap and pcapng formats
 * (tcpdump.org link-layer header types registry). An open registry: unknown values are carried as
 * plain {@code int}s and named by {@link #name(int)}.
 */
public final class LinkType {

    /** BSD loopback: a 4-byte address family in the capturing host's byte order. */
    public static final int NULL = 0;
    /** Ethernet II / 802.3 (tcpdump -i lo and most interfaces). */
    public static final int ETHERNET = 1;
    /** Raw IP, version from the first nibble (LINKTYPE_RAW). */
    public static final int RAW = 101;
    /** OpenBSD loopback: a 4-byte address family in network byte order. */
    public static final int LOOP = 108;
    /** Linux cooked capture v1 (16-byte header). */
    public static final int LINUX_SLL = 113;
    /** Raw IPv4. */
    public static final int IPV4 = 228;
    /** Raw IPv6. */
    public static final int IPV6 = 229;
    /** Linux cooked capture v2 (20-byte header), what tcpdump -i any writes with libpcap 1.10. */
    public static final int LINUX_SLL2 = 276;
    /** DLT_RAW as some systems number it in pcap files (OpenBSD 14, others 12). */
    public static final int DLT_RAW_12 = 12;

    public static final int DLT_RAW_14 = 14;

    private LinkType() {}

    /** A readable name, {@code "unknown(N)"} for values SynFin does not decode. */
    public static String name(int linkType) {
        return switch (linkType) {
            case NULL -> "NULL";
            case ETHERNET -> "EN10MB";
            case RAW, DLT_RAW_12, DLT_RAW_14 -> "RAW";
            case LOOP -> "LOOP";
            case LINUX_SLL -> "LINUX_SLL";
            case IPV4 -> "IPV4";
            case IPV6 -> "IPV6";
            case LINUX_SLL2 -> "LINUX_SLL2";
            default -> "unknown(" + linkType + ")";
        };
    }
}
