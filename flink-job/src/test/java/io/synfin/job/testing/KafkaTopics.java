package io.synfin.job.testing;

import io.synfin.core.flow.FlowKey;
import io.synfin.core.segment.Segment;
import io.synfin.schema.TcpSegment;
import io.synfin.schema.mapping.SegmentRecords;
import io.synfin.schema.serde.SingleObjectCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Topic helpers for the job's Kafka tests: create, fill with segments as an agent does, read committed records. */
public final class KafkaTopics {

    private KafkaTopics() {}

    /** Creates topics that keep every record whatever its (capture-time) timestamp. */
    public static void create(String bootstrap, int partitions, String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> created = new ArrayList<>();
            for (String topic : topics) {
                created.add(new NewTopic(topic, partitions, (short) 1).configs(Map.of("retention.ms", "-1")));
            }
            admin.createTopics(created).all().get(60, TimeUnit.SECONDS);
        }
    }

    public static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("linger.ms", 10);
        config.put("batch.size", 256 * 1024);
        config.put("compression.type", "lz4");
        // A test machine under load can stall the broker for many seconds: wait rather than expire a
        // batch (an expired batch is a lost segment and a wrong expectation), one request at a time.
        config.put("request.timeout.ms", 120_000);
        config.put("delivery.timeout.ms", 600_000);
        config.put("max.in.flight.requests.per.connection", 1);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Publishes segments as an agent does: keyed by flow key, single-object Avro, capture time as
     * timestamp. Every send is checked: a segment the broker did not take fails the test here, instead
     * of showing later as a record the job "lost".
     */
    public static void publish(KafkaProducer<byte[], byte[]> producer, String topic, Iterable<Segment> segments) {
        SingleObjectCodec<TcpSegment> codec = SingleObjectCodec.forType(TcpSegment.class);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long sent = 0;
        for (Segment s : segments) {
            producer.send(new ProducerRecord<>(topic, null, Math.floorDiv(s.tsMicros(), 1000),
                    FlowKey.of(s).toBytes(), codec.encode(SegmentRecords.toAvro(s, 0))),
                    (metadata, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
            sent++;
        }
        producer.flush();
        if (failure.get() != null) {
            throw new AssertionError("publishing " + sent + " segments to " + topic + " failed", failure.get());
        }
    }

    /**
     * Every committed record of {@code topic} (read_committed). It first waits (bounded) until no
     * transaction is open on the topic — the last stable offset has reached the log end — so a record
     * of a still-open or lingering transaction shows as a failure to settle, not as a silent loss.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrap, String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("isolation.level", "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Map<TopicPartition, Long> end = settledEnd(bootstrap, consumer, partitions, deadline);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError(String.format("topic %s not read to its end within 60 s", topic));
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static Map<TopicPartition, Long> settledEnd(String bootstrap, KafkaConsumer<byte[], byte[]> committed,
            List<TopicPartition> partitions, long deadline) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        try (KafkaConsumer<byte[], byte[]> uncommitted =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            while (true) {
                Map<TopicPartition, Long> logEnd = uncommitted.endOffsets(partitions);
                Map<TopicPartition, Long> stable = committed.endOffsets(partitions);
                if (stable.equals(logEnd)) {
                    return stable;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError(String.format(
                            "a transaction stays open: last stable offsets %s, log end %s", stable, logEnd));
                }
                committed.poll(Duration.ofMillis(200));
            }
        }
    }
}
