package io.synfin.core.state;

/** The timers a connection can have pending (SPEC §5); the earliest is the key's one deadline. */
public enum TimerKind {
    /** SYN unanswered: {@code handshakeTimeout} after the first SYN. */
    HANDSHAKE,
    /** SYN-ACK sent, final ACK missing: {@code halfOpenTimeout}. */
    HALF_OPEN,
    /** One side closed and acknowledged, the other silent: {@code finWait2Timeout} after the last segment. */
    FIN_WAIT_2,
    /** No segment: {@code idleTimeout} after the last one. */
    IDLE,
    /** Connection closed: 2MSL of TIME_WAIT (or the RST linger) before the record and the state go. */
    CLOSE,
    /** Next interim record of a long-lived connection. */
    INTERIM
}
