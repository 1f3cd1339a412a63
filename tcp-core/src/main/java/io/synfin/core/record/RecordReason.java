package io.synfin.core.record;

/** Why a connection record was emitted (SPEC §6). */
public enum RecordReason {
    /** The connection closed (FIN exchange or RST) and its last timer ran. */
    CLOSED,
    /** A timeout ended the connection. */
    TIMEOUT,
    /** Periodic record of a long-lived connection; more records follow with the same uid. */
    INTERIM,
    /** The input ended (analyzer end of file, final watermark) while the connection was tracked. */
    END_OF_INPUT
}
