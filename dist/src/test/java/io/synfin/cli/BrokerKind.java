package io.synfin.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.synfin.broker.SharedBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The brokers the Kafka integration tests run against (SPEC §10): SynFin's embedded broker always, and
 * Testcontainers' Kafka when a Docker engine answers; without one the container runs are skipped by an
 * assumption. One broker of each kind per test JVM.
 */
enum BrokerKind {
    EMBEDDED,
    TESTCONTAINERS;

    private static final String KAFKA_IMAGE = "apache/kafka:4.1.0";
    private static KafkaContainer container;

    /** The bootstrap address of this kind's broker, started on first use. */
    String bootstrap() {
        if (this == EMBEDDED) {
            return SharedBroker.get().bootstrap();
        }
        synchronized (BrokerKind.class) {
            if (container == null) {
                assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "no Docker engine: container run skipped");
                container = new KafkaContainer(KAFKA_IMAGE);
                container.start();
                Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            }
            return container.getBootstrapServers();
        }
    }

    /** Creates a topic that keeps every record whatever its timestamp. */
    static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(Map.of("retention.ms", "-1"))))
                    .all().get(60, TimeUnit.SECONDS);
        }
    }

    /** Every record of every partition of {@code topic}, read up to the end offsets seen at the start. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("topic " + topic + " not read to its end within 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
