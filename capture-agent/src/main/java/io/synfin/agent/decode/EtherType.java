package io.synfin.agent.decode;

/**
 * The EtherType values the decoder follows (IEEE Registration Authority EtherType registry). An open
 * registry, so plain {@code int} constants and a {@link #name(int)} that never throws.
 */
public final class EtherType {

    /** Values up to 1500 are an IEEE 802.3 length field, not a type (IEEE 802.3 §3.2.6). */
    public static final int MAX_802_3_LENGTH = 1500;
    /** Internet Protocol version 4 (RFC 894). */
    public static final int IPV4 = 0x0800;
    /** IEEE 802.1Q customer VLAN tag. */
    public static final int VLAN = 0x8100;
    /** Internet Protocol version 6 (RFC 8200, RFC 2464). */
    public static final int IPV6 = 0x86DD;
    /** MPLS unicast (RFC 3032 §5). */
    public static final int MPLS_UNICAST = 0x8847;
    /** MPLS multicast (RFC 5332). */
    public static final int MPLS_MULTICAST = 0x8848;
    /** PPPoE session stage (RFC 2516 §4). */
    public static final int PPPOE_SESSION = 0x8864;
    /** IEEE 802.1ad service VLAN tag (QinQ outer tag). */
    public static final int QINQ = 0x88A8;
    /** IEEE 802.1ah provider backbone bridging I-tag. */
    public static final int PBB = 0x88E7;
    /** Cisco FabricPath (DCE) outer header. */
    public static final int FABRICPATH = 0x8903;
    /** Pre-standard QinQ outer tag some switches still send. */
    public static final int QINQ_LEGACY = 0x9100;

    private EtherType() {}

    /** A readable name, {@code "unknown(0x…)"} for types SynFin does not follow. */
    public static String name(int etherType) {
        if (etherType >= 0 && etherType <= MAX_802_3_LENGTH) {
            return "802.3-length(" + etherType + ")";
        }
        return switch (etherType) {
            case IPV4 -> "IPv4";
            case VLAN -> "802.1Q";
            case IPV6 -> "IPv6";
            case MPLS_UNICAST -> "MPLS";
            case MPLS_MULTICAST -> "MPLS-multicast";
            case PPPOE_SESSION -> "PPPoE-session";
            case QINQ -> "802.1ad";
            case PBB -> "802.1ah";
            case FABRICPATH -> "FabricPath";
            case QINQ_LEGACY -> "QinQ-0x9100";
            default -> String.format("unknown(0x%04x)", etherType);
        };
    }
}
