package io.synfin.core.record;

/**
 * An endpoint as Zeek's TCP analyzer classifies it ({@code TCP_ENDPOINT_*}). This coarse view exists
 * beside the RFC 9293 state only because {@link ConnState} and history are defined over it.
 */
public enum ZeekEndpointState {
    /** Nothing sent yet. */
    INACTIVE,
    /** Sent a SYN without ACK. */
    SYN_SENT,
    /** Sent a SYN-ACK as originator (the handshake seen backwards). */
    SYN_ACK_SENT,
    /** Sent traffic without a SYN: picked up mid-stream. */
    PARTIAL,
    /** Handshake seen from this side. */
    ESTABLISHED,
    /** Sent a FIN. */
    CLOSED,
    /** Sent a RST. */
    RESET;

    /** Zeek's "inactive" for conn_state: nothing sent, or only mid-stream traffic. */
    public boolean inactive() {
        return this == INACTIVE || this == PARTIAL;
    }
}
