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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The broker is shut down in the middle of a replay and started again on the same
 * directory and port. The agent neither fails nor hangs, counts what it dropped while its bounded buffer
 * was full, resumes by itself, and writes nothing twice. Also the case where the producer has no metadata
 * for the topic at all: segments wait within the bound and go out in order. Embedded broker only: a
 * container cannot be brought back on the same mapped port.
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
                assertThat(agent.drain(Duration.ofSeconds(60))).isTrue();
                broker.stop();
            };
            Runnable up = () -> {
                broker.start();
                assertThat(agent.drain(Duration.ofSeconds(60))).isTrue();
            };
            try (CaptureSource source = new OutageSource(CaptureFiles.open(capture), 100, down, 300, up)) {
                result = agent.run(source, new PrintStream(status, true, StandardCharsets.UTF_8));
            }
        }
        assertThat(broker.isRunning()).isTrue();
        assertThat(result.captureError()).isNull();
        assertThat(result.drained()).as("nothing left in flight after the restart").isTrue();
        AgentMetrics metrics = result.metrics();
        System.out.println("after the outage: " + metrics.statusLine());
        assertThat(metrics.decodeCount(DecodeStatus.OK)).isEqualTo(400);
        // 200 segments arrive while the broker is down: MAX_IN_FLIGHT of them wait (in the producer, or parked
        // when it lost the topic's metadata), the rest are dropped at the bound. None fails.
        assertThat(metrics.droppedBuffer()).as(metrics.statusLine()).isEqualTo(200L - MAX_IN_FLIGHT);
        assertThat(metrics.failed()).isZero();
        assertThat(metrics.published()).isEqualTo(400 - (200 - MAX_IN_FLIGHT));
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

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void segmentsWaitInOrderWhileTheTopicHasNoMetadataAndGoOutOnceItHas() throws Exception {
        EmbeddedKafkaBroker broker = SharedBroker.get();
        String topic = "parked.segments";
        String capture = Captures.SCENARIOS.resolve("many_short.pcap").toString();
        Agent.Config config = Agent.Config.of(broker.bootstrap(), topic)
                .withMaxInFlight(MAX_IN_FLIGHT)
                .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(60));
        Agent.Result result;
        try (Agent agent = new Agent(config)) {
            // The topic does not exist (the broker creates none by itself): the producer rejects every
            // record until it is created before frame 300; then what waited goes out first.
            Runnable create = () -> {
                try {
                    BrokerKind.createTopic(broker.bootstrap(), topic, 3);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                assertThat(agent.drain(Duration.ofSeconds(60))).isTrue();
            };
            try (CaptureSource source = new OutageSource(CaptureFiles.open(capture), -1, () -> { }, 300, create)) {
                result = agent.run(source, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            }
        }
        AgentMetrics metrics = result.metrics();
        System.out.println("after the missing topic: " + metrics.statusLine());
        assertThat(result.drained()).isTrue();
        assertThat(metrics.droppedBuffer()).as(metrics.statusLine()).isEqualTo(299 - MAX_IN_FLIGHT);
        assertThat(metrics.failed()).isZero();
        assertThat(metrics.published()).isEqualTo(MAX_IN_FLIGHT + 101);

        // The first MAX_IN_FLIGHT frames and every frame from 300 on, each flow in capture order.
        Map<Long, String> byFrame = identitiesByFrame(capture);
        List<String> expected = byFrame.entrySet().stream()
                .filter(e -> e.getKey() <= MAX_IN_FLIGHT || e.getKey() >= 300).map(Map.Entry::getValue).toList();
        List<ConsumerRecord<byte[], byte[]>> records = BrokerKind.readAll(broker.bootstrap(), topic);
        assertThat(records.stream().map(r -> identity(CODEC.decode(r.value()).valueOrNull())).toList())
                .containsExactlyInAnyOrderElementsOf(expected);
        Map<Integer, List<String>> byPartition = new TreeMap<>();
        records.stream().sorted(Comparator.comparingLong(ConsumerRecord::offset)).forEach(r -> byPartition
                .computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(identity(CODEC.decode(r.value()).valueOrNull())));
        byPartition.values().forEach(inPartition -> assertThat(inPartition)
                .isEqualTo(expected.stream().filter(inPartition::contains).toList()));
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
