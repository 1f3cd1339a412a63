package io.synfin.core.record;

/**
 * Zeek's {@code conn_state} codes (conn.log), with Zeek's meanings. SynFin computes them from its
 * Zeek-style endpoint states exactly as Zeek's {@code conn/main.zeek} does (see {@link ConnStates}).
 */
public enum ConnState {
    /** Connection attempt seen, no reply. */
    S0,
    /** Connection established, not terminated. */
    S1,
    /** Normal establishment and termination. */
    SF,
    /** Connection attempt rejected. */
    REJ,
    /** Established, and close attempt by originator seen (but no reply from responder). */
    S2,
    /** Established, and close attempt by responder seen (but no reply from originator). */
    S3,
    /** Established, originator aborted (sent a RST). */
    RSTO,
    /** Responder sent a RST. */
    RSTR,
    /** Originator sent a SYN followed by a RST, never saw a SYN-ACK from the responder. */
    RSTOS0,
    /** Responder sent a SYN-ACK followed by a RST, never saw a SYN from the (purported) originator. */
    RSTRH,
    /** Originator sent a SYN followed by a FIN, never saw a SYN-ACK from the responder (half open). */
    SH,
    /** Responder sent a SYN-ACK followed by a FIN, never saw a SYN from the originator. */
    SHR,
    /** No SYN seen, just midstream traffic (one example: a partial connection never closed). */
    OTH
}
