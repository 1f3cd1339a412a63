package io.synfin.schema.serde;

/** Why a single-object encoded record could not be decoded; the dead-letter path counts by this reason. */
public enum DecodeFailure {
    /** Shorter than the 10-byte single-object header, or the first two bytes are not the marker C3 01. */
    BAD_HEADER,
    /** The header is well formed but its schema fingerprint belongs to no schema this codec knows. */
    UNKNOWN_SCHEMA,
    /** The schema is known but the body does not decode with it: truncated, trailing bytes, bad lengths or indexes. */
    CORRUPT_BODY
}
