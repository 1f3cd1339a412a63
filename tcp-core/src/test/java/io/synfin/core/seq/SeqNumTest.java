package io.synfin.core.seq;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Serial-number arithmetic (RFC 1982) across the 2^32 wrap. */
class SeqNumTest {

    private static final int NEAR_TOP = (int) 0xFFFF_FFF0L;

    @Test
    void beforeAndAfterHoldAcrossTheWrap() {
        assertThat(SeqNum.before(NEAR_TOP, 5)).isTrue();
        assertThat(SeqNum.after(5, NEAR_TOP)).isTrue();
        assertThat(SeqNum.before(5, NEAR_TOP)).isFalse();
        assertThat(SeqNum.before(7, 7)).isFalse();
        assertThat(SeqNum.after(7, 7)).isFalse();
    }

    @Test
    void betweenIsInclusiveAndWrapAware() {
        assertThat(SeqNum.between(2, NEAR_TOP, 10)).isTrue();
        assertThat(SeqNum.between(NEAR_TOP, NEAR_TOP, 10)).isTrue();
        assertThat(SeqNum.between(10, NEAR_TOP, 10)).isTrue();
        assertThat(SeqNum.between(11, NEAR_TOP, 10)).isFalse();
        assertThat(SeqNum.between(NEAR_TOP - 1, NEAR_TOP, 10)).isFalse();
    }

    @Test
    void deltaIsSignedDistance() {
        assertThat(SeqNum.delta(5, NEAR_TOP)).isEqualTo(21);
        assertThat(SeqNum.delta(NEAR_TOP, 5)).isEqualTo(-21);
    }
}
