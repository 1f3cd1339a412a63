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

    // The first 16 letters live in two longs, a byte each (every letter is ASCII), and only a longer
    // history gets an array: nearly every connection's history fits, and tens of thousands are live at
    // once. The String is made only when asked for (a new String per letter was a measurable share of
    // the per-segment cost).
    private static final int PACKED = 16;
    private long head;
    private long tail;
    /** Letters from the 17th on; null until a history grows that long. */
    private byte[] more;
    private int length;
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
        int at = length++;
        if (at < 8) {
            head |= (long) (c & 0xff) << (8 * at);
        } else if (at < PACKED) {
            tail |= (long) (c & 0xff) << (8 * (at - 8));
        } else {
            int i = at - PACKED;
            if (more == null) {
                more = new byte[16];
            } else if (i == more.length) {
                more = Arrays.copyOf(more, 2 * i);
            }
            more[i] = (byte) c;
        }
    }

    private char letterAt(int i) {
        if (i < 8) {
            return (char) ((head >>> (8 * i)) & 0xff);
        }
        if (i < PACKED) {
            return (char) ((tail >>> (8 * (i - 8))) & 0xff);
        }
        return (char) more[i - PACKED];
    }

    /**
     * A role flip decided after the first letters were recorded but meant to hold from the start:
     * the '^' goes in front, the letters so far change case and each direction's "seen once" bits
     * move to the other half, so the history reads as if the roles had been flipped at once.
     */
    public void flipFromStart() {
        String was = text();
        clearLetters();
        append('^');
        for (int i = 0; i < was.length(); i++) {
            char c = was.charAt(i);
            append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        seen = (seen >>> 16) | (seen << 16);
    }

    private void clearLetters() {
        head = 0;
        tail = 0;
        more = null;
        length = 0;
    }

    /** The history as text; a new String each call. */
    public String text() {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) letterAt(i);
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    public int seenMask() {
        return seen;
    }

    public void restore(String savedText, int savedSeen) {
        clearLetters();
        for (int i = 0; i < savedText.length(); i++) {
            append(savedText.charAt(i));
        }
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
