package io.synfin.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentGapsTest {

    /** Contiguous data up to {@code high}, then each {start, end} block seen in the given order. */
    private static ContentGaps seen(long high, long[]... blocks) {
        ContentGaps gaps = new ContentGaps();
        gaps.reset(high);
        for (long[] b : blocks) {
            gaps.dataSeen(b[0], b[1]);
        }
        return gaps;
    }

    @Test
    void overlappingAndTouchingBlocksMergeAndFillingTheHoleJoinsThem() {
        ContentGaps gaps = seen(1, new long[] {30, 40}, new long[] {10, 20}, new long[] {20, 30},
                new long[] {35, 50}, new long[] {1, 10});
        assertThat(gaps.high()).isEqualTo(50);
        assertThat(gaps.acknowledgedTo(50)).isZero();
        assertThat(gaps.holes()).isZero();
    }

    @Test
    void anAckCountsEveryHoleBelowItAndStopsInsideABlock() {
        ContentGaps gaps = seen(1, new long[] {11, 21}, new long[] {31, 41});
        assertThat(gaps.acknowledgedTo(35)).isEqualTo(20);
        assertThat(gaps.holes()).isEqualTo(2);
        assertThat(gaps.high()).isEqualTo(41);
    }

    @Test
    void beyondEightBlocksTheHighestIsForgottenAndCountsAsMissed() {
        ContentGaps gaps = seen(0);
        for (int j = 0; j < 9; j++) {
            gaps.dataSeen(10 + 20L * j, 15 + 20L * j);
        }
        // Eight 5-byte blocks are kept; the ninth, [170,175), is not.
        assertThat(gaps.acknowledgedTo(200)).isEqualTo(200 - 8 * 5);
        assertThat(gaps.holes()).isEqualTo(9);
    }

    @Test
    void aSnapshotKeepsTheBlocks() {
        ContentGaps gaps = seen(1, new long[] {11, 21}, new long[] {31, 41});
        long[] slots = new long[ContentGaps.SNAPSHOT_SLOTS + 1];
        gaps.snapshot(slots, 1);
        ContentGaps copy = new ContentGaps();
        copy.restore(slots, 1);
        assertThat(copy.acknowledgedTo(41)).isEqualTo(20);
        assertThat(copy.holes()).isEqualTo(2);
    }
}
