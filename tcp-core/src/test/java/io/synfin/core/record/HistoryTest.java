package io.synfin.core.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** History's letter store: short histories packed, long ones spilled, flips and restores keep every letter. */
class HistoryTest {

    /** Adds letters alternating originator and responder, as a long exchange of data and ACKs makes them. */
    private static String fill(History h, int letters) {
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < letters; i++) {
            char code = "SHADTFGW".charAt(i % 8);
            boolean originator = i % 2 == 0;
            h.add(code, originator);
            expected.append(originator ? code : Character.toLowerCase(code));
        }
        return expected.toString();
    }

    @Test
    void keepsEveryLetterOfShortAndLongHistories() {
        for (int letters : new int[] {0, 1, 8, 9, 16, 17, 33, 100}) {
            History h = new History();
            String expected = fill(h, letters);
            assertThat(h.text()).isEqualTo(expected);
            History restored = new History();
            restored.restore(h.text(), h.seenMask());
            assertThat(restored.text()).isEqualTo(expected);
            restored.add('R', true);
            assertThat(restored.text()).isEqualTo(expected + "R");
        }
    }

    @Test
    void flipFromStartSwapsCaseAndSeenHalvesAcrossTheSpill() {
        History h = new History();
        assertThat(h.check(History.SYN, 'S', true)).isFalse();
        String expected = fill(h, 20);
        h.flipFromStart();
        StringBuilder flipped = new StringBuilder("^");
        for (char c : ("S" + expected).toCharArray()) {
            flipped.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        assertThat(h.text()).isEqualTo(flipped.toString()).hasSize(22);
        // the originator's SYN bit moved to the responder's half
        assertThat(h.seenMask()).isEqualTo(History.SYN << 16);
        assertThat(h.check(History.SYN, 's', false)).isTrue();
    }
}
