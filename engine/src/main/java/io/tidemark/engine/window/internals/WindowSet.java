package io.tidemark.engine.window.internals;

import java.util.Arrays;

/**
 * The open windows of one key with their accumulators, sorted by start: one state value per key,
 * so a record costs one cache lookup however many windows it touches. For session windows the
 * windows are pairwise disjoint and non-touching (merging keeps that invariant).
 *
 * <p>{@code emitted} counts results sent for a window (the next version); {@code pending} says it
 * has input not yet emitted. {@code armedAt} is the earliest event-time timer registered for the
 * key (a wake-up: on firing, the operator handles every due window and re-arms).
 */
final class WindowSet {

    int size;
    long[] starts;
    long[] ends;
    Object[] accs;
    int[] emitted;
    boolean[] pending;
    long armedAt = Long.MAX_VALUE;

    WindowSet(int capacity) {
        int c = Math.max(1, capacity);
        starts = new long[c];
        ends = new long[c];
        accs = new Object[c];
        emitted = new int[c];
        pending = new boolean[c];
    }

    int indexOf(long start, long end) {
        for (int i = 0; i < size; i++) {
            if (starts[i] == start && ends[i] == end) {
                return i;
            }
        }
        return -1;
    }

    /** Inserts keeping start order; returns the index. */
    int insert(long start, long end, Object acc, int emittedCount, boolean isPending) {
        if (size == starts.length) {
            int c = size * 2;
            starts = Arrays.copyOf(starts, c);
            ends = Arrays.copyOf(ends, c);
            accs = Arrays.copyOf(accs, c);
            emitted = Arrays.copyOf(emitted, c);
            pending = Arrays.copyOf(pending, c);
        }
        int i = size;
        while (i > 0 && (starts[i - 1] > start || (starts[i - 1] == start && ends[i - 1] > end))) {
            starts[i] = starts[i - 1];
            ends[i] = ends[i - 1];
            accs[i] = accs[i - 1];
            emitted[i] = emitted[i - 1];
            pending[i] = pending[i - 1];
            i--;
        }
        starts[i] = start;
        ends[i] = end;
        accs[i] = acc;
        emitted[i] = emittedCount;
        pending[i] = isPending;
        size++;
        return i;
    }

    void remove(int i) {
        int tail = size - i - 1;
        System.arraycopy(starts, i + 1, starts, i, tail);
        System.arraycopy(ends, i + 1, ends, i, tail);
        System.arraycopy(accs, i + 1, accs, i, tail);
        System.arraycopy(emitted, i + 1, emitted, i, tail);
        System.arraycopy(pending, i + 1, pending, i, tail);
        size--;
        accs[size] = null;
    }
}
