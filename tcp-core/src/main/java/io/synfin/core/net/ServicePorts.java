package io.synfin.core.net;

/**
 * Which TCP ports are servers: the service name guessed from the responder's port (SPEC §6) and the
 * "likely server port" test of the mid-stream originator guess (SPEC §4).
 *
 * <p>The table holds the TCP ports that Zeek's base protocol analyzers register in its default mode
 * (each {@code scripts/base/protocols/<name>/main.zeek} adds its {@code ports} to
 * {@code likely_server_ports}), so SynFin's guesses agree with Zeek's default-mode conn.log. The
 * service names are Zeek's analyzer names in lower case.
 */
public final class ServicePorts {

    private static final String[] NAMES = new String[65536];

    static {
        register("ftp", 21, 2811);
        register("ssh", 22);
        register("smtp", 25, 587);
        register("dns", 53);
        register("finger", 79);
        register("http", 80, 81, 631, 3128, 8000, 8080, 8888);
        register("krb_tcp", 88);
        register("pop3", 110);
        register("dce_rpc", 135);
        register("smb", 139, 445);
        register("imap", 143);
        register("ldap", 389, 3268);
        register("ssl", 443, 563, 585, 614, 636, 989, 990, 992, 993, 995, 5223);
        register("modbus", 502);
        register("socks", 1080);
        register("mysql", 1434, 3306);
        register("rdp", 3389);
        register("xmpp", 5222, 5269);
        register("postgresql", 5432);
        register("redis", 6379);
        register("irc", 6666, 6667, 6668, 6669);
        register("dnp3", 20000);
    }

    private ServicePorts() {}

    private static void register(String name, int... ports) {
        for (int port : ports) {
            NAMES[port] = name;
        }
    }

    /** The service registered for {@code port}, or {@code null} when none is. */
    public static String service(int port) {
        return port >= 0 && port < NAMES.length ? NAMES[port] : null;
    }

    /** True when {@code port} is in the likely-server table. */
    public static boolean isLikelyServer(int port) {
        return service(port) != null;
    }

    /**
     * Zeek's rule for a connection whose first segment is not a plain SYN: the sender of that segment is
     * taken as originator unless its port is a likely server port. When both ports are, a SYN-ACK is
     * swapped (its receiver sent the SYN) and any other segment only when its source port is the lower
     * one; this is what Zeek's default-mode baselines show (a SYN-ACK from port 80 to IRC port 6669 is
     * logged with the 6669 side as originator).
     *
     * @return true when the first segment's receiver should be the originator
     */
    public static boolean flipMidStream(int srcPort, int dstPort, boolean syn) {
        if (!isLikelyServer(srcPort)) {
            return false;
        }
        if (isLikelyServer(dstPort)) {
            return syn || srcPort < dstPort;
        }
        return true;
    }
}
