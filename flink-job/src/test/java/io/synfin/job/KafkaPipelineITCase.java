package io.synfin.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.broker.SharedBroker;
import io.synfin.core.TrackerConfig;
import io.synfin.core.anomaly.Anomaly;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.segment.Segment;
import io.synfin.core.state.FlowTable;
import io.synfin.job.io.Ingest;
import io.synfin.job.io.RecordSerializationSchemas;
import io.synfin.job.testing.FlinkCluster;
import io.synfin.job.testing.KafkaTopics;
import io.synfin.job.testing.SyntheticFlows;
import io.synfin.schema.ConnectionRecord;
import io.synfin.schema.ConnState;
import io.synfin.schema.TcpSegment;
import io.synfin.schema.json.AvroJson;
import io.synfin.schema.mapping.CoreRecords;
import io.synfin.schema.mapping.SegmentRecords;
import io.synfin.schema.serde.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job against a real broker: bad records on {@code tcp.segments} become dead letters while the rest is
 * processed, and a failure injected mid-stream, recovered from the last checkpoint, leaves a
 * read_committed consumer with every connection record exactly once.
 */
class KafkaPipelineITCase {

    @RegisterExtension
    static final FlinkCluster FLINK = new FlinkCluster();

    private static final SingleObjectCodec<ConnectionRecord> RECORDS = SingleObjectCodec.forType(ConnectionRecord.class);

    @TempDir
    static Path checkpoints;

    private static JobConfig config(String name) throws Exception {
        String bootstrap = SharedBroker.get().bootstrap();
        JobConfig config = JobConfig.defaults(bootstrap)
                .withTopics(name + ".segments", name + ".connections", name + ".anomalies", name + ".deadletter", name)
                .withBounded(true)
                .withCheckpoints(checkpoints.resolve(name).toUri().toString(), Duration.ofMillis(200));
        KafkaTopics.create(bootstrap, 2, config.segmentsTopic(), config.connectionsTopic(), config.anomaliesTopic(),
                config.deadLetterTopic());
        return config;
    }

    private static void run(JobConfig config, Configuration extra, boolean failOnce) throws Exception {
        Configuration conf = SynFinJob.configuration(config);
        conf.addAll(extra);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        DataStream<Ingest> input = SynFinJob.kafkaInput(env, config);
        if (failOnce) {
            input = input.map(new FailOnceAfterCheckpoint(100_000)).returns(Ingest.TYPE).name("failure injection");
        }
        SynFinJob.wire(input, config, SynFinJob.kafkaOutputs(config));
        FLINK.execute(env);
    }

    private static Configuration noRestarts() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return conf;
    }

    private static List<String> connectionLines(String bootstrap, String topic) {
        List<String> lines = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : KafkaTopics.readCommitted(bootstrap, topic)) {
            ConnectionRecord record = RECORDS.decode(r.value()).valueOrNull();
            assertThat(record).isNotNull();
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(record.getUid());
            lines.add(AvroJson.toJson(record));
        }
        return lines;
    }

    @Test
    void garbageGoesToTheDeadLetterTopicAndTheRestIsProcessed() throws Exception {
        JobConfig config = config("garbage");
        String bootstrap = config.bootstrap();
        SyntheticFlows flows = new SyntheticFlows(40, 10_000, 0);
        SingleObjectCodec<TcpSegment> codec = SingleObjectCodec.forType(TcpSegment.class);
        byte[] good = codec.encode(SegmentRecords.toAvro(flows.get(0), 0));
        byte[] unknownSchema = good.clone();
        unknownSchema[5] ^= 0x5A;
        byte[] truncated = Arrays.copyOf(good, good.length - 3);
        TcpSegment impossible = SegmentRecords.toAvro(flows.get(0), 0);
        impossible.setSrcAddr(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        Map<String, byte[]> garbage = Map.of(
                "BAD_HEADER", "not avro at all".getBytes(StandardCharsets.UTF_8),
                "UNKNOWN_SCHEMA", unknownSchema,
                "CORRUPT_BODY", truncated,
                "INVALID_FIELDS", codec.encode(impossible));
        try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer(bootstrap)) {
            KafkaTopics.publish(producer, config.segmentsTopic(), flows.subList(0, flows.size() / 2));
            garbage.forEach((reason, bytes) -> producer.send(
                    new ProducerRecord<>(config.segmentsTopic(), reason.getBytes(StandardCharsets.UTF_8), bytes)));
            producer.send(new ProducerRecord<>(config.segmentsTopic(), "EMPTY_VALUE".getBytes(StandardCharsets.UTF_8), null));
            KafkaTopics.publish(producer, config.segmentsTopic(), flows.subList(flows.size() / 2, flows.size()));
        }

        run(config, noRestarts(), false);

        List<ConsumerRecord<byte[], byte[]>> letters = KafkaTopics.readCommitted(bootstrap, config.deadLetterTopic());
        assertThat(letters).hasSize(5).allSatisfy(letter -> {
            String key = new String(letter.key(), StandardCharsets.UTF_8);
            String reason = new String(letter.headers().lastHeader(RecordSerializationSchemas.REASON_HEADER).value(),
                    StandardCharsets.UTF_8);
            assertThat(reason).as("reason of %s", key).isEqualTo(key);
            assertThat(letter.value()).as("original bytes of %s", key).isEqualTo(garbage.get(key));
            assertThat(letter.headers().lastHeader(RecordSerializationSchemas.ORIGIN_HEADER).value()).isNotEmpty();
        });
        List<String> connections = connectionLines(bootstrap, config.connectionsTopic());
        assertThat(connections).hasSize(40).allSatisfy(line -> assertThat(line).contains("\"conn_state\":\"" + ConnState.SF + "\""));
    }

    @Test
    void aFailureMidStreamRecoversFromTheCheckpointWithEveryRecordExactlyOnce() throws Exception {
        JobConfig config = config("failover");
        String bootstrap = config.bootstrap();
        SyntheticFlows flows = new SyntheticFlows(30_000, 100, 7);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer(bootstrap)) {
            KafkaTopics.publish(producer, config.segmentsTopic(), flows);
        }
        Configuration restarts = new Configuration();
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));

        run(config, restarts, true);

        assertThat(FailOnceAfterCheckpoint.FAILED).as("the failure was injected after a checkpoint").isTrue();
        List<String> expected = analyzed(flows);
        List<String> actual = connectionLines(bootstrap, config.connectionsTopic());
        assertThat(actual).hasSameSizeAs(expected);
        assertThat(actual.stream().collect(Collectors.toSet())).as("no duplicates").hasSize(expected.size());
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(KafkaTopics.readCommitted(bootstrap, config.anomaliesTopic())).isEmpty();
    }

    /** What {@code synfin analyze} gives for the same segments: the offline driver over the same tracker. */
    private static List<String> analyzed(List<Segment> segments) {
        List<String> lines = new ArrayList<>();
        List<Anomaly> anomalies = new ArrayList<>();
        FlowTable table = new FlowTable(TrackerConfig.DEFAULTS, new FlowTable.Sink() {
            @Override
            public void record(ConnectionSummary summary) {
                lines.add(AvroJson.toJson(CoreRecords.toAvro(summary)));
            }

            @Override
            public void anomaly(Anomaly anomaly) {
                anomalies.add(anomaly);
            }
        });
        segments.forEach(table::onSegment);
        table.finish();
        assertThat(anomalies).isEmpty();
        return lines;
    }

    /** Throws once, on the first segment after a checkpoint completed and {@code after} segments went by. */
    static final class FailOnceAfterCheckpoint extends RichMapFunction<Ingest, Ingest> implements CheckpointListener {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean FAILED = new AtomicBoolean();

        private final long after;
        private transient long seen;
        private transient boolean checkpointed;

        FailOnceAfterCheckpoint(long after) {
            this.after = after;
        }

        @Override
        public Ingest map(Ingest value) {
            if (++seen >= after && checkpointed && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("failure injected by the test");
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }
}
