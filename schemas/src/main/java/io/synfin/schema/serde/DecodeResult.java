package io.synfin.schema.serde;

import java.util.Objects;

/**
 * The outcome of decoding one record: the record, or the reason it could not be decoded. Bad input is a
 * value here, never an exception, so a consumer can count it and move on.
 */
public sealed interface DecodeResult<T> permits DecodeResult.Decoded, DecodeResult.Failed {

    /** A record that decoded. */
    record Decoded<T>(T value) implements DecodeResult<T> {
        public Decoded {
            Objects.requireNonNull(value, "value");
        }
    }

    /** Input that did not decode, with the reason and a short human-readable detail. */
    record Failed<T>(DecodeFailure reason, String detail) implements DecodeResult<T> {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** The decoded record, or {@code null} when decoding failed. */
    default T valueOrNull() {
        return this instanceof Decoded<T> decoded ? decoded.value() : null;
    }
}
