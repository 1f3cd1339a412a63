package io.synfin.core.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.synfin.core.segment.Segment;
import io.synfin.core.segment.SegmentOptions;
import org.junit.jupiter.api.Test;

/** SPEC §4: one canonical key for both directions, in a stable byte form. */
class FlowKeyTest {

    private static final byte[] A = Addresses.parse("10.0.0.1");
    private static final byte[] B = Addresses.parse("192.168.1.1");

    @Test
    void bothDirectionsGiveTheSameKey() {
        FlowKey forward = FlowKey.of(7, A, 40000, B, 80);
        FlowKey backward = FlowKey.of(7, B, 80, A, 40000);
        assertThat(forward).isEqualTo(backward).hasSameHashCodeAs(backward);
        assertThat(forward.lowPort()).isEqualTo(40000);
        assertThat(forward.lowAddr()).isEqualTo(A);
    }

    @Test
    void addressesCompareUnsignedThenPorts() {
        byte[] high = Addresses.parse("200.0.0.1");
        FlowKey key = FlowKey.of(1, high, 1, A, 2);
        assertThat(key.lowAddr()).isEqualTo(A);
        FlowKey samePorts = FlowKey.of(1, A, 9000, A, 80);
        assertThat(samePorts.lowPort()).isEqualTo(80);
    }

    @Test
    void domainsSeparateOtherwiseEqualFlows() {
        assertThat(FlowKey.of(1, A, 1, B, 2)).isNotEqualTo(FlowKey.of(2, A, 1, B, 2));
    }

    @Test
    void byteFormRoundTripsForIpv4AndIpv6() {
        FlowKey v4 = FlowKey.of(3, A, 40000, B, 443);
        assertThat(v4.toBytes()).hasSize(4 + 1 + 4 + 2 + 4 + 2);
        assertThat(FlowKey.fromBytes(v4.toBytes())).isEqualTo(v4);
        FlowKey v6 = FlowKey.of(3, Addresses.parse("2001:db8::1"), 5, Addresses.parse("fe80::2"), 6);
        assertThat(v6.ipVersion()).isEqualTo(6);
        assertThat(FlowKey.fromBytes(v6.toBytes())).isEqualTo(v6);
        assertThat(v6.hash64()).isEqualTo(FlowKey.fromBytes(v6.toBytes()).hash64());
    }

    @Test
    void hash64IsFnv1aOverTheByteForm() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(9);
        for (int i = 0; i < 1000; i++) {
            byte[] a = new byte[i % 2 == 0 ? 4 : 16];
            byte[] b = new byte[a.length];
            random.nextBytes(a);
            random.nextBytes(b);
            FlowKey key = FlowKey.of(random.nextInt(), a, random.nextInt(65536), b, random.nextInt(65536));
            long expected = 0xcbf29ce484222325L;
            for (byte x : key.toBytes()) {
                expected = (expected ^ (x & 0xff)) * 0x100000001b3L;
            }
            assertThat(key.hash64()).isEqualTo(expected);
        }
    }

    @Test
    void mixedAddressLengthsAreAProgrammerError() {
        assertThatThrownBy(() -> FlowKey.of(1, A, 1, Addresses.parse("::1"), 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlowKey.fromBytes(new byte[3])).isInstanceOf(RuntimeException.class);
    }

    @Test
    void textFormIsReadable() {
        assertThat(FlowKey.of(1, A, 40000, B, 80)).hasToString("1/10.0.0.1:40000-192.168.1.1:80");
        assertThat(Addresses.format(Addresses.parse("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(Addresses.format(Addresses.parse("::"))).isEqualTo("::");
    }

    @Test
    void findsItsSegmentsForIpv4AndIpv6() {
        byte[][][] pairs = {{A, B}, {Addresses.parse("2001:db8::1"), Addresses.parse("2001:db8::2")}};
        for (byte[][] pair : pairs) {
            FlowKey key = FlowKey.of(2, pair[1], 443, pair[0], 50000);
            Segment up = new Segment(1, 2, pair[0], pair[1], 50000, 443, 1, 0, 0, 0, 0, 40, 64, SegmentOptions.NONE, false);
            Segment down = new Segment(1, 2, pair[1], pair[0], 443, 50000, 1, 0, 0, 0, 0, 40, 64, SegmentOptions.NONE, false);
            Segment otherPort = new Segment(1, 2, pair[0], pair[1], 50001, 443, 1, 0, 0, 0, 0, 40, 64, SegmentOptions.NONE,
                    false);
            Segment otherDomain = new Segment(1, 3, pair[0], pair[1], 50000, 443, 1, 0, 0, 0, 0, 40, 64,
                    SegmentOptions.NONE, false);
            assertThat(key.matches(up)).isTrue();
            assertThat(key.matches(down)).isTrue();
            assertThat(key.matches(otherPort)).isFalse();
            assertThat(key.matches(otherDomain)).isFalse();
            assertThat(key.sentByLow(up)).isTrue();
            assertThat(key.sentByLow(down)).isFalse();
            assertThat(FlowKey.tupleHash(up)).isEqualTo(FlowKey.tupleHash(down)).isEqualTo(key.tupleHash());
            assertThat(FlowKey.of(up)).isEqualTo(key).hasSameHashCodeAs(key);
            // the hash of earlier releases, which held the addresses as arrays
            int h = 31 * 2 + java.util.Arrays.hashCode(pair[0]);
            h = 31 * (31 * (31 * h + 50000) + java.util.Arrays.hashCode(pair[1])) + 443;
            assertThat(key.hashCode()).isEqualTo(h);
            // the accessors hand out copies: changing one leaves the key as it was
            byte[] low = key.lowAddr();
            low[0] ^= 1;
            assertThat(key.lowAddr()).isEqualTo(pair[0]);
            assertThat(key.highAddr()).isEqualTo(pair[1]);
        }
    }
}
