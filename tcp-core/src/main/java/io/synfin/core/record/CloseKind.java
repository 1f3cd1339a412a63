package io.synfin.core.record;

/** How a connection ended, as SynFin reports it beside Zeek's conn_state (SPEC §6). */
public enum CloseKind {
    /** FIN, ACK, FIN, ACK: each side's FIN acknowledged by a separate segment. */
    FOUR_WAY,
    /** The passive closer's FIN also acknowledged the first FIN: the three-segment close. */
    FIN_ACK_COMBINED,
    /** Both sides sent FIN before seeing the other's: both went through CLOSING. */
    SIMULTANEOUS,
    /** One side closed, the other never did before a timer ran (FIN_WAIT_2 orphan or idle). */
    HALF_CLOSED_TIMEOUT,
    /** An accepted RST from the originator ended the connection. */
    RESET_BY_ORIGINATOR,
    /** An accepted RST from the responder ended an established connection. */
    RESET_BY_RESPONDER,
    /** The SYN was answered by a RST. */
    REFUSED,
    /** The SYN was never answered within the handshake timeout. */
    HANDSHAKE_TIMEOUT,
    /** The SYN-ACK was sent but the final ACK never came (SYN-flood victim side). */
    HALF_OPEN_TIMEOUT,
    /** No segment for the idle timeout. */
    IDLE_TIMEOUT,
    /** Still open: an interim record, or the input ended first. */
    STILL_OPEN
}
