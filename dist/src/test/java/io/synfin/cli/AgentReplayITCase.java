package io.synfin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.agent.capture.CaptureFiles;
import io.synfin.agent.capture.CaptureSource;
import io.synfin.agent.capture.LinkType;
import io.synfin.agent.decode.DecodeStatus;
import io.synfin.agent.decode.DecodedSegment;
import io.synfin.agent.decode.SegmentDecoder;
import io.synfin.core.flow.FlowKey;
import io.synfin.schema.TcpSegment;
import io.synfin.schema.json.AvroJson;
import io.synfin.schema.serde.SingleObjectCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real multi-connection capture replayed through {@code synfin agent} lands in a
 * topic of several partitions with exactly as many records as {@code synfin segments} prints, every
 * connection (both directions) in one partition in capture order, and no payload byte in any record.
 */
class AgentReplayITCase {

    private static final int PARTITIONS = 4;
    private static final SingleObjectCodec<TcpSegment> CODEC = SingleObjectCodec.forType(TcpSegment.class);

    @ParameterizedTest
    @EnumSource(BrokerKind.class)
    void mixedCaptureLandsWholeAndInOrder(BrokerKind kind) throws Exception {
        replay(kind, Captures.decoderCapture("ipv4_mixed.pcap"), "replay.mixed." + kind.name().toLowerCase());
    }

    @ParameterizedTest
    @EnumSource(BrokerKind.class)
    void manyShortConnectionsLandWholeAndInOrder(BrokerKind kind) throws Exception {
        replay(kind, Captures.SCENARIOS.resolve("many_short.pcap"), "replay.many." + kind.name().toLowerCase());
    }

    private static void replay(BrokerKind kind, Path capture, String topic) throws Exception {
        String bootstrap = kind.bootstrap();
        BrokerKind.createTopic(bootstrap, topic, PARTITIONS);

        ByteArrayOutputStream segmentsOut = new ByteArrayOutputStream();
        assertThat(SegmentsCommand.run(capture.toString(), 7, 7, false, new PrintStream(segmentsOut, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).isZero();
        List<String> printed = segmentsOut.toString(StandardCharsets.UTF_8).lines().toList();

        int exit = SynFin.commandLine().execute("agent", "--read", capture.toString(), "--bootstrap", bootstrap,
                "--topic", topic, "--agent-id", "7", "--stats-interval", "60");
        assertThat(exit).isZero();

        List<ConsumerRecord<byte[], byte[]>> records = BrokerKind.readAll(bootstrap, topic);
        assertThat(records).hasSize(printed.size());

        Map<String, List<String>> expectedByFlow = segmentsByFlow(capture);
        assertThat(expectedByFlow.values().stream().flatMap(List::stream).toList()).containsExactlyInAnyOrderElementsOf(printed);
        assertThat(expectedByFlow).hasSizeGreaterThan(1);

        Map<String, Set<Integer>> partitionsByFlow = new HashMap<>();
        Map<String, List<String>> consumedByFlow = new HashMap<>();
        records.sort((a, b) -> a.partition() != b.partition()
                ? Integer.compare(a.partition(), b.partition()) : Long.compare(a.offset(), b.offset()));
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String flow = Arrays.toString(record.key());
            TcpSegment segment = CODEC.decode(record.value()).valueOrNull();
            assertThat(segment).as("record %d of partition %d decodes", record.offset(), record.partition()).isNotNull();
            assertThat(record.timestamp()).isEqualTo(Math.floorDiv(segment.getTs(), 1000L));
            partitionsByFlow.computeIfAbsent(flow, f -> new HashSet<>()).add(record.partition());
            consumedByFlow.computeIfAbsent(flow, f -> new ArrayList<>()).add(AvroJson.toJson(segment));
        }
        assertThat(partitionsByFlow.values()).allSatisfy(partitions -> assertThat(partitions).hasSize(1));
        assertThat(partitionsByFlow.values().stream().flatMap(Set::stream).distinct().count())
                .as("flows spread over several partitions").isGreaterThan(1);
        assertThat(consumedByFlow).isEqualTo(expectedByFlow);
        assertNoPayload(capture, records);
    }

    /** The capture decoded here: each flow key's segments as JSON, in capture order. */
    private static Map<String, List<String>> segmentsByFlow(Path capture) throws Exception {
        Map<String, List<String>> byFlow = new LinkedHashMap<>();
        SegmentDecoder decoder = new SegmentDecoder();
        DecodedSegment s = new DecodedSegment();
        try (CaptureSource source = CaptureFiles.open(capture.toString())) {
            source.run(frame -> {
                if (decoder.decode(frame, s) == DecodeStatus.OK) {
                    String flow = Arrays.toString(
                            FlowKey.of(7, s.copySrcAddr(), s.srcPort(), s.copyDstAddr(), s.dstPort()).toBytes());
                    byFlow.computeIfAbsent(flow, f -> new ArrayList<>()).add(AvroJson.toJson(s.toAvro(7, 7)));
                }
            });
        }
        return byFlow;
    }

    /** Headers only: no record holds the first payload bytes of any segment that carries data. */
    private static void assertNoPayload(Path capture, List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        List<byte[]> payloadPrefixes = new ArrayList<>();
        SegmentDecoder decoder = new SegmentDecoder();
        DecodedSegment s = new DecodedSegment();
        try (CaptureSource source = CaptureFiles.open(capture.toString())) {
            source.run(frame -> {
                if (decoder.decode(frame, s) == DecodeStatus.OK && s.payloadLen() >= 8
                        && frame.linkType() == LinkType.ETHERNET && s.ipVersion() == 4 && s.vlanCount() == 0) {
                    int payloadStart = frame.offset() + 14 + s.ipTotalLen() - s.payloadLen();
                    int captured = frame.offset() + frame.capturedLength() - payloadStart;
                    if (captured >= 8) {
                        byte[] prefix = new byte[Math.min(16, captured)];
                        frame.buffer().get(payloadStart, prefix);
                        payloadPrefixes.add(prefix);
                    }
                }
            });
        }
        assertThat(payloadPrefixes).as("the capture carries payload to look for").isNotEmpty();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            for (byte[] prefix : payloadPrefixes) {
                assertThat(indexOf(record.value(), prefix)).as("payload bytes in a published record").isEqualTo(-1);
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
