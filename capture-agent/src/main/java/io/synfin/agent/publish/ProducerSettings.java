package io.synfin.agent.publish;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka producer properties of an agent: SynFin's defaults for small records (SPEC §9), then any
 * client property from a {@code --kafka-config} file (TLS, SASL, tuning), which wins over the defaults.
 */
public final class ProducerSettings {

    /** lz4: the cheapest codec on the agent's CPU for headers-only records that compress well. */
    public static final String DEFAULT_COMPRESSION = "lz4";
    /** Small records: a few ms of linger fills large batches, one request per partition carries thousands. */
    public static final int DEFAULT_LINGER_MS = 10;
    public static final int DEFAULT_BATCH_SIZE = 256 * 1024;
    public static final long DEFAULT_BUFFER_MEMORY = 64L * 1024 * 1024;

    private ProducerSettings() {}

    /** Where agents look for Kafka when neither {@code --bootstrap} nor the config file says. */
    public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

    /**
     * The producer properties. {@code bootstrap} (an explicit {@code --bootstrap}, or null) beats the
     * file's {@code bootstrap.servers}, which beats {@link #DEFAULT_BOOTSTRAP}. {@code overrides} (may be
     * null) are applied over the defaults, except the serializers and {@code max.block.ms}, which the
     * publisher's non-blocking contract needs.
     */
    public static Properties of(String bootstrap, Properties overrides) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, DEFAULT_BOOTSTRAP);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, DEFAULT_COMPRESSION);
        p.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(DEFAULT_LINGER_MS));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(DEFAULT_BATCH_SIZE));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(DEFAULT_BUFFER_MEMORY));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "synfin-agent");
        if (overrides != null) {
            p.putAll(overrides);
        }
        if (bootstrap != null) {
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        }
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // send() must never wait for metadata or buffer space: the capture loop's only bound is the
        // publisher's own in-flight accounting, and a record that cannot be queued is a counted drop.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "0");
        return p;
    }

    /** Reads a Java properties file of Kafka client settings. */
    public static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Kafka client config " + file, e);
        }
        return p;
    }
}
