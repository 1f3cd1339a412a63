package io.synfin.core.flow;

/** Text forms of raw IPv4/IPv6 addresses, without name lookups (InetAddress may resolve). */
public final class Addresses {

    private Addresses() {}

    /** Dotted quad for 4 bytes; RFC 5952 text (lower case, longest zero run as {@code ::}) for 16. */
    public static String format(byte[] addr) {
        if (addr.length == 4) {
            return (addr[0] & 0xff) + "." + (addr[1] & 0xff) + "." + (addr[2] & 0xff) + "." + (addr[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((addr[2 * i] & 0xff) << 8) | (addr[2 * i + 1] & 0xff);
        }
        // RFC 5952 §4.2: compress the longest run of two or more zero groups, the first one on a tie.
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            text.append(Integer.toHexString(groups[i]));
            if (i < 7) {
                text.append(':');
            }
        }
        return text.toString();
    }

    /** Parses dotted-quad IPv4 or full/compressed IPv6 text; for tests, configs and tools. */
    public static byte[] parse(String text) {
        if (text.indexOf(':') < 0) {
            String[] parts = text.split("\\.");
            if (parts.length != 4) {
                throw new IllegalArgumentException(String.format("not an IPv4 address: %s", text));
            }
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                out[i] = (byte) Integer.parseInt(parts[i]);
            }
            return out;
        }
        String[] halves = text.split("::", -1);
        String[] head = halves[0].isEmpty() ? new String[0] : halves[0].split(":");
        String[] tail = halves.length > 1 && !halves[1].isEmpty() ? halves[1].split(":") : new String[0];
        if (halves.length > 2 || (halves.length == 1 && head.length != 8)) {
            throw new IllegalArgumentException(String.format("not an IPv6 address: %s", text));
        }
        byte[] out = new byte[16];
        for (int i = 0; i < head.length; i++) {
            putGroup(out, i, head[i]);
        }
        for (int i = 0; i < tail.length; i++) {
            putGroup(out, 8 - tail.length + i, tail[i]);
        }
        return out;
    }

    private static void putGroup(byte[] out, int index, String group) {
        int value = Integer.parseInt(group, 16);
        out[2 * index] = (byte) (value >>> 8);
        out[2 * index + 1] = (byte) value;
    }
}
