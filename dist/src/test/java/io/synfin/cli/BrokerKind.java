package io.synfin.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.synfin.broker.SharedBroker;
import io.synfin.job.testing.KafkaTopics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

    /**
     * Every record of every partition of {@code topic}, read to its end (the agent's producer is not
     * transactional, so every acknowledged record is committed).
     */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic) {
        return KafkaTopics.readCommitted(bootstrap, topic);
    }
}
