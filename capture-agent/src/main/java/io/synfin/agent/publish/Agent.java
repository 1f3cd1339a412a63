package io.synfin.agent.publish;

import io.synfin.agent.capture.CaptureException;
import io.synfin.agent.capture.CaptureSource;
import io.synfin.agent.capture.LiveInterfaceSource;
import io.synfin.agent.decode.SegmentDecoder;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One capture agent run: a capture source through the {@link SegmentPipeline} into Kafka, with a status
 * line every {@code statsInterval}, libpcap's drop counters on live capture, and a bounded drain at the
 * end. The capture runs on the calling thread; {@link #stop()} ends it from any thread.
 */
public final class Agent implements AutoCloseable {

    /** What one agent run needs; {@code kafkaOverrides} may be empty, {@code bootstrap} null (see {@link ProducerSettings}). */
    public record Config(
            String bootstrap,
            Properties kafkaOverrides,
            String topic,
            int agentId,
            int domain,
            double speed,
            int maxInFlight,
            Duration statsInterval,
            Duration metadataTimeout,
            Duration drainTimeout) {

        public Config {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(kafkaOverrides, "kafkaOverrides");
            Objects.requireNonNull(statsInterval, "statsInterval");
            Objects.requireNonNull(metadataTimeout, "metadataTimeout");
            Objects.requireNonNull(drainTimeout, "drainTimeout");
        }

        /** Defaults for everything but where to publish. */
        public static Config of(String bootstrap, String topic) {
            return new Config(bootstrap, new Properties(), topic, 0, 0, 0, SegmentPublisher.DEFAULT_MAX_IN_FLIGHT,
                    Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60));
        }

        public Config withIdentity(int agentId, int domain) {
            return new Config(bootstrap, kafkaOverrides, topic, agentId, domain, speed, maxInFlight, statsInterval,
                    metadataTimeout, drainTimeout);
        }

        public Config withSpeed(double x) {
            return new Config(bootstrap, kafkaOverrides, topic, agentId, domain, x, maxInFlight, statsInterval,
                    metadataTimeout, drainTimeout);
        }

        public Config withMaxInFlight(int records) {
            return new Config(bootstrap, kafkaOverrides, topic, agentId, domain, speed, records, statsInterval,
                    metadataTimeout, drainTimeout);
        }

        public Config withKafkaOverrides(Properties overrides) {
            return new Config(bootstrap, overrides, topic, agentId, domain, speed, maxInFlight, statsInterval,
                    metadataTimeout, drainTimeout);
        }

        public Config withTimeouts(Duration stats, Duration metadata, Duration drain) {
            return new Config(bootstrap, kafkaOverrides, topic, agentId, domain, speed, maxInFlight, stats, metadata, drain);
        }
    }

    /**
     * How a run ended: the counters, whether nothing was left in flight at the end of the drain, and a
     * corrupt input (null when the input ended well).
     */
    public record Result(AgentMetrics metrics, boolean drained, CaptureException captureError) {

        /** True when every decoded segment was acknowledged: nothing dropped, failed, or left in flight. */
        public boolean complete() {
            return drained && metrics.failed() == 0 && metrics.droppedBuffer() == 0;
        }
    }

    private final Config config;
    private final SegmentDecoder decoder = new SegmentDecoder();
    private final AgentMetrics metrics = new AgentMetrics(decoder.counters());
    private final SegmentPublisher publisher;
    private volatile CaptureSource running;

    public Agent(Config config) {
        this.config = Objects.requireNonNull(config, "config");
        this.publisher = new SegmentPublisher(
                ProducerSettings.of(config.bootstrap(), config.kafkaOverrides()), config.topic(), config.maxInFlight(), metrics);
    }

    public AgentMetrics metrics() {
        return metrics;
    }

    /**
     * Runs {@code source} to its end (or {@link #stop()}), then waits up to the drain timeout for every
     * acknowledgement. Status lines go to {@code status}.
     */
    public Result run(CaptureSource source, PrintStream status) {
        if (!publisher.awaitTopic(config.metadataTimeout())) {
            status.println("synfin agent: topic " + config.topic() + " not reachable yet (" + publisher.lastFailure()
                    + "); publishing anyway, undelivered segments are counted");
        }
        SegmentPipeline pipeline = new SegmentPipeline(
                decoder, publisher, metrics, config.domain(), config.agentId(), config.speed());
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "synfin-agent-status");
            t.setDaemon(true);
            return t;
        });
        long period = config.statsInterval().toMillis();
        reporter.scheduleAtFixedRate(() -> {
            // An exception would silently cancel every later report: report it instead.
            try {
                readCaptureStats(source);
                status.println("synfin agent: " + metrics.statusLine());
            } catch (RuntimeException e) {
                status.println("synfin agent: status report failed: " + e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
        CaptureException captureError = null;
        running = source;
        try {
            source.run(pipeline);
        } catch (CaptureException e) {
            captureError = e;
        } finally {
            running = null;
            reporter.shutdownNow();
        }
        readCaptureStats(source);
        boolean drained = publisher.drain(config.drainTimeout());
        return new Result(metrics, drained, captureError);
    }

    private void readCaptureStats(CaptureSource source) {
        if (source instanceof LiveInterfaceSource live) {
            try {
                metrics.captureStats(live.stats());
            } catch (CaptureException e) {
                // The handle is closing: the last counters read stay.
            }
        }
    }

    /**
     * Sends what the publisher holds and waits up to {@code timeout} for every acknowledgement, in the
     * middle of a run; call it from the capture thread (a frame handler), as the run itself does at the end.
     *
     * @return true when nothing is left in flight
     */
    public boolean drain(Duration timeout) {
        return publisher.drain(timeout);
    }

    /** Ends a running capture after its current frame; the run then drains and returns. */
    public void stop() {
        CaptureSource source = running;
        if (source != null) {
            source.stop();
        }
    }

    @Override
    public void close() {
        publisher.close(Duration.ofSeconds(5));
    }
}
