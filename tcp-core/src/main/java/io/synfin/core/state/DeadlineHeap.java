package io.synfin.core.state;

import java.util.Arrays;

/**
 * The {@link FlowTable}'s deadline queue: a binary min-heap of (time, entry) pairs in two parallel
 * arrays, so queuing a deadline allocates nothing. It sifts exactly as {@link java.util.PriorityQueue}
 * does, so entries with equal deadlines come out in the same order as they did from that queue.
 */
final class DeadlineHeap {

    private long[] at = new long[256];
    private FlowTable.Entry[] entries = new FlowTable.Entry[256];
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    /** The earliest time; only when not empty. */
    long peekAt() {
        return at[0];
    }

    void add(long time, FlowTable.Entry entry) {
        if (size == at.length) {
            at = Arrays.copyOf(at, size * 2);
            entries = Arrays.copyOf(entries, size * 2);
        }
        int k = size++;
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            if (time >= at[parent]) {
                break;
            }
            at[k] = at[parent];
            entries[k] = entries[parent];
            k = parent;
        }
        at[k] = time;
        entries[k] = entry;
    }

    /** Removes the earliest pair and returns its entry (its time was {@link #peekAt()}). */
    FlowTable.Entry poll() {
        FlowTable.Entry first = entries[0];
        int n = --size;
        long lastAt = at[n];
        FlowTable.Entry last = entries[n];
        entries[n] = null;
        if (n > 0) {
            siftDown(lastAt, last, n);
        }
        return first;
    }

    private void siftDown(long time, FlowTable.Entry entry, int n) {
        int k = 0;
        int half = n >>> 1;
        while (k < half) {
            int child = 2 * k + 1;
            int right = child + 1;
            if (right < n && at[child] > at[right]) {
                child = right;
            }
            if (time <= at[child]) {
                break;
            }
            at[k] = at[child];
            entries[k] = entries[child];
            k = child;
        }
        at[k] = time;
        entries[k] = entry;
    }

    void clear() {
        Arrays.fill(entries, 0, size, null);
        size = 0;
    }
}
