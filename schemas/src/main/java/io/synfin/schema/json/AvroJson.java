package io.synfin.schema.json;

import io.synfin.core.segment.TcpFlags;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Writes any Avro record, generic or generated, as one line of JSON with the Avro field names, for the
 * {@code synfin} commands that print records. Unions print as their value or {@code null}, enums as their
 * symbol, {@code bytes} as lower-case hex, except that IP addresses ({@code *_addr} and {@code *_h} fields
 * of 4 or 16 bytes) print as address text and SynFin's {@code flags} fields as tcpdump flag text.
 * A TcpSegment also gets the derived {@code "ip_version"} (4 or 6) right after {@code agent_id}.
 */
public final class AvroJson {

    private static final String SYNFIN_NAMESPACE = "io.synfin.schema";
    private static final String TCP_SEGMENT = SYNFIN_NAMESPACE + ".TcpSegment";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** What is special about a field's value. */
    private enum Kind { PLAIN, ADDRESS, TCP_FLAGS }

    /**
     * A record schema's field keys and kinds, worked out once per schema so that writing a record only
     * indexes arrays. {@code ipVersionAfter} is the field after which TcpSegment's ip_version goes.
     */
    private record Plan(String[] keys, Kind[] kinds, int ipVersionAfter, int ipVersionSource) {}

    private static final ConcurrentMap<Schema, Plan> PLANS = new ConcurrentHashMap<>();

    private AvroJson() {}

    /** The record as one line of JSON, without a line break. */
    public static String toJson(IndexedRecord record) {
        return append(new StringBuilder(512), record).toString();
    }

    /** Appends the record as one line of JSON, without a line break, and returns {@code out}. */
    public static StringBuilder append(StringBuilder out, IndexedRecord record) {
        writeRecord(out, record);
        return out;
    }

    private static void writeRecord(StringBuilder out, IndexedRecord record) {
        Plan plan = PLANS.computeIfAbsent(record.getSchema(), AvroJson::plan);
        out.append('{');
        String[] keys = plan.keys();
        for (int i = 0; i < keys.length; i++) {
            out.append(keys[i]);
            writeValue(out, record.get(i), plan.kinds()[i]);
            if (i == plan.ipVersionAfter()) {
                out.append(",\"ip_version\":");
                Object source = record.get(plan.ipVersionSource());
                int length = source instanceof ByteBuffer buffer ? buffer.remaining() : -1;
                out.append(length == 4 ? "4" : length == 16 ? "6" : "null");
            }
        }
        out.append('}');
    }

    private static Plan plan(Schema schema) {
        List<Schema.Field> fields = schema.getFields();
        String[] keys = new String[fields.size()];
        Kind[] kinds = new Kind[fields.size()];
        boolean synfin = SYNFIN_NAMESPACE.equals(schema.getNamespace());
        for (Schema.Field field : fields) {
            String name = field.name();
            // Avro names are [A-Za-z_][A-Za-z0-9_]*, so they never need JSON escaping.
            keys[field.pos()] = (field.pos() == 0 ? "\"" : ",\"") + name + "\":";
            if (name.endsWith("_addr") || name.endsWith("_h")) {
                kinds[field.pos()] = Kind.ADDRESS;
            } else if (synfin && name.equals("flags")) {
                kinds[field.pos()] = Kind.TCP_FLAGS;
            } else {
                kinds[field.pos()] = Kind.PLAIN;
            }
        }
        int after = -1;
        int source = -1;
        if (TCP_SEGMENT.equals(schema.getFullName())) {
            after = schema.getField("agent_id").pos();
            source = schema.getField("src_addr").pos();
        }
        return new Plan(keys, kinds, after, source);
    }

    private static void writeValue(StringBuilder out, Object value, Kind kind) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence text) {
            writeString(out, text);
        } else if (value instanceof Integer number) {
            if (kind == Kind.TCP_FLAGS) {
                out.append('"').append(TcpFlags.toTcpdump(number)).append('"');
            } else {
                out.append(number.intValue());
            }
        } else if (value instanceof Long number) {
            out.append(number.longValue());
        } else if (value instanceof Boolean flag) {
            out.append(flag.booleanValue());
        } else if (value instanceof IndexedRecord nested) {
            writeRecord(out, nested);
        } else if (value instanceof ByteBuffer bytes) {
            writeBytes(out, bytes, kind);
        } else if (value instanceof GenericFixed fixed) {
            writeBytes(out, ByteBuffer.wrap(fixed.bytes()), kind);
        } else if (value instanceof Collection<?> items) {
            writeArray(out, items, kind);
        } else if (value instanceof Map<?, ?> map) {
            writeMap(out, map, kind);
        } else if (value instanceof Float || value instanceof Double) {
            double number = ((Number) value).doubleValue();
            if (Double.isFinite(number)) {
                out.append(value);
            } else {
                // JSON has no NaN or Infinity literal; keep the value readable as a string.
                out.append('"').append(value).append('"');
            }
        } else {
            // Enum symbols (generated or generic) and logical-type values print as their text.
            writeString(out, value.toString());
        }
    }

    private static void writeArray(StringBuilder out, Collection<?> items, Kind kind) {
        out.append('[');
        boolean first = true;
        for (Object item : items) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeValue(out, item, kind);
        }
        out.append(']');
    }

    private static void writeMap(StringBuilder out, Map<?, ?> map, Kind kind) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(out, String.valueOf(entry.getKey()));
            out.append(':');
            writeValue(out, entry.getValue(), kind);
        }
        out.append('}');
    }

    private static void writeBytes(StringBuilder out, ByteBuffer bytes, Kind kind) {
        out.append('"');
        if (kind == Kind.ADDRESS && IpAddressText.isAddressLength(bytes.remaining())) {
            IpAddressText.append(out, bytes);
        } else {
            for (int i = bytes.position(); i < bytes.limit(); i++) {
                int b = bytes.get(i) & 0xFF;
                out.append(HEX[b >> 4]).append(HEX[b & 0xF]);
            }
        }
        out.append('"');
    }

    /** A JSON string (RFC 8259 §7): quote, backslash and control characters escaped, lone surrogates too. */
    private static void writeString(StringBuilder out, CharSequence text) {
        out.append('"');
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || isLoneSurrogate(text, i, c)) {
                        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** A surrogate without its partner cannot be written as UTF-8; it is escaped instead. */
    private static boolean isLoneSurrogate(CharSequence text, int i, char c) {
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        return false;
    }
}
