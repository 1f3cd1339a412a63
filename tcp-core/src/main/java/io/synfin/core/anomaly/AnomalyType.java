package io.synfin.core.anomaly;

/**
 * Every finding the tracker reports (SPEC §7). The constant names are wire identifiers, shared with the
 * Avro enum: never rename one, only add.
 */
public enum AnomalyType {
    /** SYN unanswered past the handshake timeout (conn_state S0). */
    HANDSHAKE_TIMEOUT(Severity.LOW, false),
    /** SYN-ACK sent but the final ACK never seen: the SYN-flood victim side. */
    HALF_OPEN(Severity.MEDIUM, false),
    /** SYN answered by RST. */
    CONNECTION_REFUSED(Severity.LOW, false),
    /** SYN-ACK whose ack is not ISN+1, or a final ACK whose ack is not the SYN-ACK's seq+1. */
    HANDSHAKE_ACK_MISMATCH(Severity.MEDIUM, true),
    /** SYN or SYN-ACK that belongs to no live handshake: a delayed duplicate (RFC 9293 §3.5). */
    STALE_SYN(Severity.MEDIUM, true),
    /** SYN+FIN, SYN+RST, FIN+RST, no flags (NULL), FIN+PSH+URG (Xmas), FIN without ACK after the handshake. */
    INVALID_FLAGS(Severity.HIGH, true),
    /** MSS or window-scale option on a segment without SYN (RFC 9293 §3.7.1, RFC 7323 §2.2). */
    OPTION_OUTSIDE_SYN(Severity.LOW, true),
    /** Payload from an endpoint whose handshake is not complete. */
    DATA_BEFORE_ESTABLISHED(Severity.MEDIUM, true),
    /** Payload beyond the sequence number of the sender's own FIN. */
    DATA_AFTER_FIN(Severity.MEDIUM, true),
    /** RST whose seq is outside the receive window: not obeyed, an injection indicator (RFC 5961 §3). */
    RST_OUT_OF_WINDOW(Severity.HIGH, false),
    /** Data far outside the receive window. */
    SEQ_JUMP(Severity.MEDIUM, true),
    /** New SYN on a 4-tuple still in TIME_WAIT. */
    PORT_REUSE_IN_TIME_WAIT(Severity.INFO, false),
    /** One side closed and the other stayed silent past the FIN_WAIT_2 timeout: an orphaned half-close. */
    FIN_WAIT_2_TIMEOUT(Severity.LOW, false),
    /** Payload above the peer's MSS, or above 65495 bytes (65535 − 20 − 20). */
    OVERSIZED_SEGMENT(Severity.LOW, true),
    /** Source equals destination (land), TCP to broadcast or multicast, or a class E / multicast source. */
    BAD_ADDRESS(Severity.HIGH, true),
    /** Header facts that cannot be right: data offset below 5 words or above 15. */
    MALFORMED_HEADER(Severity.MEDIUM, true),
    /** Retransmitted payload segments in one direction reached the configured threshold. */
    EXCESSIVE_RETRANSMISSIONS(Severity.LOW, true);

    private final Severity defaultSeverity;
    private final boolean oncePerConnection;

    AnomalyType(Severity defaultSeverity, boolean oncePerConnection) {
        this.defaultSeverity = defaultSeverity;
        this.oncePerConnection = oncePerConnection;
    }

    public Severity defaultSeverity() {
        return defaultSeverity;
    }

    /** True for findings reported at most once per connection (Zeek's per-connection weird policy). */
    public boolean oncePerConnection() {
        return oncePerConnection;
    }
}
