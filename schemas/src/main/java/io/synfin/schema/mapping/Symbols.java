package io.synfin.schema.mapping;

import java.util.Objects;

/**
 * Maps the constants of one core enum to the generated Avro enum with the same symbols. Symbols are wire
 * identifiers shared by both sides, so the mapping is by name; a core constant without an Avro symbol is
 * a programmer error (the {@code .avsc} was not extended) and fails with a message that names both.
 */
final class Symbols<C extends Enum<C>, A extends Enum<A>> {

    private final Class<C> coreType;
    private final Class<A> avroType;
    // Indexed by the core constant's ordinal; null where the Avro enum lacks the symbol.
    private final A[] byOrdinal;

    private Symbols(Class<C> coreType, Class<A> avroType) {
        this.coreType = coreType;
        this.avroType = avroType;
        C[] core = coreType.getEnumConstants();
        @SuppressWarnings("unchecked")
        A[] mapped = (A[]) java.lang.reflect.Array.newInstance(avroType, core.length);
        for (A symbol : avroType.getEnumConstants()) {
            for (C constant : core) {
                if (constant.name().equals(symbol.name())) {
                    mapped[constant.ordinal()] = symbol;
                }
            }
        }
        this.byOrdinal = mapped;
    }

    static <C extends Enum<C>, A extends Enum<A>> Symbols<C, A> of(Class<C> coreType, Class<A> avroType) {
        return new Symbols<>(coreType, avroType);
    }

    /** The Avro symbol of {@code constant}; throws {@link IllegalArgumentException} when there is none. */
    A map(C constant) {
        Objects.requireNonNull(constant, coreType.getSimpleName());
        A symbol = byOrdinal[constant.ordinal()];
        if (symbol == null) {
            throw new IllegalArgumentException(String.format(
                    "%s.%s has no symbol in the Avro enum %s: append it to the .avsc (symbols are wire identifiers)",
                    coreType.getName(), constant.name(), avroType.getName()));
        }
        return symbol;
    }
}
