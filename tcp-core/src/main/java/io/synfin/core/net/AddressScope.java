package io.synfin.core.net;

/**
 * The scope of an address as SPEC §6 reports it for each side of a connection: the IPv4 private ranges
 * (RFC 1918), loopback, link-local (RFC 3927), multicast (class D), reserved (class E), limited broadcast
 * and public unicast, and the IPv6 equivalents (RFC 4291, RFC 4193 ULA).
 */
public enum AddressScope {
    /** 10.0.0.0/8 (RFC 1918). */
    PRIVATE_10,
    /** 172.16.0.0/12 (RFC 1918). */
    PRIVATE_172_16,
    /** 192.168.0.0/16 (RFC 1918). */
    PRIVATE_192_168,
    /** 127.0.0.0/8 or ::1. */
    LOOPBACK,
    /** 169.254.0.0/16 or fe80::/10. */
    LINK_LOCAL,
    /** 224.0.0.0/4 (class D) or ff00::/8. */
    MULTICAST,
    /** 240.0.0.0/4 (class E) except the broadcast address. */
    RESERVED,
    /** 255.255.255.255. */
    BROADCAST,
    /** 0.0.0.0/8 or :: ("this network", never a valid peer). */
    UNSPECIFIED,
    /** IPv6 unique local fc00::/7 (RFC 4193). */
    UNIQUE_LOCAL,
    /** Any other address: public IPv4 unicast, IPv6 global unicast. */
    PUBLIC;

    /** Classifies a 4- or 16-byte address. */
    public static AddressScope of(byte[] addr) {
        return addr.length == 4 ? ofV4(addr) : ofV6(addr);
    }

    private static AddressScope ofV4(byte[] a) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        if (b0 == 255 && b1 == 255 && (a[2] & 0xff) == 255 && (a[3] & 0xff) == 255) {
            return BROADCAST;
        }
        if (b0 == 10) {
            return PRIVATE_10;
        }
        if (b0 == 172 && (b1 & 0xf0) == 16) {
            return PRIVATE_172_16;
        }
        if (b0 == 192 && b1 == 168) {
            return PRIVATE_192_168;
        }
        if (b0 == 127) {
            return LOOPBACK;
        }
        if (b0 == 169 && b1 == 254) {
            return LINK_LOCAL;
        }
        if (b0 == 0) {
            return UNSPECIFIED;
        }
        if ((b0 & 0xf0) == 0xe0) {
            return MULTICAST;
        }
        if ((b0 & 0xf0) == 0xf0) {
            return RESERVED;
        }
        return PUBLIC;
    }

    private static AddressScope ofV6(byte[] a) {
        int b0 = a[0] & 0xff;
        if (b0 == 0xff) {
            return MULTICAST;
        }
        if (b0 == 0xfe && (a[1] & 0xc0) == 0x80) {
            return LINK_LOCAL;
        }
        if ((b0 & 0xfe) == 0xfc) {
            return UNIQUE_LOCAL;
        }
        boolean zeroPrefix = true;
        for (int i = 0; i < 15; i++) {
            zeroPrefix &= a[i] == 0;
        }
        if (zeroPrefix) {
            return a[15] == 1 ? LOOPBACK : a[15] == 0 ? UNSPECIFIED : PUBLIC;
        }
        return PUBLIC;
    }

    /**
     * The classful IPv4 class ('A'..'E') by the leading bits of the first octet (RFC 791, historic but
     * still reported, as the seed document does); {@code '-'} for IPv6.
     */
    public static char ipv4Class(byte[] addr) {
        if (addr.length != 4) {
            return '-';
        }
        int b0 = addr[0] & 0xff;
        if (b0 < 128) {
            return 'A';
        }
        if (b0 < 192) {
            return 'B';
        }
        if (b0 < 224) {
            return 'C';
        }
        return b0 < 240 ? 'D' : 'E';
    }

    /** Private, loopback or link-local: addresses that never appear on the public Internet. */
    public boolean isLocal() {
        return this == PRIVATE_10 || this == PRIVATE_172_16 || this == PRIVATE_192_168 || this == LOOPBACK
                || this == LINK_LOCAL || this == UNIQUE_LOCAL;
    }
}
