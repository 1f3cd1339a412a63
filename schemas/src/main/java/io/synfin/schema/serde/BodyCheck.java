package io.synfin.schema.serde;

import java.util.List;
import org.apache.avro.Schema;

/**
 * Walks an Avro binary body against its writer schema without building anything, and says whether every
 * length, count and index in it is possible. Run before Avro decodes, it keeps corrupt input from reaching
 * Avro's readers, which allocate a string, bytes or array of whatever length the input claims (up to
 * 2 GiB) before noticing that the bytes are not there.
 */
final class BodyCheck {

    /** Nesting deeper than this is treated as corrupt; SynFin's schemas nest three levels. */
    static final int MAX_DEPTH = 64;

    /** Items that encode to zero bytes (null, empty records) are not bounded by the body length; these are. */
    static final long MAX_EMPTY_ITEMS = 1 << 16;

    private final byte[] bytes;
    private final int limit;
    private int pos;

    private BodyCheck(byte[] bytes, int offset, int limit) {
        this.bytes = bytes;
        this.pos = offset;
        this.limit = limit;
    }

    /**
     * Checks {@code bytes[offset, limit)} as exactly one datum of {@code schema}.
     *
     * @return {@code null} when the body is well formed, otherwise what is wrong with it
     */
    static String check(Schema schema, byte[] bytes, int offset, int limit) {
        BodyCheck check = new BodyCheck(bytes, offset, limit);
        try {
            check.datum(schema, 0);
        } catch (Corrupt corrupt) {
            return corrupt.getMessage();
        }
        if (check.pos != limit) {
            return String.format("%d trailing bytes after the record", limit - check.pos);
        }
        return null;
    }

    private void datum(Schema schema, int depth) throws Corrupt {
        if (depth > MAX_DEPTH) {
            throw new Corrupt(String.format("nesting deeper than %d", MAX_DEPTH));
        }
        switch (schema.getType()) {
            case NULL -> {}
            case BOOLEAN -> {
                // Avro spec, binary encoding: a boolean is one byte, 0 or 1.
                int b = nextByte();
                if (b > 1) {
                    throw new Corrupt(String.format("boolean byte %d at offset %d", b, pos - 1));
                }
            }
            case INT -> varInt();
            case LONG -> varLong();
            case FLOAT -> skip(4);
            case DOUBLE -> skip(8);
            case STRING, BYTES -> skip(length("string/bytes length"));
            case FIXED -> skip(schema.getFixedSize());
            case ENUM -> index(schema.getEnumSymbols().size(), "enum " + schema.getName());
            case UNION -> {
                List<Schema> branches = schema.getTypes();
                datum(branches.get(index(branches.size(), "union")), depth + 1);
            }
            case RECORD -> {
                for (Schema.Field field : schema.getFields()) {
                    datum(field.schema(), depth + 1);
                }
            }
            case ARRAY -> blocks(schema.getElementType(), false, depth);
            case MAP -> blocks(schema.getValueType(), true, depth);
        }
    }

    /** Arrays and maps: blocks of items, each block a count (negative: followed by its byte size), 0 ends. */
    private void blocks(Schema item, boolean mapEntries, int depth) throws Corrupt {
        boolean itemsTakeBytes = mapEntries || !encodesToNothing(item, 0);
        long items = 0;
        for (long count = varLong(); count != 0; count = varLong()) {
            if (count < 0) {
                count = -count;
                length("block byte size");
            }
            items += count;
            // Each item takes at least one byte, so a count above the bytes left cannot be true.
            if (itemsTakeBytes ? count > limit - pos : items > MAX_EMPTY_ITEMS) {
                throw new Corrupt(String.format("block of %d items with %d bytes left", count, limit - pos));
            }
            for (long i = 0; i < count; i++) {
                if (mapEntries) {
                    skip(length("map key length"));
                }
                datum(item, depth + 1);
            }
        }
    }

    private static boolean encodesToNothing(Schema schema, int depth) {
        return switch (schema.getType()) {
            case NULL -> true;
            case FIXED -> schema.getFixedSize() == 0;
            case RECORD -> depth < MAX_DEPTH
                    && schema.getFields().stream().allMatch(f -> encodesToNothing(f.schema(), depth + 1));
            default -> false;
        };
    }

    private int index(int size, String what) throws Corrupt {
        int start = pos;
        int value = varInt();
        if (value < 0 || value >= size) {
            throw new Corrupt(String.format("%s index %d at offset %d, not in [0, %d)", what, value, start, size));
        }
        return value;
    }

    private int length(String what) throws Corrupt {
        int start = pos;
        long value = varLong();
        if (value < 0 || value > limit - pos) {
            throw new Corrupt(String.format(
                    "%s %d at offset %d, but %d bytes are left", what, value, start, limit - pos));
        }
        return (int) value;
    }

    private void skip(int count) throws Corrupt {
        if (count > limit - pos) {
            throw new Corrupt(String.format("body ends at offset %d, %d more bytes needed", limit, count - (limit - pos)));
        }
        pos += count;
    }

    private int nextByte() throws Corrupt {
        if (pos >= limit) {
            throw new Corrupt(String.format("body ends at offset %d inside a value", limit));
        }
        return bytes[pos++] & 0xFF;
    }

    /** Avro spec: int is a zig-zag varint of at most 5 bytes. */
    private int varInt() throws Corrupt {
        long raw = varint(5);
        return (int) (raw >>> 1) ^ -(int) (raw & 1);
    }

    /** Avro spec: long is a zig-zag varint of at most 10 bytes. */
    private long varLong() throws Corrupt {
        long raw = varint(10);
        return (raw >>> 1) ^ -(raw & 1);
    }

    private long varint(int maxBytes) throws Corrupt {
        int start = pos;
        long raw = 0;
        for (int i = 0; i < maxBytes; i++) {
            int b = nextByte();
            raw |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return raw;
            }
        }
        throw new Corrupt(String.format("varint longer than %d bytes at offset %d", maxBytes, start));
    }

    /** A corrupt body; internal only, turned into a {@link DecodeFailure#CORRUPT_BODY} result. */
    private static final class Corrupt extends Exception {
        private static final long serialVersionUID = 1L;

        Corrupt(String message) {
            super(message, null, false, false);
        }
    }
}
