package io.synfin.core.segment;

/**
 * The nine TCP flags as an {@code int} bit mask, in the bit positions of the TCP header (RFC 9293 §3.1,
 * RFC 3168 for ECE/CWR, RFC 3540 for NS, now AE in RFC 9768), and their text forms.
 *
 * <p>Flags travel through SynFin as a plain mask: the decoder copies the low 9 bits of the header's
 * data-offset/flags word, and everything downstream tests bits with {@link #has(int, int)}.
 */
public final class TcpFlags {

    public static final int FIN = 0x001;
    public static final int SYN = 0x002;
    public static final int RST = 0x004;
    public static final int PSH = 0x008;
    public static final int ACK = 0x010;
    public static final int URG = 0x020;
    public static final int ECE = 0x040;
    public static final int CWR = 0x080;
    /** NS (RFC 3540), renamed AE (Accurate ECN) by RFC 9768. */
    public static final int NS = 0x100;

    /** Every defined flag bit. */
    public static final int ALL = 0x1FF;

    // tcpdump's print order and letters (print-tcp.c tcp_flag_values): ACK prints as '.'.
    private static final int[] TCPDUMP_BITS = {FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, NS};
    private static final char[] TCPDUMP_CHARS = {'F', 'S', 'R', 'P', '.', 'U', 'E', 'W', 'e'};

    private TcpFlags() {}

    /** True when every bit of {@code flag} is set in {@code flags}. */
    public static boolean has(int flags, int flag) {
        return (flags & flag) == flag;
    }

    /**
     * The flags in tcpdump's notation: {@code S}, {@code S.}, {@code .}, {@code P.}, {@code F.},
     * {@code R}, {@code R.}, with {@code U}, {@code E}, {@code W} (and {@code e} for NS) where set;
     * {@code none} when no flag is set.
     */
    public static String toTcpdump(int flags) {
        if ((flags & ALL) == 0) {
            return "none";
        }
        StringBuilder text = new StringBuilder(4);
        for (int i = 0; i < TCPDUMP_BITS.length; i++) {
            if ((flags & TCPDUMP_BITS[i]) != 0) {
                text.append(TCPDUMP_CHARS[i]);
            }
        }
        return text.toString();
    }
}
