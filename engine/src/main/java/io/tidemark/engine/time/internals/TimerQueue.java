package io.tidemark.engine.time.internals;

import io.tidemark.engine.serde.Serde;
import java.util.Arrays;
import java.util.HashMap;
import java.util.function.Consumer;

/**
 * The timers of one operator and one time domain: a binary min-heap for firing order plus a hash
 * index for de-duplication and O(log n) deletion (the shape of Flink's HeapPriorityQueueSet).
 *
 * <p>The heap keeps each timer's timestamp in a parallel {@code long[]}: sifting compares
 * timestamps without dereferencing timer objects (a cache miss each), and only ties look at keys.
 *
 * <p>Timers live on the heap while the task runs and are written to the task's store at every
 * snapshot ({@link TimerPersistence}); their count is bounded by the live keys, not by the input.
 */
public final class TimerQueue<K> {

    private final Serde<K> keySerde;
    private final HashMap<Timer<K>, Timer<K>> index = new HashMap<>();
    @SuppressWarnings("unchecked")
    private Timer<K>[] heap = (Timer<K>[]) new Timer<?>[64];
    private long[] stamps = new long[64];
    private int size;

    public TimerQueue(Serde<K> keySerde) {
        this.keySerde = keySerde;
    }

    /** Adds the timer unless the same (timestamp, key) is registered; true if added. */
    public boolean add(long timestamp, K key) {
        Timer<K> t = new Timer<>(timestamp, key, null);
        if (index.putIfAbsent(t, t) != null) { // one probe of the index, not a lookup and an insert
            return false;
        }
        t.keyBytes = keySerde.serialize(key);
        push(t);
        return true;
    }

    void addRestored(long timestamp, byte[] keyBytes) {
        Timer<K> t = new Timer<>(timestamp, keySerde.deserialize(keyBytes), keyBytes);
        if (index.putIfAbsent(t, t) == null) {
            push(t);
        }
    }

    public boolean remove(long timestamp, K key) {
        Timer<K> t = index.remove(new Timer<>(timestamp, key, null));
        if (t == null) {
            return false;
        }
        removeAt(t.heapIndex);
        return true;
    }

    /** The earliest timestamp, or {@code Long.MAX_VALUE} if empty. */
    public long peekTimestamp() {
        return size == 0 ? Long.MAX_VALUE : stamps[0];
    }

    public Timer<K> poll() {
        if (size == 0) {
            return null;
        }
        Timer<K> t = heap[0];
        index.remove(t);
        removeAt(0);
        return t;
    }

    public int size() {
        return size;
    }

    public void forEach(Consumer<Timer<K>> action) {
        for (int i = 0; i < size; i++) {
            action.accept(heap[i]);
        }
    }

    /** Puts a timer already in the index on the heap. */
    private void push(Timer<K> t) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
            stamps = Arrays.copyOf(stamps, size * 2);
        }
        heap[size] = t;
        stamps[size] = t.timestamp;
        t.heapIndex = size;
        size++;
        siftUp(size - 1);
    }

    private void removeAt(int i) {
        Timer<K> removed = heap[i];
        size--;
        if (i != size) {
            heap[i] = heap[size];
            stamps[i] = stamps[size];
            heap[i].heapIndex = i;
            heap[size] = null;
            siftDown(i);
            siftUp(i);
        } else {
            heap[size] = null;
        }
        removed.heapIndex = -1;
    }

    private void siftUp(int i) {
        Timer<K> t = heap[i];
        long ts = stamps[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (compare(ts, t, parent) >= 0) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        place(t, ts, i);
    }

    private void siftDown(int i) {
        Timer<K> t = heap[i];
        long ts = stamps[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && compare(stamps[right], heap[right], child) < 0) {
                child = right;
            }
            if (compare(ts, t, child) <= 0) {
                break;
            }
            move(child, i);
            i = child;
        }
        place(t, ts, i);
    }

    /** Compares (ts, t) with the timer at heap index j: timestamps first, key bytes only on ties. */
    private int compare(long ts, Timer<K> t, int j) {
        long other = stamps[j];
        if (ts != other) {
            return ts < other ? -1 : 1;
        }
        return Arrays.compareUnsigned(t.keyBytes, heap[j].keyBytes);
    }

    private void move(int from, int to) {
        heap[to] = heap[from];
        stamps[to] = stamps[from];
        heap[to].heapIndex = to;
    }

    private void place(Timer<K> t, long ts, int i) {
        heap[i] = t;
        stamps[i] = ts;
        t.heapIndex = i;
    }
}
