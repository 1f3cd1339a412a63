package io.synfin.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.schema.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerITCase {

    /** 2001-09-09: far older than the default 7-day retention. */
    private static final long OLD_TIMESTAMP_MS = 1_000_000_000_000L;

    @Test
    void createsTopicsAndKeepsOldRecordsAcrossARestartOnTheSamePort(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0)) {
            Topics topics = Topics.defaults().withSegments("restart.segments");
            broker.createTopics(topics.all(), 3);
            assertThat(broker.partitionCounts(Set.copyOf(topics.all())))
                    .containsEntry("restart.segments", 3)
                    .containsEntry(Topics.CONNECTIONS, 3)
                    .containsEntry(Topics.ANOMALIES, 3)
                    .containsEntry(Topics.DEAD_LETTER, 3);

            produce(broker.bootstrap(), "restart.segments", "before");
            String bootstrap = broker.bootstrap();
            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            broker.start();
            assertThat(broker.bootstrap()).isEqualTo(bootstrap);
            produce(broker.bootstrap(), "restart.segments", "after");

            assertThat(readAll(broker.bootstrap(), "restart.segments", 3)).containsExactlyInAnyOrder("before", "after");
        }
    }

    @Test
    void aSecondStartOnAnUsedDirectoryReusesItsData(@TempDir Path dir) throws Exception {
        int port;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0)) {
            broker.createTopics(List.of("reuse"), 1);
            produce(broker.bootstrap(), "reuse", "kept");
            port = Integer.parseInt(broker.bootstrap().substring(broker.bootstrap().lastIndexOf(':') + 1));
        }
        try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(dir, port)) {
            again.createTopics(List.of("reuse"), 1);
            assertThat(readAll(again.bootstrap(), "reuse", 1)).containsExactly("kept");
        }
    }

    private static void produce(String bootstrap, String topic, String value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, null, OLD_TIMESTAMP_MS, value.getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    private static List<String> readAll(String bootstrap, String topic, int partitions) {
        List<TopicPartition> assigned = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            assigned.add(new TopicPartition(topic, p));
        }
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", bootstrap), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && !assigned.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }
}
