package io.tidemark.engine.state.internals;

import io.tidemark.engine.serde.Serde;
import io.tidemark.engine.state.CacheOptions;
import io.tidemark.engine.state.KvBatch;
import io.tidemark.engine.state.KvStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One state of one operator: a write-back cache of key objects to value objects over a column of
 * the task's {@link KvStore}.
 *
 * <p>Contracts: a value returned by {@link #get} may be mutated in place, provided it is passed to
 * {@link #put} before another key of this table is touched (eviction happens only when a new key
 * enters). Reads and writes never serialize while the key is cached. Expired values (TTL) read as
 * absent. On disk a value is {@code [expiresAt: 8 bytes, only if the state has a TTL][value bytes]}.
 *
 * <p>Eviction is CLOCK (second chance), an approximation of LRU: a hit only sets a bit in the entry
 * it already touches, where an access-ordered linked map would relink three nodes per read, each a
 * likely cache miss with hundreds of thousands of keys. The entry last read is remembered so that
 * the usual read-modify-write of one key costs one hash lookup.
 *
 * <p>A table over a column that was empty when it was opened (a new task, every replay) knows every
 * key it has held: a {@link KeyFilter}, fed as keys enter the cache, answers most misses on new keys
 * without a store read. While a table's lookups mostly miss (dedup: nearly every messageId is new)
 * the filter is asked first, so a new key also costs no probe of the cache's hash table (a cache
 * miss of its own in a table of thousands of entries). A table over a restored, non-empty column
 * reads the store on every miss, since the filter cannot know what the snapshot holds without
 * scanning it.
 */
public final class StateTable<K, V> {

    private static final long NEVER = Long.MAX_VALUE;

    private final KvStore store;
    private final KvStore.Column column;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final boolean ttl;
    private final CacheOptions limits;
    /**
     * Every key that has entered the cache (so every key that can be on disk), and false positives;
     * null when the column held data before this table (restored).
     */
    private final KeyFilter known;
    private final HashMap<K, Entry<V>> cache = new HashMap<>(1024);
    @SuppressWarnings("unchecked")
    private Entry<V>[] ring = (Entry<V>[]) new Entry<?>[1024];
    private int hand;
    private long weight;
    private K lastKey;
    private Entry<V> lastEntry;

    long hits;
    long misses;
    long storeReads;
    long evictions;
    long writes;

    static final class Entry<V> {
        Object key;
        /** The serialized key once known (a store read needed it): a write-back reuses it. */
        byte[] keyBytes;
        int slot;
        boolean referenced;
        V value;
        long expiresAt = NEVER;
        boolean dirty;
        int weight = CacheOptions.UNKNOWN_ENTRY_BYTES;
    }

    public StateTable(KvStore store, String columnName, Serde<K> keySerde, Serde<V> valueSerde, boolean ttl,
                      CacheOptions limits) {
        this.store = store;
        this.column = store.column(columnName);
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
        this.ttl = ttl;
        this.limits = limits;
        this.known = store.isEmpty(column) ? new KeyFilter() : null;
    }

    /** The value, or {@code null} if absent or expired at {@code now} (event time). */
    public V get(K key, long now) {
        Entry<V> e = null;
        byte[] k = null;
        boolean maybeKnown = known == null;
        if (key != lastKey && known != null && misses > hits) {
            k = keySerde.serialize(key);
            maybeKnown = known.mightContain(k);
            if (!maybeKnown) {
                misses++;
                e = fresh(key, k);
            }
        }
        if (e == null) {
            e = lookup(key);
            if (e == null) {
                e = load(key, k, maybeKnown);
            } else {
                hits++;
            }
        }
        lastKey = key;
        lastEntry = e;
        if (e.value != null && expired(e, now)) {
            e.value = null;
            e.expiresAt = NEVER;
            e.dirty = true;
        }
        return e.value;
    }

    /** {@link #NEVER} means no TTL: such a value never expires, not even at the end of time. */
    private static boolean expired(Entry<?> e, long now) {
        return e.expiresAt != NEVER && e.expiresAt <= now;
    }

    /** Stores without reading the old value first (a blind write when the key is not cached). */
    public void put(K key, V value, long expiresAt) {
        Entry<V> e = lookup(key);
        if (e == null) {
            byte[] k = keySerde.serialize(key);
            if (known != null && !known.mightContain(k)) {
                known.add(k);
            }
            e = new Entry<>();
            e.keyBytes = k;
            insert(key, e);
        }
        e.value = value;
        e.expiresAt = value == null ? NEVER : expiresAt;
        e.dirty = true;
    }

    public void put(K key, V value) {
        put(key, value, NEVER);
    }

    public void remove(K key) {
        put(key, null, NEVER);
    }

    /** Writes every dirty entry into {@code batch}; expired values are deleted instead. */
    public void flush(KvBatch batch, long now) {
        List<KeyWrite> pending = new ArrayList<>();
        for (Map.Entry<K, Entry<V>> me : cache.entrySet()) {
            Entry<V> e = me.getValue();
            if (e.dirty) {
                pending.add(writeBack(me.getKey(), e, now));
            }
        }
        KeyWrite.applyInKeyOrder(batch, column, pending);
    }

    public int cachedEntries() {
        return cache.size();
    }

    public String columnName() {
        return column.name();
    }

    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }

    /** Misses that read the store (the others were known absent). */
    public long storeReads() {
        return storeReads;
    }

    private Entry<V> lookup(K key) {
        if (key == lastKey) {
            lastEntry.referenced = true;
            return lastEntry;
        }
        Entry<V> e = cache.get(key);
        if (e != null) {
            e.referenced = true;
        }
        return e;
    }

    /** A key the filter has never seen: absent from the cache and the store; now cached, absent. */
    private Entry<V> fresh(K key, byte[] k) {
        known.add(k);
        Entry<V> e = new Entry<>();
        e.keyBytes = k;
        insert(key, e);
        return e;
    }

    /**
     * A cache miss: reads the store unless the filter rules the key out. {@code k} is the serialized
     * key or null; {@code maybeKnown} says the filter was asked and answered "maybe" (or there is none).
     */
    private Entry<V> load(K key, byte[] k, boolean maybeKnown) {
        if (k == null) {
            k = keySerde.serialize(key);
            maybeKnown = known == null || known.mightContain(k);
        }
        misses++;
        if (!maybeKnown) {
            return fresh(key, k);
        }
        storeReads++;
        byte[] stored = store.get(column, k);
        Entry<V> e = new Entry<>();
        if (stored != null) {
            int offset = 0;
            if (ttl) {
                e.expiresAt = StoredValues.expiresAt(stored);
                offset = StoredValues.EXPIRY_BYTES;
            }
            e.value = valueSerde.deserialize(offset == 0 ? stored : java.util.Arrays.copyOfRange(stored, offset, stored.length));
            e.weight = k.length + stored.length;
        }
        e.keyBytes = k;
        insert(key, e);
        return e;
    }

    private void insert(K key, Entry<V> e) {
        cache.put(key, e);
        e.key = key;
        int n = cache.size() - 1;
        if (n == ring.length) {
            ring = Arrays.copyOf(ring, n * 2);
        }
        ring[n] = e;
        e.slot = n;
        weight += e.weight;
        if (cache.size() > limits.maxEntries() || weight > limits.maxBytes()) {
            evict();
        }
    }

    /**
     * Evicts down to 90% of the bounds in one batch, so a full cache costs one RocksDB write per
     * many keys. CLOCK: the hand clears reference bits and evicts the first unreferenced entry. The
     * newest entry (just inserted, referenced) stays.
     */
    @SuppressWarnings("unchecked")
    private void evict() {
        int targetEntries = Math.max(1, (int) (limits.maxEntries() * 0.9));
        long targetWeight = (long) (limits.maxBytes() * 0.9);
        lastKey = null;
        lastEntry = null;
        Entry<V> newest = ring[cache.size() - 1];
        newest.referenced = true;
        List<KeyWrite> pending = new ArrayList<>();
        try (KvBatch batch = store.newBatch()) {
            while (cache.size() > 1 && (cache.size() > targetEntries || weight > targetWeight)) {
                if (hand >= cache.size()) {
                    hand = 0;
                }
                Entry<V> e = ring[hand];
                if (e.referenced || e == newest) {
                    e.referenced = e == newest;
                    hand++;
                    continue;
                }
                if (e.dirty) {
                    pending.add(writeBack((K) e.key, e, Long.MIN_VALUE));
                }
                weight -= e.weight;
                cache.remove(e.key);
                int last = cache.size();
                ring[hand] = ring[last];
                ring[hand].slot = hand;
                ring[last] = null;
                evictions++;
            }
            KeyWrite.applyInKeyOrder(batch, column, pending);
            batch.commit();
        }
    }


    private KeyWrite writeBack(K key, Entry<V> e, long now) {
        byte[] k = e.keyBytes;
        if (k == null) {
            k = keySerde.serialize(key);
            e.keyBytes = k;
        }
        KeyWrite write;
        if (e.value == null || expired(e, now)) {
            write = new KeyWrite(k, null);
            e.value = null;
            e.expiresAt = NEVER;
            weight -= e.weight - k.length;
            e.weight = k.length;
        } else {
            byte[] v = valueSerde.serialize(e.value);
            if (ttl) {
                v = StoredValues.withExpiry(e.expiresAt, v);
            }
            write = new KeyWrite(k, v);
            int w = k.length + v.length;
            weight += w - e.weight;
            e.weight = w;
        }
        e.dirty = false;
        writes++;
        return write;
    }
}
