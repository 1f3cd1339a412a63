package io.synfin.core.seq;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The 32 → 64 bit line that keeps byte counts right past 4 GiB. */
class SeqUnwrapperTest {

    @Test
    void countsWrapsGoingForward() {
        SeqUnwrapper line = new SeqUnwrapper();
        line.start((int) 0xF000_0000L);
        long position = 0xF000_0000L;
        for (int i = 0; i < 40; i++) {
            position += 0x1000_0000L;
            assertThat(line.unwrap((int) position)).isEqualTo(position);
        }
        assertThat(line.highest()).isGreaterThan(2L << 32);
    }

    @Test
    void olderValuesMapBelowTheHighWaterMarkWithoutMovingIt() {
        SeqUnwrapper line = new SeqUnwrapper();
        line.start(-10);
        assertThat(line.highest()).isEqualTo((1L << 32) - 10);
        assertThat(line.unwrap(10)).isEqualTo((1L << 32) + 10);
        assertThat(line.unwrap(-100)).isEqualTo((1L << 32) - 100);
        assertThat(line.peek(5)).isEqualTo((1L << 32) + 5);
        assertThat(line.highest()).isEqualTo((1L << 32) + 10);
    }

    @Test
    void restoreContinuesTheSameLine() {
        SeqUnwrapper line = new SeqUnwrapper();
        line.start(-1);
        line.unwrap(100);
        SeqUnwrapper copy = new SeqUnwrapper();
        copy.restore(line.highest(), line.started());
        assertThat(copy.unwrap(200)).isEqualTo(line.unwrap(200));
    }
}
