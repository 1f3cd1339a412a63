package io.synfin.job.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.synfin.core.flow.FlowKey;
import io.synfin.core.segment.Segment;
import io.synfin.core.segment.SegmentOptions;
import io.synfin.core.segment.TcpFlags;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The job's key is the flow key's bytes, the same from both directions. */
class FlowIdTest {

    private static Segment segment(int domain, byte[] src, int srcPort, byte[] dst, int dstPort) {
        return new Segment(1_700_000_000_000_000L, domain, src, dst, srcPort, dstPort, 1, 2, TcpFlags.ACK, 100, 0,
                40, 64, SegmentOptions.NONE, false);
    }

    @Test
    void theKeyIsTheFlowKeysBytesFromEitherDirection() {
        Random random = new Random(20261129L);
        for (int i = 0; i < 5_000; i++) {
            int length = random.nextBoolean() ? 4 : 16;
            byte[] a = new byte[length];
            byte[] b = new byte[length];
            random.nextBytes(a);
            // shared prefixes, equal addresses (then the port decides) and high bytes (unsigned order)
            System.arraycopy(a, 0, b, 0, random.nextInt(length + 1));
            int portA = random.nextInt(4) == 0 ? 65535 : random.nextInt(65536);
            int portB = random.nextInt(4) == 0 ? portA : random.nextInt(65536);
            int domain = random.nextInt();
            Segment forward = segment(domain, a, portA, b, portB);
            Segment reverse = segment(domain, b, portB, a, portA);

            FlowId id = FlowId.of(forward);

            assertThat(id.toBytes()).isEqualTo(FlowKey.of(forward).toBytes());
            assertThat(FlowId.of(reverse)).isEqualTo(id).hasSameHashCodeAs(id);
        }
    }
}
