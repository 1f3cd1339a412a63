package io.synfin.schema.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one generated Avro record type in Avro single-object encoding: the marker C3 01,
 * the writer schema's 8-byte CRC-64-AVRO fingerprint (little-endian), then the binary body. The Kafka
 * adapters wrap this; it is thread-safe and meant to be shared.
 *
 * <p>Decoding never throws on bad input: it returns a {@link DecodeResult.Failed} with a
 * {@link DecodeFailure} reason. Older writer schemas given at construction are decoded into the current
 * type by Avro schema resolution.
 */
public final class SingleObjectCodec<T extends SpecificRecord> {

    /** Avro spec, single-object encoding: two marker bytes, then the 8-byte fingerprint. */
    public static final int HEADER_LENGTH = 10;

    private static final byte MARKER_0 = (byte) 0xC3;
    private static final byte MARKER_1 = (byte) 0x01;
    private static final int FINGERPRINT_OFFSET = 2;

    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    /** Marker and fingerprint, the first bytes of every encoding. */
    private final byte[] header = new byte[HEADER_LENGTH];
    /**
     * Per-thread buffer, buffered encoder and writer: Avro's message encoder writes each byte through a
     * synchronized stream call; a buffered encoder hands the body over in blocks.
     */
    private final ThreadLocal<Scratch<T>> scratch;
    private final BinaryMessageDecoder<T> decoder;
    // Known writer schemas, parallel arrays: a handful of entries, so a scan beats a boxed map lookup.
    private final long[] fingerprints;
    private final Schema[] writerSchemas;

    private SingleObjectCodec(Class<T> type, Schema... olderWriterSchemas) {
        // The generated classes carry field-by-field coders (customEncode/customDecode) that skip Avro's
        // reflective datum walk; the shared SpecificData leaves them off unless a system property is set, so
        // the codec keeps its own model with them on. The bytes are the same (Avro spec, binary encoding).
        SpecificData model = new SpecificData(type.getClassLoader());
        model.setCustomCoders(true);
        this.schema = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
        this.fingerprints = new long[olderWriterSchemas.length + 1];
        this.writerSchemas = new Schema[olderWriterSchemas.length + 1];
        fingerprints[0] = SchemaNormalization.parsingFingerprint64(schema);
        writerSchemas[0] = schema;
        header[0] = MARKER_0;
        header[1] = MARKER_1;
        for (int i = 0; i < 8; i++) {
            // Little-endian, as the single-object encoding specifies.
            header[FINGERPRINT_OFFSET + i] = (byte) (fingerprints[0] >>> (8 * i));
        }
        this.scratch = ThreadLocal.withInitial(() -> new Scratch<>(new SpecificDatumWriter<>(schema, model)));
        for (int i = 0; i < olderWriterSchemas.length; i++) {
            Schema writer = Objects.requireNonNull(olderWriterSchemas[i], "writer schema");
            SchemaCompatibility.SchemaCompatibilityType compatibility = SchemaCompatibility
                    .checkReaderWriterCompatibility(schema, writer)
                    .getType();
            if (compatibility != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                throw new IllegalArgumentException(String.format(
                        "%s cannot read data written with %s: %s", schema.getFullName(), writer, compatibility));
            }
            decoder.addSchema(writer);
            fingerprints[i + 1] = SchemaNormalization.parsingFingerprint64(writer);
            writerSchemas[i + 1] = writer;
        }
    }

    /**
     * A codec for {@code type} that also decodes data written with {@code olderWriterSchemas}.
     *
     * @throws IllegalArgumentException when {@code type}'s schema cannot read one of the older schemas
     */
    public static <T extends SpecificRecord> SingleObjectCodec<T> forType(Class<T> type, Schema... olderWriterSchemas) {
        return new SingleObjectCodec<>(type, olderWriterSchemas);
    }

    /** The schema records are encoded with and decoded into. */
    public Schema schema() {
        return schema;
    }

    /** The CRC-64-AVRO fingerprint of {@link #schema()}, as it appears in every encoded header. */
    public long fingerprint() {
        return fingerprints[0];
    }

    /** The record in single-object encoding, in an array of exactly its length. */
    public byte[] encode(T record) {
        Scratch<T> scratch = this.scratch.get();
        // Reconfiguring first flushes whatever a failed earlier call left in the encoder; the reset drops it.
        scratch.encoder = EncoderFactory.get().binaryEncoder(scratch.bytes, scratch.encoder);
        scratch.bytes.reset();
        scratch.bytes.write(header, 0, HEADER_LENGTH);
        try {
            scratch.writer.write(record, scratch.encoder);
            scratch.encoder.flush();
        } catch (IOException e) {
            throw new IllegalStateException("encoding into memory failed", e);
        }
        return scratch.bytes.toByteArray();
    }

    /** Writes the record in single-object encoding to {@code out}, for callers that own a reusable buffer. */
    public void encode(T record, OutputStream out) throws IOException {
        encoder.encode(record, out);
    }

    /** Decodes one record; bad input comes back as a {@link DecodeResult.Failed}, never as an exception. */
    public DecodeResult<T> decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length < HEADER_LENGTH || bytes[0] != MARKER_0 || bytes[1] != MARKER_1) {
            return new DecodeResult.Failed<>(DecodeFailure.BAD_HEADER, String.format(
                    "%d bytes starting %s: not an Avro single-object header (C3 01 + 8-byte fingerprint)",
                    bytes.length, hexPrefix(bytes)));
        }
        long fingerprint = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(FINGERPRINT_OFFSET);
        Schema writer = writerSchema(fingerprint);
        if (writer == null) {
            return new DecodeResult.Failed<>(DecodeFailure.UNKNOWN_SCHEMA, String.format(
                    "fingerprint %016x is not a known %s schema", fingerprint, schema.getFullName()));
        }
        String problem = BodyCheck.check(writer, bytes, HEADER_LENGTH, bytes.length);
        if (problem != null) {
            return new DecodeResult.Failed<>(DecodeFailure.CORRUPT_BODY, problem);
        }
        try {
            return new DecodeResult.Decoded<>(decoder.decode(bytes));
        } catch (IOException | RuntimeException e) {
            // BodyCheck has already proven the body readable; this is the backstop for whatever it missed.
            return new DecodeResult.Failed<>(DecodeFailure.CORRUPT_BODY, String.valueOf(e));
        }
    }

    private Schema writerSchema(long fingerprint) {
        for (int i = 0; i < fingerprints.length; i++) {
            if (fingerprints[i] == fingerprint) {
                return writerSchemas[i];
            }
        }
        return null;
    }

    private static String hexPrefix(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : Arrays.copyOf(bytes, Math.min(bytes.length, 4))) {
            hex.append(String.format("%02x", b & 0xFF));
        }
        return hex.length() == 0 ? "(empty)" : hex.toString();
    }

    /** One thread's encoding state. */
    private static final class Scratch<T> {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        final DatumWriter<T> writer;
        BinaryEncoder encoder;

        Scratch(DatumWriter<T> writer) {
            this.writer = writer;
        }
    }
}
