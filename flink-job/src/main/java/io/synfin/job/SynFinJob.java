package io.synfin.job;

import io.synfin.core.segment.Segment;
import io.synfin.job.functions.ConnectionTrackerFunction;
import io.synfin.job.functions.TrackerOperator;
import io.synfin.job.functions.SegmentIntake;
import io.synfin.job.io.DeadLetter;
import io.synfin.job.io.Ingest;
import io.synfin.job.io.RecordSerializationSchemas;
import io.synfin.job.io.SegmentDeserializationSchema;
import io.synfin.job.time.SegmentWatermarkStrategy;
import io.synfin.job.types.FlowId;
import io.synfin.job.types.SegmentSerializer;
import io.synfin.schema.ConnectionRecord;
import io.synfin.schema.TcpAnomaly;
import java.time.Duration;
import java.util.Locale;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The SynFin Flink job (SPEC §1): {@code tcp.segments} → per-partition watermarks → keyBy(flow key) →
 * the connection tracker → {@code tcp.connections}, {@code tcp.anomalies}, and {@code tcp.deadletter}
 * for input that does not decode. {@link #wire} takes the input and the sinks, so tests run the same
 * graph with their own; {@link #main} runs it against Kafka, here or with {@code flink run}.
 */
public final class SynFinJob {

    /** Fixed operator uids: a savepoint restores into the same operators across versions (SPEC §9). */
    public static final String SOURCE_UID = "segments-source";
    public static final String INTAKE_UID = "segment-intake";
    public static final String TRACKER_UID = "connection-tracker";
    public static final String CONNECTIONS_SINK_UID = "connections-sink";
    public static final String ANOMALIES_SINK_UID = "anomalies-sink";
    public static final String DEAD_LETTER_SINK_UID = "deadletter-sink";

    /** Where the three outputs go. */
    public record Outputs(Sink<ConnectionRecord> connections, Sink<TcpAnomaly> anomalies, Sink<DeadLetter> deadLetters) {}

    private SynFinJob() {}

    /**
     * Builds the graph from {@code input} (timestamps and watermarks assigned) to {@code outputs}.
     *
     * @return the connection records, with the anomalies as the side output {@link ConnectionTrackerFunction#ANOMALIES}
     */
    public static SingleOutputStreamOperator<ConnectionRecord> wire(DataStream<Ingest> input, JobConfig config, Outputs outputs) {
        SingleOutputStreamOperator<Segment> segments = input
                .transform("segment intake", SegmentSerializer.TYPE, new SegmentIntake())
                .uid(INTAKE_UID)
                // chained to the source: a flow's segments must reach keyBy in the order of their partition
                .setParallelism(input.getParallelism());
        segments.getSideOutput(SegmentIntake.DEAD_LETTERS)
                .sinkTo(outputs.deadLetters()).name("dead letters").uid(DEAD_LETTER_SINK_UID);
        // every tracker instance sees every intake's end of input (kept in broadcast state)
        DataStream<Long> ends = segments.getSideOutput(SegmentIntake.END_OF_INPUT).broadcast();
        SingleOutputStreamOperator<ConnectionRecord> records = segments
                .keyBy(FlowId::of, FlowId.TYPE)
                .connect(ends)
                .transform("connection tracker", new AvroTypeInfo<>(ConnectionRecord.class),
                        trackerOperator(config))
                .uid(TRACKER_UID);
        records.sinkTo(outputs.connections()).name("connection records").uid(CONNECTIONS_SINK_UID);
        records.getSideOutput(ConnectionTrackerFunction.ANOMALIES)
                .sinkTo(outputs.anomalies()).name("anomalies").uid(ANOMALIES_SINK_UID);
        return records;
    }

    /** The keyed operator that runs the tracker, with {@code config}'s tracker settings and live-tracker bound. */
    public static TrackerOperator trackerOperator(JobConfig config) {
        return new TrackerOperator(new ConnectionTrackerFunction(config.tracker(), config.liveTrackers()));
    }

    /** The segment topic as the job's input: per-partition watermarks, bounded or not. */
    public static DataStream<Ingest> kafkaInput(StreamExecutionEnvironment env, JobConfig config) {
        KafkaSourceBuilder<Ingest> builder = KafkaSource.<Ingest>builder()
                .setBootstrapServers(config.bootstrap())
                .setTopics(config.segmentsTopic())
                .setGroupId(config.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new SegmentDeserializationSchema());
        if (config.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return env.fromSource(builder.build(),
                        SegmentWatermarkStrategy.of(config.outOfOrderness(), config.idleness()), "tcp.segments")
                .uid(SOURCE_UID);
    }

    /** Exactly-once Kafka sinks for the three topics, each with its own transactional id prefix. */
    public static Outputs kafkaOutputs(JobConfig config) {
        return new Outputs(
                kafkaSink(config, RecordSerializationSchemas.connections(config.connectionsTopic()), "connections"),
                kafkaSink(config, RecordSerializationSchemas.anomalies(config.anomaliesTopic()), "anomalies"),
                kafkaSink(config, RecordSerializationSchemas.deadLetters(config.deadLetterTopic()), "deadletter"));
    }

    private static <T> KafkaSink<T> kafkaSink(JobConfig config, KafkaRecordSerializationSchema<T> schema, String name) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrap())
                .setRecordSerializer(schema)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-" + name)
                .setProperty("transaction.timeout.ms", Long.toString(JobConfig.TRANSACTION_TIMEOUT_MS))
                .build();
    }

    /**
     * The Flink settings the job needs: checkpointing, the state backend, Kryo off (a type without our
     * serializer fails at build time, not after the first savepoint), object reuse (every value passed
     * between operators is immutable).
     */
    public static Configuration configuration(JobConfig config) {
        Configuration conf = new Configuration();
        conf.set(CoreOptions.DEFAULT_PARALLELISM, config.parallelism());
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval());
        if (config.checkpointDir() != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpointDir());
        }
        if (config.state() == JobConfig.StateKind.ROCKSDB) {
            conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
            conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
            // One timer per connection, about 40 bytes each: kept on the heap, the timer queue costs no
            // RocksDB access per re-arm; it is still checkpointed with the keyed state.
            conf.set(RocksDBOptions.TIMER_SERVICE_FACTORY, EmbeddedRocksDBStateBackend.PriorityQueueStateType.HEAP);
        } else {
            conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        }
        return conf;
    }

    /**
     * Entry point for {@code flink run} (and any JVM): {@code --bootstrap B [--parallelism N]
     * [--state heap|rocksdb] [--checkpoint-dir D] [--bounded] [--live-trackers N]}.
     */
    public static void main(String[] args) throws Exception {
        JobConfig config = fromArgs(ParameterTool.fromArgs(args));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration(config));
        wire(kafkaInput(env, config), config, kafkaOutputs(config));
        env.execute("synfin");
    }

    static JobConfig fromArgs(ParameterTool params) {
        JobConfig config = JobConfig.defaults(params.getRequired("bootstrap"))
                .withParallelism(params.getInt("parallelism", 2))
                .withState(JobConfig.StateKind.valueOf(params.get("state", "heap").toUpperCase(Locale.ROOT)))
                .withBounded(params.has("bounded"))
                .withLiveTrackers(params.getInt("live-trackers", ConnectionTrackerFunction.DEFAULT_LIVE_TRACKERS));
        if (params.has("checkpoint-dir")) {
            config = config.withCheckpoints(params.get("checkpoint-dir"), config.checkpointInterval());
        }
        if (params.has("checkpoint-interval")) {
            config = config.withCheckpoints(config.checkpointDir(), Duration.parse(params.get("checkpoint-interval")));
        }
        return config;
    }
}
