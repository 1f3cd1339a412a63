package io.synfin.core.state;

import io.synfin.core.flow.FlowKey;
import io.synfin.core.segment.Segment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The {@link FlowTable}'s map from flow key to entry: open addressing with linear probing, looked up
 * straight from a segment's 4-tuple ({@link FlowKey#tupleHash(Segment)}, {@link FlowKey#matches}), so
 * the per-segment path builds no key and copies no address.
 */
final class FlowIndex {

    private static final int INITIAL_CAPACITY = 1 << 10;

    private FlowTable.Entry[] slots = new FlowTable.Entry[INITIAL_CAPACITY];
    /**
     * Each slot's entry hash, beside the slots: a probe compares hashes without loading the entry, so
     * only the matching entry (one cache miss among tens of thousands of live ones) is read.
     */
    private int[] hashes = new int[INITIAL_CAPACITY];
    private int mask = INITIAL_CAPACITY - 1;
    private int size;

    FlowTable.Entry get(Segment s, int hash) {
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            FlowTable.Entry e = slots[i];
            if (e == null) {
                return null;
            }
            if (hashes[i] == hash && e.key.matches(s)) {
                return e;
            }
        }
    }

    /** Adds an entry whose key is not present. */
    void add(FlowTable.Entry entry) {
        if (2 * (size + 1) > slots.length) {
            grow();
        }
        insert(slots, hashes, mask, entry);
        size++;
    }

    void remove(FlowTable.Entry entry) {
        int i = entry.hash & mask;
        while (slots[i] != entry) {
            if (slots[i] == null) {
                return;
            }
            i = (i + 1) & mask;
        }
        // Backward-shift deletion: move later entries of the probe run into the hole so that every
        // entry stays reachable from its home slot without tombstones.
        int hole = i;
        for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            int home = hashes[j] & mask;
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                slots[hole] = slots[j];
                hashes[hole] = hashes[j];
                hole = j;
            }
        }
        slots[hole] = null;
        size--;
    }

    int size() {
        return size;
    }

    /** Every entry, oldest first. */
    List<FlowTable.Entry> inCreationOrder() {
        // Sorted as primitive keys (creation number above, slot below): a comparator sort of every entry
        // was a tenth of a short analysis run's time.
        long[] order = new long[size];
        int n = 0;
        boolean packable = true;
        for (int i = 0; i < slots.length; i++) {
            FlowTable.Entry e = slots[i];
            if (e != null) {
                packable &= e.created <= Integer.MAX_VALUE;
                order[n++] = (e.created << 32) | i;
            }
        }
        List<FlowTable.Entry> all = new ArrayList<>(size);
        if (!packable) {
            for (FlowTable.Entry e : slots) {
                if (e != null) {
                    all.add(e);
                }
            }
            all.sort(Comparator.comparingLong(e -> e.created));
            return all;
        }
        Arrays.sort(order);
        for (long packed : order) {
            all.add(slots[(int) packed]);
        }
        return all;
    }

    private void grow() {
        FlowTable.Entry[] bigger = new FlowTable.Entry[slots.length * 2];
        int[] biggerHashes = new int[bigger.length];
        int biggerMask = bigger.length - 1;
        for (FlowTable.Entry e : slots) {
            if (e != null) {
                insert(bigger, biggerHashes, biggerMask, e);
            }
        }
        Arrays.fill(slots, null);
        slots = bigger;
        hashes = biggerHashes;
        mask = biggerMask;
    }

    private static void insert(FlowTable.Entry[] table, int[] tableHashes, int tableMask, FlowTable.Entry entry) {
        int i = entry.hash & tableMask;
        while (table[i] != null) {
            i = (i + 1) & tableMask;
        }
        table[i] = entry;
        tableHashes[i] = entry.hash;
    }
}
