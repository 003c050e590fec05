package io.tidemark.engine.time.internals;

import java.util.Arrays;

/**
 * A registered timer. Identity (equals/hashCode) is (timestamp, key object); order is (timestamp,
 * key bytes unsigned), which is also the order on disk, so firing order survives a restore.
 */
public final class Timer<K> implements Comparable<Timer<K>> {

    final long timestamp;
    final K key;
    byte[] keyBytes;
    int heapIndex = -1;

    Timer(long timestamp, K key, byte[] keyBytes) {
        this.timestamp = timestamp;
        this.key = key;
        this.keyBytes = keyBytes;
    }

    public long timestamp() {
        return timestamp;
    }

    public K key() {
        return key;
    }

    @Override
    public int compareTo(Timer<K> o) {
        int c = Long.compare(timestamp, o.timestamp);
        return c != 0 ? c : Arrays.compareUnsigned(keyBytes, o.keyBytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Timer<?> t && t.timestamp == timestamp && t.key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + Long.hashCode(timestamp);
    }
}
