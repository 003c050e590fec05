package io.tidemark.engine.window.internals;

import java.util.Arrays;

/**
 * The open windows of one key with their accumulators, sorted by start: one state value per key,
 * so a record costs one cache lookup however many windows it touches. For session windows the
 * windows are pairwise disjoint and non-touching (merging keeps that invariant).
 *
 * <p>Per window: bounds, the number of results emitted (the next version), whether it has input not
 * yet emitted ({@code pending}), and the accumulator. {@code armedAt} is the earliest event-time
 * timer registered for the key (a wake-up: on firing, the operator handles every due window and
 * re-arms).
 *
 * <p>Layout: three arrays ({@code [start, end]} pairs, {@code emitted << 1 | pending}, accumulators)
 * rather than five, because each array is one more cache miss per record when there are hundreds of
 * thousands of keys.
 */
final class WindowSet {

    private int size;
    private long[] bounds;
    private int[] meta;
    private Object[] accs;
    long armedAt = Long.MAX_VALUE;

    WindowSet(int capacity) {
        int c = Math.max(1, capacity);
        bounds = new long[2 * c];
        meta = new int[c];
        accs = new Object[c];
    }

    int size() {
        return size;
    }

    long start(int i) {
        return bounds[2 * i];
    }

    long end(int i) {
        return bounds[2 * i + 1];
    }

    Object acc(int i) {
        return accs[i];
    }

    void setAcc(int i, Object acc) {
        accs[i] = acc;
    }

    int emitted(int i) {
        return meta[i] >>> 1;
    }

    void incrementEmitted(int i) {
        meta[i] += 2;
    }

    boolean pending(int i) {
        return (meta[i] & 1) != 0;
    }

    void setPending(int i, boolean pending) {
        meta[i] = pending ? meta[i] | 1 : meta[i] & ~1;
    }

    int indexOf(long start, long end) {
        for (int i = 0; i < size; i++) {
            if (bounds[2 * i] == start && bounds[2 * i + 1] == end) {
                return i;
            }
        }
        return -1;
    }

    /** Inserts keeping (start, end) order; returns the index. */
    int insert(long start, long end, Object acc, int emittedCount, boolean isPending) {
        if (size == meta.length) {
            int c = size * 2;
            bounds = Arrays.copyOf(bounds, 2 * c);
            meta = Arrays.copyOf(meta, c);
            accs = Arrays.copyOf(accs, c);
        }
        int i = size;
        while (i > 0 && (start(i - 1) > start || (start(i - 1) == start && end(i - 1) > end))) {
            bounds[2 * i] = bounds[2 * i - 2];
            bounds[2 * i + 1] = bounds[2 * i - 1];
            meta[i] = meta[i - 1];
            accs[i] = accs[i - 1];
            i--;
        }
        bounds[2 * i] = start;
        bounds[2 * i + 1] = end;
        meta[i] = (emittedCount << 1) | (isPending ? 1 : 0);
        accs[i] = acc;
        size++;
        return i;
    }

    void remove(int i) {
        int tail = size - i - 1;
        System.arraycopy(bounds, 2 * i + 2, bounds, 2 * i, 2 * tail);
        System.arraycopy(meta, i + 1, meta, i, tail);
        System.arraycopy(accs, i + 1, accs, i, tail);
        size--;
        accs[size] = null;
    }
}
