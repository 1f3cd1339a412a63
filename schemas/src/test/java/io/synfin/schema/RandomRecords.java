package io.synfin.schema;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * Builds generated records with every field filled from a seeded {@link Random}: union branches, array
 * lengths and values all vary, so a few hundred seeds touch every field and both sides of every union.
 */
public final class RandomRecords {

    private final Random random;

    public RandomRecords(long seed) {
        this.random = new Random(seed);
    }

    /** A record of {@code type} with every field set. */
    public <T extends IndexedRecord> T next(Class<T> type) {
        return type.cast(value(SpecificData.get().getSchema(type), ""));
    }

    private Object value(Schema schema, String fieldName) {
        return switch (schema.getType()) {
            case RECORD -> record(schema);
            case ENUM -> SpecificData.get().createEnum(pick(schema.getEnumSymbols()), schema);
            case UNION -> value(pick(schema.getTypes()), fieldName);
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(value(schema.getElementType(), fieldName));
                }
                yield items;
            }
            case STRING -> text();
            case BYTES -> {
                int length = fieldName.endsWith("_addr") || fieldName.endsWith("_h")
                        ? (random.nextBoolean() ? 4 : 16)
                        : random.nextInt(8);
                byte[] bytes = new byte[length];
                random.nextBytes(bytes);
                yield ByteBuffer.wrap(bytes);
            }
            case INT -> random.nextInt();
            case LONG -> random.nextLong();
            case BOOLEAN -> random.nextBoolean();
            case NULL -> null;
            default -> throw new IllegalArgumentException("SynFin schemas do not use " + schema.getType());
        };
    }

    private IndexedRecord record(Schema schema) {
        IndexedRecord record = (IndexedRecord) SpecificData.get().newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            record.put(field.pos(), value(field.schema(), field.name()));
        }
        return record;
    }

    private String text() {
        // Letters, JSON specials, a control character and a non-BMP character (surrogate pair).
        String alphabet = "ab Z9\"\\\n\t\u0001é\uD83D\uDE00";
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            int at = random.nextInt(alphabet.length() - 1);
            if (Character.isLowSurrogate(alphabet.charAt(at))) {
                at--;
            }
            text.append(alphabet.charAt(at));
            if (Character.isHighSurrogate(alphabet.charAt(at))) {
                text.append(alphabet.charAt(at + 1));
            }
        }
        return text.toString();
    }

    private <E> E pick(List<E> options) {
        return options.get(random.nextInt(options.size()));
    }
}
