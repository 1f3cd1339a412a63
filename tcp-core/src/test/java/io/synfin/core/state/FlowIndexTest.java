package io.synfin.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.core.TrackerConfig;
import io.synfin.core.flow.FlowKey;
import io.synfin.core.segment.Segment;
import io.synfin.core.segment.SegmentOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The FlowTable's own index and deadline heap agree with HashMap and PriorityQueue on random work. */
class FlowIndexTest {

    private static Segment segment(int src, int sport, int dst, int dport, int domain) {
        return new Segment(1, domain, ipv4(src), ipv4(dst), sport, dport, 0, 0, 0, 0, 0, 40, 64,
                SegmentOptions.NONE, false);
    }

    private static byte[] ipv4(int a) {
        return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
    }

    @Test
    void findsBothDirectionsAndSurvivesRandomAddsAndRemoves() {
        SplittableRandom random = new SplittableRandom(3);
        FlowIndex index = new FlowIndex();
        Map<FlowKey, FlowTable.Entry> reference = new HashMap<>();
        long created = 0;
        for (int round = 0; round < 200_000; round++) {
            // a small address space so keys repeat and probe runs collide and wrap
            Segment s = segment(0x0A000000 | random.nextInt(64), 1000 + random.nextInt(8), 0xC0A80101,
                    80 + random.nextInt(2), random.nextInt(2));
            Segment reverse = segment(0xC0A80101, s.dstPort(), 0x0A000000 | (s.srcAddr()[3] & 0xff), s.srcPort(),
                    s.domain());
            FlowKey key = FlowKey.of(s);
            assertThat(FlowKey.tupleHash(reverse)).isEqualTo(FlowKey.tupleHash(s)).isEqualTo(key.tupleHash());
            FlowTable.Entry found = index.get(random.nextBoolean() ? s : reverse, FlowKey.tupleHash(s));
            assertThat(found).isSameAs(reference.get(key));
            if (found == null) {
                FlowTable.Entry entry = new FlowTable.Entry(key, created++, TrackerConfig.DEFAULTS, true);
                index.add(entry);
                reference.put(key, entry);
            } else if (random.nextInt(3) == 0) {
                index.remove(found);
                reference.remove(key);
            }
            assertThat(index.size()).isEqualTo(reference.size());
        }
        List<FlowTable.Entry> all = index.inCreationOrder();
        assertThat(all).containsExactlyInAnyOrderElementsOf(reference.values());
        assertThat(all).isSortedAccordingTo((a, b) -> Long.compare(a.created, b.created));
    }

    private record Due(long at, int id) implements Comparable<Due> {
        @Override
        public int compareTo(Due other) {
            return Long.compare(at, other.at);
        }
    }

    @Test
    void deadlinesComeOutInPriorityQueueOrderTiesIncluded() {
        SplittableRandom random = new SplittableRandom(5);
        DeadlineHeap heap = new DeadlineHeap();
        PriorityQueue<Due> reference = new PriorityQueue<>();
        List<FlowTable.Entry> ids = new ArrayList<>();
        for (int round = 0; round < 100_000; round++) {
            if (reference.isEmpty() || random.nextInt(5) < 3) {
                long at = random.nextInt(50); // few distinct times: many ties
                FlowTable.Entry entry = new FlowTable.Entry(FlowKey.of(segment(round, 1, 2, 3, 0)), ids.size(),
                        TrackerConfig.DEFAULTS, true);
                reference.add(new Due(at, ids.size()));
                ids.add(entry);
                heap.add(at, entry);
            } else {
                Due expected = reference.poll();
                assertThat(heap.peekAt()).isEqualTo(expected.at());
                assertThat(heap.poll()).isSameAs(ids.get(expected.id()));
            }
            assertThat(heap.isEmpty()).isEqualTo(reference.isEmpty());
        }
    }
}
