package io.synfin.core.record;

/** Which endpoint did something first (who closed first), or neither. */
public enum Side {
    ORIGINATOR,
    RESPONDER,
    NONE
}
