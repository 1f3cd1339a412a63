package io.synfin.core.record;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Zeek's connection history string, built by Zeek's letter rules: upper case for the originator, lower
 * case for the responder; "seen once" letters are kept per direction in a bit mask (the responder's in
 * the high half, as Zeek's {@code hist_seen} does) and the mask is not swapped by a role flip, so
 * letters recorded before a late {@code ^} keep the orientation they were recorded in.
 */
public final class History {

    /** Zeek HIST_* bits for letters recorded once per direction or once per sequence number. */
    public static final int SYN = 0x1;
    public static final int SYN_ACK = 0x2;
    public static final int ACK = 0x4;
    public static final int DATA = 0x8;
    public static final int FIN = 0x10;
    public static final int RST = 0x20;
    public static final int FIN_RST = 0x40;
    public static final int MULTI_FLAG = 0x80;

    // Letters go into a buffer and the String is made only when asked for: a new String per letter was a
    // measurable share of the per-segment cost. Every letter is ASCII, so a byte each (half a char[]'s
    // size, for tens of thousands of live connections).
    private byte[] letters = new byte[16];
    private int length;
    private String text = "";
    private int seen;

    /**
     * Zeek's {@code CheckHistory}: records {@code code} the first time {@code mask} is seen in this
     * direction and returns false; returns true when it was seen before (then the caller decides).
     */
    public boolean check(int mask, char code, boolean originator) {
        int bit = originator ? mask : mask << 16;
        if ((seen & bit) == 0) {
            seen |= bit;
            add(code, originator);
            return false;
        }
        return true;
    }

    public void add(char code, boolean originator) {
        append(originator ? Character.toUpperCase(code) : Character.toLowerCase(code));
    }

    /** The role-flip mark. */
    public void flip() {
        append('^');
    }

    private void append(char c) {
        if (length == letters.length) {
            letters = Arrays.copyOf(letters, 2 * length);
        }
        letters[length++] = (byte) c;
        text = null;
    }

    /**
     * A role flip decided after the first letters were recorded but meant to hold from the start:
     * the '^' goes in front, the letters so far change case and each direction's "seen once" bits
     * move to the other half, so the history reads as if the roles had been flipped at once.
     */
    public void flipFromStart() {
        byte[] swapped = new byte[Math.max(16, length + 1)];
        swapped[0] = '^';
        for (int i = 0; i < length; i++) {
            char c = (char) letters[i];
            swapped[i + 1] = (byte) (Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        letters = swapped;
        length++;
        text = null;
        seen = (seen >>> 16) | (seen << 16);
    }

    public String text() {
        if (text == null) {
            text = new String(letters, 0, length, StandardCharsets.US_ASCII);
        }
        return text;
    }

    public int seenMask() {
        return seen;
    }

    public void restore(String savedText, int savedSeen) {
        letters = Arrays.copyOf(savedText.getBytes(StandardCharsets.US_ASCII), Math.max(16, savedText.length()));
        length = savedText.length();
        text = savedText;
        seen = savedSeen;
    }

    /**
     * Zeek's {@code ScaledHistoryEntry}: bumps {@code count} and reports whether it reached
     * {@code threshold} (1, 10, 100 …); the caller then adds the letter and multiplies the threshold.
     */
    public static boolean reachesThreshold(int count, int threshold) {
        return count == threshold;
    }

    /**
     * Whether the {@code count}-th occurrence gets a letter: the thresholds {@link #reachesThreshold}
     * walks (1, 10, 100 … then {@code Integer.MAX_VALUE}) follow from the count alone, so a tracker keeps
     * only the count.
     */
    public static boolean scaledEntry(int count) {
        return count == thresholdAfter(count - 1);
    }

    /** The threshold in force once {@code count} occurrences were seen: the first one above it. */
    public static int thresholdAfter(int count) {
        int threshold = 1;
        while (threshold <= count && threshold != Integer.MAX_VALUE) {
            threshold = nextThreshold(threshold);
        }
        return threshold;
    }

    /** The next threshold after {@code threshold}, or {@code Integer.MAX_VALUE} once it would overflow. */
    public static int nextThreshold(int threshold) {
        return threshold > Integer.MAX_VALUE / 10 ? Integer.MAX_VALUE : threshold * 10;
    }
}
