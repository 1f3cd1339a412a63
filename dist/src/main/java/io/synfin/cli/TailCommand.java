package io.synfin.cli;

import io.synfin.agent.publish.ProducerSettings;
import io.synfin.schema.json.AvroJson;
import io.synfin.schema.serde.DecodeResult;
import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code synfin tail TOPIC}: prints the records of any SynFin topic as JSON lines with the Avro field
 * names. Records that do not decode are reported on standard error with their partition and offset and
 * skipped. Reads every partition without a consumer group, so it commits nothing.
 */
@Command(
        name = "tail",
        mixinStandardHelpOptions = true,
        description = {
            "Prints a SynFin topic as JSON lines; undecodable records are reported on stderr and skipped.",
            "Stops after --max records, or --timeout seconds without a new one. Exit code 0, 1 when the topic cannot be read."
        })
final class TailCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TOPIC")
    private String topic;

    @Option(names = "--bootstrap", description = "Kafka bootstrap servers (default: the config file's, else " + ProducerSettings.DEFAULT_BOOTSTRAP + ")")
    private String bootstrap;

    @Option(names = "--from-beginning", description = "start at the oldest record (default: only new records)")
    private boolean fromBeginning;

    @Option(names = "--max", description = "stop after this many records")
    private Long max;

    @Option(names = "--timeout", description = "stop after this many seconds without a record")
    private Double timeoutSeconds;

    @Option(names = "--kafka-config", paramLabel = "FILE", description = "Kafka client properties (TLS, SASL, tuning)")
    private Path kafkaConfig;

    @Override
    public Integer call() {
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
        Properties overrides = kafkaConfig == null ? new Properties() : ProducerSettings.load(kafkaConfig);
        Duration idle = timeoutSeconds == null ? null : Duration.ofMillis((long) (timeoutSeconds * 1000));
        return run(consumerProperties(bootstrap, overrides), topic, fromBeginning, max == null ? Long.MAX_VALUE : max,
                idle, out, System.err);
    }

    /** Consumer settings: the file's, then SynFin's fixed ones (no group, nothing committed). */
    static Properties consumerProperties(String bootstrap, Properties overrides) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ProducerSettings.DEFAULT_BOOTSTRAP);
        p.putAll(overrides);
        if (bootstrap != null) {
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        }
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    /**
     * Tails {@code topic}; returns the exit code.
     *
     * @param idle stop after this long without a record, or null to run until {@code max}
     */
    static int run(Properties consumer, String topic, boolean fromBeginning, long max, Duration idle,
            PrintStream out, PrintStream err) {
        AnyRecordDecoder decoder = new AnyRecordDecoder();
        StringBuilder line = new StringBuilder(512);
        long printed = 0;
        long skipped = 0;
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumer)) {
            List<TopicPartition> partitions = partitions(kafka, topic);
            if (partitions.isEmpty()) {
                err.println("synfin tail: topic " + topic + " does not exist");
                return 1;
            }
            kafka.assign(partitions);
            if (fromBeginning) {
                kafka.seekToBeginning(partitions);
            } else {
                kafka.seekToEnd(partitions);
            }
            long lastRecord = System.nanoTime();
            while (printed < max && (idle == null || System.nanoTime() - lastRecord < idle.toNanos())) {
                for (ConsumerRecord<byte[], byte[]> record : kafka.poll(Duration.ofMillis(100))) {
                    lastRecord = System.nanoTime();
                    DecodeResult<? extends SpecificRecord> result = decoder.decode(record.value());
                    if (result instanceof DecodeResult.Failed<?> failed) {
                        skipped++;
                        err.printf("synfin tail: %s-%d offset %d skipped: %s: %s%n", record.topic(), record.partition(),
                                record.offset(), failed.reason(), failed.detail());
                        continue;
                    }
                    line.setLength(0);
                    AvroJson.append(line, result.valueOrNull()).append('\n');
                    out.append(line);
                    if (++printed >= max) {
                        break;
                    }
                }
                out.flush();
            }
        } catch (KafkaException e) {
            out.flush();
            err.println("synfin tail: " + e.getMessage());
            return 1;
        }
        out.flush();
        err.println("synfin tail: printed=" + printed + " skipped=" + skipped);
        return 0;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> kafka, String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        List<PartitionInfo> infos = kafka.partitionsFor(topic);
        if (infos != null) {
            for (PartitionInfo info : infos) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        return partitions;
    }
}
