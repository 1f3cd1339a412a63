package io.synfin.cli.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.agent.capture.CaptureFiles;
import io.synfin.agent.capture.CaptureSource;
import io.synfin.agent.decode.DecodeStatus;
import io.synfin.agent.decode.DecodedSegment;
import io.synfin.agent.decode.SegmentDecoder;
import io.synfin.cli.analyze.Analysis;
import io.synfin.cli.analyze.AnalyzeOutput;
import io.synfin.core.TrackerConfig;
import io.synfin.core.flow.FlowKey;
import io.synfin.job.JobConfig;
import io.synfin.job.SynFinJob;
import io.synfin.job.io.DeadLetter;
import io.synfin.job.io.Ingest;
import io.synfin.job.io.SegmentDeserializationSchema;
import io.synfin.job.testing.CollectingSink;
import io.synfin.job.testing.FlinkCluster;
import io.synfin.job.time.SegmentWatermarkStrategy;
import io.synfin.schema.ConnectionRecord;
import io.synfin.schema.TcpAnomaly;
import io.synfin.schema.TcpSegment;
import io.synfin.schema.json.AvroJson;
import io.synfin.schema.serde.SingleObjectCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.generic.IndexedRecord;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One tracker, two runtimes: every real capture through the agent's decoder and wire encoding, then the
 * Flink job (bounded, parallelism 2), gives exactly the records and anomalies {@code synfin analyze
 * --json} prints for the same file — the same JSON lines, uids, conn_states, histories and counts.
 */
class JobMatchesAnalyzeITCase {

    private static final Path CAPTURES = Path.of("..", "testdata", "captures").toAbsolutePath().normalize();

    @RegisterExtension
    static final FlinkCluster FLINK = new FlinkCluster();

    static Stream<Path> captures() throws Exception {
        try (Stream<Path> files = Stream.concat(Files.list(CAPTURES), Files.list(CAPTURES.resolve("scenarios")))) {
            return files.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void theJobPublishesWhatAnalyzePrints(Path capture) throws Exception {
        List<String> expected = analyzeJson(capture);
        assertThat(expected).as("analyze found connections").isNotEmpty();
        assertThat(jobJson(capture)).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static List<String> analyzeJson(Path capture) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, false, StandardCharsets.UTF_8);
                PrintStream err = new PrintStream(java.io.OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8)) {
            int exit = AnalyzeOutput.run(new Analysis(TrackerConfig.DEFAULTS, false, 0), capture.toString(),
                    AnalyzeOutput.Mode.JSON, null, print, err);
            assertThat(exit).isZero();
        }
        String text = out.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    /** The capture as the agent publishes it (decoded, Avro single-object bytes), read back by the job's deserializer. */
    static List<Ingest> published(Path capture) throws Exception {
        SingleObjectCodec<TcpSegment> codec = SingleObjectCodec.forType(TcpSegment.class);
        SegmentDeserializationSchema schema = new SegmentDeserializationSchema();
        SegmentDecoder decoder = new SegmentDecoder();
        DecodedSegment decoded = new DecodedSegment();
        List<Ingest> out = new ArrayList<>();
        ListCollector<Ingest> collector = new ListCollector<>(out);
        long[] offset = {0};
        try (CaptureSource source = CaptureFiles.open(capture.toString())) {
            source.run(frame -> {
                if (decoder.decode(frame, decoded) == DecodeStatus.OK) {
                    byte[] key = FlowKey.of(decoded.toSegment(0)).toBytes();
                    byte[] value = codec.encode(decoded.toAvro(0, 0));
                    schema.deserialize(new ConsumerRecord<>("tcp.segments", 0, offset[0]++, key, value), collector);
                }
            });
        }
        return out;
    }

    private static List<String> jobJson(Path capture) throws Exception {
        JobConfig config = JobConfig.defaults("unused:9092").withBounded(true)
                .withCheckpoints(null, Duration.ofMillis(200));
        Configuration conf = SynFinJob.configuration(config);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        CollectingSink<ConnectionRecord> connections = new CollectingSink<>();
        CollectingSink<TcpAnomaly> anomalies = new CollectingSink<>();
        CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();
        SynFinJob.wire(env.fromData(published(capture), Ingest.TYPE)
                        .assignTimestampsAndWatermarks(SegmentWatermarkStrategy.of(Duration.ofSeconds(2), Duration.ZERO))
                        .setParallelism(1),
                config, new SynFinJob.Outputs(connections, anomalies, deadLetters));
        FLINK.execute(env);
        assertThat(deadLetters.drain()).isEmpty();
        List<String> lines = new ArrayList<>();
        connections.drain().forEach(r -> lines.add(line("connection", r)));
        anomalies.drain().forEach(a -> lines.add(line("anomaly", a)));
        return lines;
    }

    /** The analyze --json line shape: {"record":"kind", then the Avro fields}. */
    private static String line(String kind, IndexedRecord record) {
        String json = AvroJson.toJson(record);
        return "{\"record\":\"" + kind + "\"," + json.substring(1);
    }
}
