package io.tidemark.engine.state;

import java.util.Map;

/**
 * A map per key. Stored as one value per key (the TTL covers the whole map, refreshed by every
 * write): suited to maps of up to a few thousand entries.
 */
public interface MapState<K, V> {

    V get(K key);

    void put(K key, V value);

    void remove(K key);

    boolean contains(K key);

    /** A read-only view, empty if absent or expired. */
    Map<K, V> entries();

    boolean isEmpty();

    void clear();
}
