package io.synfin.cli.bench;

import io.synfin.agent.capture.CaptureException;
import io.synfin.agent.capture.CaptureFiles;
import io.synfin.agent.capture.CaptureSource;
import io.synfin.agent.decode.DecodeStatus;
import io.synfin.agent.decode.DecodedSegment;
import io.synfin.agent.decode.SegmentDecoder;
import io.synfin.agent.publish.Agent;
import io.synfin.broker.EmbeddedKafkaBroker;
import io.synfin.cli.analyze.Analysis;
import io.synfin.cli.demo.EmbeddedJob;
import io.synfin.core.TrackerConfig;
import io.synfin.core.anomaly.Anomaly;
import io.synfin.core.record.ConnectionSummary;
import io.synfin.core.state.FlowTable;
import io.synfin.job.JobConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.kafka.common.TopicPartition;

/**
 * The stages of {@code synfin bench} on one capture file: decode, analyze, agent into an embedded broker, the
 * bounded job with heap and with RocksDB state one after another; then agent, broker and unbounded job at
 * once, unpaced and paced ({@link PipelineRun}); and argus and tshark when installed.
 * In-process stages are charged the whole process's CPU time over the stage (broker and job threads included).
 */
public final class BenchRun {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(30);
    /** The job's bounded out-of-orderness, the watermark delay the latency target is stated against. */
    static final Duration WATERMARK_DELAY = JobConfig.defaults("unused").outOfOrderness();
    public static final String WHOLE = "whole pipeline at once: agent + broker + job (heap, parallelism 2)";
    public static final String PACED = "whole pipeline at once, paced replay (--speed %s, paced capture)";

    private final Path capture;
    private final Path pacedCapture;
    private final Path workDir;
    private final PrintStream log;
    private final List<Stage> stages = new ArrayList<>();
    private final Duration checkpointInterval;
    private final double pacedSpeed;

    /**
     * @param checkpointInterval the unbounded job's checkpoint interval: exactly-once records become
     *     readable to read_committed consumers when a checkpoint commits
     * @param pacedCapture the capture of the paced replay: long enough (in capture time) for the tracker's
     *     timers to come due within it
     * @param pacedSpeed the paced replay's multiple of the capture's own pace
     */
    public BenchRun(Path capture, Path pacedCapture, Path workDir, PrintStream log, Duration checkpointInterval,
            double pacedSpeed) {
        this.capture = capture;
        this.pacedCapture = pacedCapture;
        this.workDir = workDir;
        this.log = log;
        this.checkpointInterval = checkpointInterval;
        this.pacedSpeed = pacedSpeed;
    }

    /** Runs every stage, the concurrent pipeline unpaced and paced, and returns what they measured. */
    public Report run() throws Exception {
        stages.add(measure("decode (capture file → segments)", this::decode));
        stages.add(measure("analyze (decode + tracker, no Kafka/Flink)", this::analyze));
        PipelineRun.Result whole;
        PipelineRun.Result paced;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(workDir.resolve("broker"), 0)) {
            Stage agent = measure("agent → broker (publish, acks=all)", () -> publish(broker, "bench.segments"));
            stages.add(agent);
            stages.add(job(broker, JobConfig.StateKind.HEAP, "bench.heap"));
            stages.add(job(broker, JobConfig.StateKind.ROCKSDB, "bench.rocksdb"));
            PipelineRun pipeline = new PipelineRun(broker, workDir, checkpointInterval, log);
            Map<TopicPartition, Long> stops = pipeline.endOffsets("bench.segments");
            whole = pipeline.unpaced(WHOLE, "bench.whole", capture, expectations(capture), stops);
            stages.add(whole.stage());
            paced = pipeline.paced(String.format(Locale.ROOT, PACED, pacedSpeed), "bench.paced", pacedCapture,
                    expectations(pacedCapture), pacedSpeed);
            stages.add(paced.stage());
        }
        external("argus -r FILE -w /dev/null", "argus", "-r", capture.toString(), "-w", "/dev/null");
        external("tshark -r FILE -q -z conv,tcp", "tshark", "-r", capture.toString(), "-q", "-z", "conv,tcp");
        return new Report(List.copyOf(stages), whole, paced, WATERMARK_DELAY, checkpointInterval, pacedSpeed);
    }

    /** The records the job owes for {@code file} and the segment that makes each due (untimed). */
    private Expectations expectations(Path file) {
        log.println("synfin bench: analyzing " + file.getFileName() + " for the records the job owes (untimed)");
        Expectations expected = Expectations.of(file.toString());
        log.printf("synfin bench: %d records due at their own connection's segment, %d at a timer, %d only at the "
                + "end of the input%n", expected.segmentDriven(), expected.timerDriven(), expected.atEndOfInput());
        return expected;
    }

    private interface Work {
        long run() throws Exception;
    }

    private Stage measure(String name, Work work) throws Exception {
        log.println("synfin bench: " + name);
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        long segments = work.run();
        return new Stage(name, segments, (System.nanoTime() - start) / 1e9, (processCpuNanos() - cpu) / 1e9);
    }

    private long decode() throws CaptureException {
        SegmentDecoder decoder = new SegmentDecoder();
        DecodedSegment decoded = new DecodedSegment();
        long[] ok = {0};
        try (CaptureSource source = CaptureFiles.open(capture.toString())) {
            source.run(frame -> {
                if (decoder.decode(frame, decoded) == DecodeStatus.OK) {
                    ok[0]++;
                }
            });
        }
        return ok[0];
    }

    private long analyze() {
        long[] records = {0};
        // As `synfin analyze` tracks for its table: two trackers on two threads, so the sink is shared.
        Analysis.Result result = new Analysis(TrackerConfig.DEFAULTS, false, 0).runSharded(capture.toString(),
                new FlowTable.Sink() {
                    @Override
                    public synchronized void record(ConnectionSummary summary) {
                        records[0]++;
                    }

                    @Override
                    public synchronized void anomaly(Anomaly anomaly) {
                        records[0]++;
                    }
                }, null);
        log.printf("synfin bench: analyze: %d records and anomalies%n", records[0]);
        return result.segments();
    }

    private long publish(EmbeddedKafkaBroker broker, String topic) throws CaptureException {
        broker.createTopics(List.of(topic), 2);
        Agent.Config config = Agent.Config.of(broker.bootstrap(), topic)
                .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(120));
        try (CaptureSource source = CaptureFiles.open(capture.toString()); Agent agent = new Agent(config)) {
            Agent.Result result = agent.run(source, new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
            if (!result.complete()) {
                throw new IllegalStateException("the agent did not publish every segment: " + result.metrics().statusLine());
            }
            return result.metrics().published();
        }
    }

    /**
     * The bounded job over the published topic. Segments/s uses Flink's net runtime of the job (from
     * submission to its end, without the MiniCluster's start); CPU is the process's over the whole stage.
     */
    private Stage job(EmbeddedKafkaBroker broker, JobConfig.StateKind state, String prefix) throws Exception {
        String name = "job, " + state.name().toLowerCase(Locale.ROOT) + " state (bounded, parallelism 2)";
        log.println("synfin bench: " + name);
        JobConfig config = JobConfig.defaults(broker.bootstrap())
                .withTopics("bench.segments", prefix + ".connections", prefix + ".anomalies", prefix + ".deadletter", prefix)
                .withState(state)
                .withBounded(true)
                .withCheckpoints(workDir.resolve(prefix).toUri().toString(), Duration.ofSeconds(10));
        broker.createTopics(List.of(config.connectionsTopic(), config.anomaliesTopic(), config.deadLetterTopic()), 2);
        long segments = stages.get(2).segments();
        long cpu = processCpuNanos();
        JobResult result;
        try (EmbeddedJob job = EmbeddedJob.start(config)) {
            result = job.await(JOB_TIMEOUT);
        }
        return new Stage(name, segments, result.getNetRuntime() / 1e3, (processCpuNanos() - cpu) / 1e9);
    }

    private void external(String label, String... command) throws IOException, InterruptedException {
        if (!onPath(command[0])) {
            log.println("synfin bench: " + command[0] + " is not installed; skipped");
            return;
        }
        log.println("synfin bench: " + label);
        Path times = workDir.resolve(command[0] + ".time");
        List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%e %U %S"));
        timed.addAll(List.of(command));
        Process process = new ProcessBuilder(timed).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (process.waitFor() != 0) {
            log.println("synfin bench: " + command[0] + " failed with exit code " + process.exitValue() + "; skipped");
            return;
        }
        String[] fields = Files.readString(times).trim().split("\\s+");
        long segments = stages.get(0).segments();
        stages.add(new Stage(label, segments, Double.parseDouble(fields[0]),
                Double.parseDouble(fields[1]) + Double.parseDouble(fields[2])));
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The process's peak resident set (VmHWM) in MiB, or -1 where /proc is not there. */
    public static long peakRssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
