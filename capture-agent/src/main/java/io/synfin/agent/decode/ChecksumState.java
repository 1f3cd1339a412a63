package io.synfin.agent.decode;

/** What the decoder learned about a segment's TCP checksum (RFC 9293 §3.1, pseudo-header included). */
public enum ChecksumState {
    /** Verification is switched off (the default). */
    NOT_CHECKED,
    /** The whole segment was captured and its checksum is right. */
    GOOD,
    /** The whole segment was captured and its checksum is wrong. */
    BAD,
    /** The snaplen cut the segment, or it is an IP fragment: the sum cannot be computed. */
    NOT_VERIFIABLE
}
