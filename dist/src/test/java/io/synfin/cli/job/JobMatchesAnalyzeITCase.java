package io.synfin.cli.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.broker.SharedBroker;
import io.synfin.cli.SynFin;
import io.synfin.cli.analyze.Analysis;
import io.synfin.cli.analyze.AnalyzeOutput;
import io.synfin.core.TrackerConfig;
import io.synfin.job.JobConfig;
import io.synfin.job.SynFinJob;
import io.synfin.job.testing.FlinkCluster;
import io.synfin.job.testing.KafkaTopics;
import io.synfin.schema.ConnectionRecord;
import io.synfin.schema.TcpAnomaly;
import io.synfin.schema.json.AvroJson;
import io.synfin.schema.serde.SingleObjectCodec;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One tracker, two runtimes: every real capture replayed by {@code synfin agent} into the embedded broker,
 * then the Flink job (bounded, parallelism 2, exactly-once sinks), leaves in {@code tcp.connections} and
 * {@code tcp.anomalies} exactly what {@code synfin analyze --json} prints for the same file — the same
 * JSON lines, so the same uids, conn_states, histories, byte and packet counts.
 */
class JobMatchesAnalyzeITCase {

    private static final Path CAPTURES = Path.of("..", "testdata", "captures").toAbsolutePath().normalize();
    private static final int PARTITIONS = 2;

    @RegisterExtension
    static final FlinkCluster FLINK = new FlinkCluster();

    @TempDir
    static Path checkpoints;

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
                PrintStream progress = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8)) {
            int exit = AnalyzeOutput.run(new Analysis(TrackerConfig.DEFAULTS, false, 0), capture.toString(),
                    AnalyzeOutput.Mode.JSON, null, print, progress);
            assertThat(exit).isZero();
        }
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static List<String> jobJson(Path capture) throws Exception {
        String bootstrap = SharedBroker.get().bootstrap();
        String name = "match." + capture.getFileName().toString().replaceAll("[^A-Za-z0-9]", "_");
        JobConfig config = JobConfig.defaults(bootstrap)
                .withTopics(name + ".segments", name + ".connections", name + ".anomalies", name + ".deadletter", name)
                .withBounded(true)
                .withCheckpoints(checkpoints.resolve(name).toUri().toString(), Duration.ofMillis(200));
        KafkaTopics.create(bootstrap, PARTITIONS, config.segmentsTopic(), config.connectionsTopic(),
                config.anomaliesTopic(), config.deadLetterTopic());

        int agent = SynFin.commandLine().execute("agent", "--read", capture.toString(), "--bootstrap", bootstrap,
                "--topic", config.segmentsTopic(), "--agent-id", "0", "--stats-interval", "60");
        assertThat(agent).isZero();

        Configuration conf = SynFinJob.configuration(config);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        SynFinJob.wire(SynFinJob.kafkaInput(env, config), config, SynFinJob.kafkaOutputs(config));
        FLINK.execute(env);

        assertThat(KafkaTopics.readCommitted(bootstrap, config.deadLetterTopic())).isEmpty();
        List<String> lines = new ArrayList<>();
        lines.addAll(lines(bootstrap, config.connectionsTopic(), "connection", ConnectionRecord.class));
        lines.addAll(lines(bootstrap, config.anomaliesTopic(), "anomaly", TcpAnomaly.class));
        return lines;
    }

    /** A topic's committed records as analyze --json prints them: {"record":"kind", then the Avro fields}. */
    private static <T extends SpecificRecord> List<String> lines(String bootstrap, String topic, String kind, Class<T> type) {
        SingleObjectCodec<T> codec = SingleObjectCodec.forType(type);
        List<String> lines = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : KafkaTopics.readCommitted(bootstrap, topic)) {
            T value = codec.decode(record.value()).valueOrNull();
            assertThat(value).as("%s record %d decodes", topic, record.offset()).isNotNull();
            lines.add("{\"record\":\"" + kind + "\"," + AvroJson.toJson(value).substring(1));
        }
        return lines;
    }
}
