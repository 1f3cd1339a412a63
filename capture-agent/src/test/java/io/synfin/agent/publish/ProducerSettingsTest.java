package io.synfin.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerSettingsTest {

    @Test
    void defaultsAreIdempotentAllAcksLz4AndNeverBlocking() {
        Properties p = ProducerSettings.of("10.0.0.1:9092", null);

        assertThat(p).containsEntry("bootstrap.servers", "10.0.0.1:9092")
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true")
                .containsEntry("compression.type", "lz4")
                .containsEntry("max.block.ms", "0");
    }

    @Test
    void aConfigFileSetsAnyClientPropertyButNotTheNonBlockingContract(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, String.join("\n",
                "security.protocol=SSL",
                "ssl.truststore.location=/etc/synfin/truststore.p12",
                "compression.type=zstd",
                "bootstrap.servers=kafka.example:9093",
                "max.block.ms=60000"));

        Properties fromFile = ProducerSettings.of(null, ProducerSettings.load(file));
        assertThat(fromFile).containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.location", "/etc/synfin/truststore.p12")
                .containsEntry("compression.type", "zstd")
                .containsEntry("bootstrap.servers", "kafka.example:9093")
                .containsEntry("max.block.ms", "0");

        assertThat(ProducerSettings.of("127.0.0.1:1", ProducerSettings.load(file)))
                .as("an explicit --bootstrap beats the file").containsEntry("bootstrap.servers", "127.0.0.1:1");
        assertThat(ProducerSettings.of(null, new Properties()))
                .containsEntry("bootstrap.servers", ProducerSettings.DEFAULT_BOOTSTRAP);
    }
}
