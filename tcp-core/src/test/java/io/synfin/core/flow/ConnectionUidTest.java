package io.synfin.core.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** SPEC §4: uid stable for the same key, ISN and start; different when any differs. */
class ConnectionUidTest {

    private static final FlowKey KEY =
            FlowKey.of(1, Addresses.parse("10.0.0.1"), 40000, Addresses.parse("10.0.0.2"), 80);

    @Test
    void isStableAndZeekShaped() {
        String uid = ConnectionUid.of(KEY, 100, 1_700_000_000_000_000L);
        assertThat(uid).isEqualTo(ConnectionUid.of(KEY, 100, 1_700_000_000_000_000L));
        assertThat(uid).matches("C[0-9A-Za-z]{11}");
    }

    @Test
    void keepsTheValuesOfEarlierReleases() {
        // uids join records across runs and versions: a faster computation must not change one
        assertThat(ConnectionUid.of(KEY, 100, 1_700_000_000_000_000L)).isEqualTo("CZEXk50HBGyJ");
        FlowKey v6 = FlowKey.of(-3, Addresses.parse("2001:db8::1"), 443, Addresses.parse("fe80::2"), 51000);
        assertThat(ConnectionUid.of(v6, -5, 42L)).isEqualTo("C7Ln2QAFx9SD");
    }

    @Test
    void differsByIsnStartAndKey() {
        String uid = ConnectionUid.of(KEY, 100, 5);
        assertThat(ConnectionUid.of(KEY, 101, 5)).isNotEqualTo(uid);
        assertThat(ConnectionUid.of(KEY, 100, 6)).isNotEqualTo(uid);
        FlowKey other = FlowKey.of(2, Addresses.parse("10.0.0.1"), 40000, Addresses.parse("10.0.0.2"), 80);
        assertThat(ConnectionUid.of(other, 100, 5)).isNotEqualTo(uid);
    }

    @Test
    void textAndDigestRoundTrip() {
        for (long h : new long[] {0, 1, 61, 62, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x9E3779B97F4A7C15L}) {
            assertThat(ConnectionUid.parse(ConnectionUid.text(h))).isEqualTo(h);
        }
        assertThat(ConnectionUid.text(ConnectionUid.digest(KEY, 100, 1_700_000_000_000_000L))).isEqualTo("CZEXk50HBGyJ");
        assertThat(ConnectionUid.parse("CZEXk50HBGyJ")).isEqualTo(ConnectionUid.digest(KEY, 100, 1_700_000_000_000_000L));
    }
}
