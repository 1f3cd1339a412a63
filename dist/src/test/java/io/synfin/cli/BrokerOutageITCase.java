package io.synfin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.agent.capture.CaptureException;
import io.synfin.agent.capture.CaptureFiles;
import io.synfin.agent.capture.CaptureSource;
import io.synfin.agent.capture.FrameHandler;
import io.synfin.agent.decode.DecodeStatus;
import io.synfin.agent.decode.DecodedSegment;
import io.synfin.agent.decode.SegmentDecoder;
import io.synfin.agent.publish.Agent;
import io.synfin.agent.publish.AgentMetrics;
import io.synfin.broker.EmbeddedKafkaBroker;
import io.synfin.broker.SharedBroker;
import io.synfin.schema.TcpSegment;
import io.synfin.schema.serde.SingleObjectCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Acceptance of issue 4: the broker is shut down in the middle of a replay and started again on the same
 * directory and port. The agent neither fails nor hangs, counts what it dropped while its bounded buffer
 * was full, resumes by itself, and writes nothing twice. Embedded broker only: a container cannot be
 * brought back on the same mapped port.
 */
class BrokerOutageITCase {

    private static final String TOPIC = "outage.segments";
    /** Above the 99 frames before the outage, below the 200 during it. */
    private static final int MAX_IN_FLIGHT = 150;
    private static final SingleObjectCodec<TcpSegment> CODEC = SingleObjectCodec.forType(TcpSegment.class);

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void brokerRestartMidReplayDropsCountedAndDuplicatesNothing() throws Exception {
        EmbeddedKafkaBroker broker = SharedBroker.get();
        BrokerKind.createTopic(broker.bootstrap(), TOPIC, 3);
        String capture = Captures.SCENARIOS.resolve("many_short.pcap").toString();

        Agent.Config config = Agent.Config.of(broker.bootstrap(), TOPIC)
                .withMaxInFlight(MAX_IN_FLIGHT)
                .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(60));
        ByteArrayOutputStream status = new ByteArrayOutputStream();
        Agent.Result result;
        try (Agent agent = new Agent(config)) {
            // Down before frame 100 once the first 99 are acknowledged; up before frame 300, and the 150 that
            // waited meanwhile are acknowledged before the replay goes on (the producer reconnects by itself).
            Runnable down = () -> {
                awaitAcknowledged(agent);
                broker.stop();
            };
            Runnable up = () -> {
                broker.start();
                awaitAcknowledged(agent);
                assertThat(agent.awaitPublishable(Duration.ofSeconds(30))).isTrue();
            };
            try (CaptureSource source = new OutageSource(CaptureFiles.open(capture), 100, down, 300, up)) {
                result = agent.run(source, new PrintStream(status, true, StandardCharsets.UTF_8));
            }
        }
        assertThat(broker.isRunning()).isTrue();
        assertThat(result.captureError()).isNull();
        assertThat(result.drained()).as("nothing left in flight after the restart").isTrue();
        AgentMetrics metrics = result.metrics();
        assertThat(metrics.decodeCount(DecodeStatus.OK)).isEqualTo(400);
        // 200 segments arrive while the broker is down: at most MAX_IN_FLIGHT of them can wait; the rest are
        // dropped at the bound, or fail at once when the producer has lost the topic's metadata.
        long lost = metrics.droppedBuffer() + metrics.failed();
        assertThat(lost).as(metrics.statusLine()).isBetween(200L - MAX_IN_FLIGHT, 200L);
        assertThat(metrics.published() + lost).isEqualTo(400);
        assertThat(metrics.statusLine()).contains("dropped_buffer=" + metrics.droppedBuffer(), "failed=" + metrics.failed());

        List<ConsumerRecord<byte[], byte[]>> records = BrokerKind.readAll(broker.bootstrap(), TOPIC);
        assertThat(records).hasSize((int) metrics.published());
        Set<String> published = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            TcpSegment s = CODEC.decode(record.value()).valueOrNull();
            assertThat(s).isNotNull();
            assertThat(published.add(identity(s))).as("published once: %s", identity(s)).isTrue();
        }
        // Everything before the outage and everything after the restart made it: the agent resumed by itself.
        Map<Long, String> byFrame = identitiesByFrame(capture);
        byFrame.forEach((frame, identity) -> {
            if (frame < 100 || frame >= 300) {
                assertThat(published).as("frame %d", frame).contains(identity);
            }
        });
    }

    private static String identity(TcpSegment s) {
        return s.getTs() + " " + s.getSrcAddr() + ":" + s.getSrcPort() + ">" + s.getDstAddr() + ":" + s.getDstPort()
                + " " + s.getSeq() + " " + s.getAck() + " " + s.getFlags() + " " + s.getIpId();
    }

    private static Map<Long, String> identitiesByFrame(String capture) throws CaptureException {
        Map<Long, String> byFrame = new TreeMap<>();
        SegmentDecoder decoder = new SegmentDecoder();
        DecodedSegment segment = new DecodedSegment();
        try (CaptureSource source = CaptureFiles.open(capture)) {
            source.run(frame -> {
                if (decoder.decode(frame, segment) == DecodeStatus.OK) {
                    byFrame.put(frame.frameNumber(), identity(segment.toAvro(0, 0)));
                }
            });
        }
        return byFrame;
    }

    private static void awaitAcknowledged(Agent agent) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (agent.metrics().inFlight() > 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("segments still unacknowledged after 60 s: " + agent.metrics().statusLine());
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }

    /** A capture source of our own that runs an action before two given frames (stopping and restarting the broker). */
    private static final class OutageSource implements CaptureSource {
        private final CaptureSource delegate;
        private final long downAt;
        private final Runnable down;
        private final long upAt;
        private final Runnable up;

        OutageSource(CaptureSource delegate, long downAt, Runnable down, long upAt, Runnable up) {
            this.delegate = delegate;
            this.downAt = downAt;
            this.down = down;
            this.upAt = upAt;
            this.up = up;
        }

        @Override
        public long run(FrameHandler handler) throws CaptureException {
            return delegate.run(frame -> {
                if (frame.frameNumber() == downAt) {
                    down.run();
                } else if (frame.frameNumber() == upAt) {
                    up.run();
                }
                handler.onFrame(frame);
            });
        }

        @Override
        public void stop() {
            delegate.stop();
        }

        @Override
        public String description() {
            return delegate.description();
        }

        @Override
        public void close() throws CaptureException {
            delegate.close();
        }
    }
}
