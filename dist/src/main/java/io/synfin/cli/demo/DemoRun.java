package io.synfin.cli.demo;

import io.synfin.agent.capture.CaptureException;
import io.synfin.agent.capture.CaptureFiles;
import io.synfin.agent.capture.CaptureSource;
import io.synfin.agent.capture.LiveInterfaceSource;
import io.synfin.agent.publish.Agent;
import io.synfin.broker.EmbeddedKafkaBroker;
import io.synfin.job.JobConfig;
import io.synfin.schema.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.flink.runtime.jobmaster.JobResult;

/**
 * The whole pipeline in one process ({@code synfin demo}): an embedded broker in a temporary directory,
 * the SynFin job on a MiniCluster, the agent replaying a capture (or a live interface) into
 * {@code tcp.segments}, and a {@link LiveTable} of what the job commits. {@link #close} stops everything
 * in reverse order and deletes the directory; {@link #stop} may be called from any thread (Ctrl-C).
 */
public final class DemoRun implements AutoCloseable {

    /** The bundled capture: every scenario capture of testdata/captures/scenarios, merged (see its README). */
    public static final String BUNDLED_CAPTURE = "/demo/demo.pcapng";

    /** The job commits its records on each checkpoint: this is how often the table can show new ones. */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    private static final Duration FINISH_TIMEOUT = Duration.ofSeconds(60);

    /**
     * What to run.
     *
     * @param file capture to replay, or null for the bundled one (ignored when {@code iface} is set)
     * @param iface live capture on this interface, or null to replay
     * @param filter BPF filter for the live capture, or null
     * @param keepRunning leave the job running after the replay, until {@link #stop}
     */
    public record Options(String file, String iface, String filter, boolean keepRunning, int partitions,
            int parallelism, JobConfig.StateKind state) {

        public static Options replay(String file) {
            return new Options(file, null, null, false, 2, 2, JobConfig.StateKind.HEAP);
        }

        /** A replay is bounded (the job ends with its input) unless asked to keep running; live capture never is. */
        boolean bounded() {
            return iface == null && !keepRunning;
        }
    }

    /** How the run ended: the table's counts and the agent's and the job's figures. */
    public record Result(DemoSummary summary, long segments, double agentSeconds, double jobSeconds, boolean stopped) {}

    private final Options options;
    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private Path dir;
    private EmbeddedKafkaBroker broker;
    private LiveTable table;
    private EmbeddedJob job;
    private volatile Agent agent;

    public DemoRun(Options options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /** Runs to the end of a bounded replay, or until {@link #stop}; prints the table and then the summary. */
    public Result run() throws Exception {
        dir = Files.createTempDirectory("synfin-demo-");
        Topics topics = Topics.defaults();
        broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
        broker.createTopics(topics.all(), options.partitions());
        err.printf("synfin demo: broker at %s, topics %s with %d partitions%n", broker.bootstrap(), topics.all(),
                options.partitions());
        JobConfig config = JobConfig.defaults(broker.bootstrap())
                .withParallelism(options.parallelism())
                .withState(options.state())
                .withBounded(options.bounded())
                .withCheckpoints(dir.resolve("checkpoints").toUri().toString(), CHECKPOINT_INTERVAL);
        table = new LiveTable(broker.bootstrap(), topics, out);
        table.start();
        if (!options.bounded()) {
            // An unbounded job reads what arrives from now on: start it before the agent publishes.
            startJob(config);
            err.println("synfin demo: running until Ctrl-C");
        }
        long agentStart = System.nanoTime();
        Agent.Result published = publish(topics.segments());
        double agentSeconds = (System.nanoTime() - agentStart) / 1e9;
        long segments = published == null ? 0 : published.metrics().published();
        err.printf(Locale.ROOT, "synfin demo: agent published %d segments in %.2f s%n", segments, agentSeconds);
        double jobSeconds = Double.NaN;
        boolean stopped = isStopRequested();
        if (options.bounded() && !stopped) {
            // A bounded job reads up to the offsets that exist when it starts: the whole replay.
            long jobStart = System.nanoTime();
            startJob(config);
            stopped = !awaitJob();
            jobSeconds = (System.nanoTime() - jobStart) / 1e9;
            if (!stopped && !table.finish(FINISH_TIMEOUT)) {
                err.println("synfin demo: the table did not reach the end of the output topics within " + FINISH_TIMEOUT);
            }
        } else if (!options.bounded()) {
            if (!stopped) {
                // Records whose timers wait for event time to pass (TIME_WAIT, timeouts) come once newer segments arrive.
                err.printf("synfin demo: replay done, the job keeps running; more input with ./synfin agent --read FILE"
                        + " --bootstrap %s; Ctrl-C stops everything%n", broker.bootstrap());
            }
            stopRequested.await();
            stopped = true;
        }
        table.close();
        if (table.failure() != null) {
            throw new IllegalStateException("reading the output topics failed", table.failure());
        }
        Result result = new Result(table.summary(), segments, agentSeconds, jobSeconds, stopped);
        printSummary(result);
        return result;
    }

    private void startJob(JobConfig config) throws Exception {
        job = EmbeddedJob.start(config);
        err.printf("synfin demo: job running (%s state, parallelism %d, %s); Flink web UI at %s%n",
                config.state().name().toLowerCase(Locale.ROOT), config.parallelism(),
                config.bounded() ? "bounded replay" : "unbounded", job.webUi());
    }

    /** Waits for the bounded job; false when a stop came first. */
    private boolean awaitJob() throws InterruptedException {
        while (!isStopRequested()) {
            try {
                JobResult result = job.await(Duration.ofMillis(200));
                return result != null;
            } catch (TimeoutException e) {
                // Not done yet: look at the stop request again.
            }
        }
        return false;
    }

    private Agent.Result publish(String topic) throws CaptureException, IOException {
        CaptureSource source = openSource();
        Agent.Config config = Agent.Config.of(broker.bootstrap(), topic)
                .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60));
        try (source; Agent running = new Agent(config)) {
            agent = running;
            if (isStopRequested()) {
                return null;
            }
            Agent.Result result = running.run(source, err);
            if (result.captureError() != null) {
                throw result.captureError();
            }
            return result;
        } finally {
            agent = null;
        }
    }

    private CaptureSource openSource() throws CaptureException, IOException {
        if (options.iface() != null) {
            String filter = liveFilter();
            err.println("synfin demo: capturing on " + options.iface() + " with filter '" + filter + "'");
            return LiveInterfaceSource.open(options.iface(), LiveInterfaceSource.Options.defaults().withFilter(filter));
        }
        if (options.file() != null) {
            err.println("synfin demo: replaying " + options.file());
            return CaptureFiles.open(options.file());
        }
        InputStream bundled = DemoRun.class.getResourceAsStream(BUNDLED_CAPTURE);
        if (bundled == null) {
            throw new IOException("the bundled capture " + BUNDLED_CAPTURE + " is missing from the classpath");
        }
        err.println("synfin demo: replaying the bundled capture (every scenario of testdata/captures/scenarios)");
        return CaptureFiles.open(bundled, "demo.pcapng");
    }

    /**
     * The user's filter (default: all TCP) without the demo's own traffic: on the loopback interface every
     * segment published to the broker would be captured and published again, a loop that only grows.
     */
    private String liveFilter() {
        String base = options.filter() == null ? "tcp" : options.filter();
        String bootstrap = broker.bootstrap();
        StringBuilder filter = new StringBuilder("(").append(base).append(") and not port ")
                .append(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        if (job != null) {
            filter.append(" and not port ").append(job.webUi().getPort());
        }
        return filter.toString();
    }

    private void printSummary(Result result) {
        out.println();
        result.summary().print(out);
        out.printf(Locale.ROOT, "  segments:       %d published by the agent in %.2f s (%s segments/s)%n",
                result.segments(), result.agentSeconds(), rate(result.segments(), result.agentSeconds()));
        if (!Double.isNaN(result.jobSeconds())) {
            out.printf(Locale.ROOT, "  job:            %.2f s from submission to its end (%s segments/s, start-up included)%n",
                    result.jobSeconds(), rate(result.segments(), result.jobSeconds()));
        }
        out.flush();
    }

    private static String rate(long count, double seconds) {
        return seconds > 0 ? String.format(Locale.ROOT, "%.0f", count / seconds) : "-";
    }

    /** Asks the run to end: stops the capture, ends the wait for the job. Safe from any thread, at any time. */
    public void stop() {
        stopRequested.countDown();
        Agent running = agent;
        if (running != null) {
            running.stop();
        }
    }

    private boolean isStopRequested() {
        return stopRequested.getCount() == 0;
    }

    /** Stops the table, the job and its MiniCluster, the broker, and deletes the temporary directory. */
    @Override
    public void close() throws Exception {
        Exception first = null;
        try {
            if (table != null) {
                table.close();
            }
        } catch (Exception e) {
            first = e;
        }
        try {
            if (job != null) {
                job.close();
            }
        } catch (Exception e) {
            first = first == null ? e : first;
        }
        if (broker != null) {
            broker.close();
        }
        if (dir != null) {
            deleteTree(dir);
        }
        if (first != null) {
            throw first;
        }
    }

    /** The temporary directory of this run (broker data, checkpoints), or null before {@link #run}. */
    public Path directory() {
        return dir;
    }

    /** The broker's bootstrap address, or null before {@link #run}. */
    public String bootstrap() {
        return broker == null ? null : broker.bootstrap();
    }

    /** Deletes {@code root} and everything below it (the demo's and the benchmark's temporary directories). */
    public static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
