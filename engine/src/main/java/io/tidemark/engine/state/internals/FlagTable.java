package io.tidemark.engine.state.internals;

import io.tidemark.engine.serde.Serde;
import io.tidemark.engine.serde.Serdes;
import io.tidemark.engine.state.KvBatch;
import io.tidemark.engine.state.KvStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * A keyed Boolean state (a flag per key, such as dedup's "seen" marker) held on the heap in primitive
 * arrays: no object per key, and no store write until a checkpoint flushes it or the table is full.
 *
 * <p>Why: a {@link StateTable} holds each key as several objects in a bounded cache and writes
 * every evicted key back to the store, so a state that gains a key per event (one marker per
 * messageId) costs a RocksDB memtable insert per event, a third of a replay task's time. Here a key
 * costs its serialized bytes in a shared arena plus about {@value #ENTRY_BYTES} bytes of arrays; the
 * store sees a key only when {@link #flush} runs (a checkpoint) or when the table reaches its byte
 * bound. A bounded replay that never checkpoints and stays within the bound writes nothing.
 *
 * <p>Contracts, as {@link StateTable}'s for a {@code ValueState<Boolean>}: the on-disk layout is the
 * same ({@code [expiresAt: 8 bytes, only with a TTL][Serdes.BOOLEAN]} under the serialized key, in
 * the state's column), so a snapshot written by either restores into the other; a value expired at
 * {@code now} (event time) reads as absent; {@link #flush} writes every change since the last flush,
 * deletes for expired and removed keys. Keys are equal when their serialized bytes are equal
 * (compared in full on every hash match: two keys are never merged).
 *
 * <p>When the table reaches its byte bound it first drops expired keys (deleting them from the store
 * if they may be there); if that frees less than a quarter, it writes every pending change to the
 * store and empties itself. Dropping relies on the TTL clock moving forward: once a read's
 * {@code now} is lower than an earlier one (only at the end of input, where the clock becomes the
 * record's own time), expired keys are no longer dropped early, only on read and flush as before.
 * A key not on the heap is read from the store only if it may be there: the column held data when
 * the table was opened (restored), or this table wrote it (a {@link KeyFilter} of written keys).
 */
public final class FlagTable<K> {

    /** Heap bytes per key besides its serialized bytes: arrays, and the hash slots at half load. */
    static final int ENTRY_BYTES = 8 + 4 + 8 + 8 + 1 + 1 + 16;
    private static final long ABSENT = Long.MIN_VALUE;
    private static final long NEVER = Long.MAX_VALUE;
    private static final long TAG = 0xFFFF_FFFF_0000_0000L;
    private static final byte DIRTY = 1;
    /** The key may be in the store (so dropping it as absent must delete it there). */
    private static final byte STORED = 2;
    private static final byte[] TRUE = Serdes.BOOLEAN.serialize(Boolean.TRUE);
    private static final byte[] FALSE = Serdes.BOOLEAN.serialize(Boolean.FALSE);

    private final KvStore store;
    private final KvStore.Column column;
    private final Serde<K> keySerde;
    private final boolean ttl;
    private final long maxBytes;
    /** Arena chunk size: 1 MiB, smaller for small bounds (a sixteenth of the bound, at least 4 KiB). */
    private final int chunkBytes;
    private final boolean restored;
    private final ToLongFunction<byte[]> hash;
    /** Keys this table wrote to the store; null until the first write. */
    private KeyFilter written;

    private byte[][] chunks = new byte[0][];
    private int chunkUsed;
    private long arenaBytes;
    private long[] keyRef = new long[1024];
    private int[] keyLength = new int[1024];
    private long[] keyHash = new long[1024];
    /** {@link #ABSENT} for a key known absent (removed or expired, not yet flushed). */
    private long[] expiresAt = new long[1024];
    private boolean[] values = new boolean[1024];
    private byte[] flags = new byte[1024];
    private int size;
    /**
     * Per slot the entry's hash's upper 32 bits and its index + 1, 0 = empty; linear probing, at most
     * half full. A probe past another key's slot reads no entry array (a cache miss each).
     */
    private long[] slots = new long[2048];

    private long clock = Long.MIN_VALUE;
    private boolean clockWentBack;

    private K lastKey;
    private byte[] lastBytes;
    private long lastHash;
    private int lastEntry = -1;

    long compactions;
    long spills;

    public FlagTable(KvStore store, String columnName, Serde<K> keySerde, boolean ttl, long maxBytes) {
        this(store, columnName, keySerde, ttl, maxBytes, KeyFilter::hash);
    }

    /** With the hash of serialized keys given (tests make every key collide). */
    FlagTable(KvStore store, String columnName, Serde<K> keySerde, boolean ttl, long maxBytes,
              ToLongFunction<byte[]> hash) {
        this.hash = hash;
        this.store = store;
        this.column = store.column(columnName);
        this.keySerde = keySerde;
        this.ttl = ttl;
        this.maxBytes = maxBytes;
        this.chunkBytes = (int) Math.max(4 << 10, Math.min(1 << 20, maxBytes / 16));
        this.restored = !store.isEmpty(column);
    }

    /** The flag, or {@code null} if absent or expired at {@code now} (event time). */
    public Boolean get(K key, long now) {
        if (now < clock) {
            clockWentBack = true;
        } else {
            clock = now;
        }
        locate(key);
        int e = lastEntry;
        if (e < 0) {
            e = load(lastBytes, lastHash);
            lastEntry = e;
            if (e < 0) {
                return null;
            }
        }
        long x = expiresAt[e];
        if (x == ABSENT) {
            return null;
        }
        if (x != NEVER && x <= now) {
            expiresAt[e] = ABSENT;
            flags[e] |= DIRTY;
            return null;
        }
        return values[e];
    }

    /** Sets the flag ({@code null} removes it), expiring at {@code expiresAt} if the state has a TTL. */
    public void put(K key, Boolean value, long expiresAt) {
        if (key != lastKey) {
            locate(key);
        }
        int e = lastEntry;
        if (e < 0) {
            e = append(lastBytes, lastHash);
            lastEntry = e;
        }
        if (value == null) {
            this.expiresAt[e] = ABSENT;
        } else {
            this.expiresAt[e] = ttl ? expiresAt : NEVER;
            values[e] = value;
        }
        flags[e] |= DIRTY;
    }

    /** Writes every change since the last flush into {@code batch}; expired flags are deleted instead. */
    public void flush(KvBatch batch, long now) {
        List<KeyWrite> writes = new ArrayList<>();
        for (int e = 0; e < size; e++) {
            if ((flags[e] & DIRTY) == 0) {
                continue;
            }
            long x = expiresAt[e];
            if (x != ABSENT && x != NEVER && x <= now) {
                expiresAt[e] = ABSENT;
                x = ABSENT;
            }
            KeyWrite w = writeOf(e, x);
            if (w != null) {
                writes.add(w);
            }
            flags[e] &= ~DIRTY;
        }
        KeyWrite.applyInKeyOrder(batch, column, writes);
    }

    public int cachedEntries() {
        return size;
    }

    public String columnName() {
        return column.name();
    }

    /** Sets lastKey, lastBytes, lastHash and lastEntry (-1 when the key is not on the heap). */
    private void locate(K key) {
        byte[] k = keySerde.serialize(key);
        long h = hash.applyAsLong(k);
        lastKey = key;
        lastBytes = k;
        lastHash = h;
        lastEntry = find(k, h);
    }

    private int find(byte[] k, long h) {
        int mask = slots.length - 1;
        long tag = h & TAG;
        for (int s = (int) h & mask; ; s = (s + 1) & mask) {
            long v = slots[s];
            if (v == 0) {
                return -1;
            }
            if ((v & TAG) == tag) {
                int e = (int) v - 1;
                if (keyHash[e] == h && keyEquals(e, k)) {
                    return e;
                }
            }
        }
    }

    private boolean keyEquals(int e, byte[] k) {
        if (keyLength[e] != k.length) {
            return false;
        }
        long ref = keyRef[e];
        int off = (int) ref;
        return Arrays.equals(chunks[(int) (ref >>> 32)], off, off + k.length, k, 0, k.length);
    }

    /** A key not on the heap: from the store if it may be there (then cached, clean), else -1. */
    private int load(byte[] k, long h) {
        if (!mayBeStored(k)) {
            return -1;
        }
        byte[] stored = store.get(column, k);
        if (stored == null) {
            return -1;
        }
        int e = append(k, h);
        int offset = 0;
        if (ttl) {
            expiresAt[e] = StoredValues.expiresAt(stored);
            offset = StoredValues.EXPIRY_BYTES;
        }
        values[e] = stored[offset] != 0;
        flags[e] = STORED;
        return e;
    }

    private boolean mayBeStored(byte[] k) {
        return restored || (written != null && written.mightContain(k));
    }

    /** A new entry for {@code k}, known absent and clean; makes room first if the table is full. */
    private int append(byte[] k, long h) {
        if (arenaBytes + (long) (size + 1) * ENTRY_BYTES + k.length > maxBytes && size > 0) {
            makeRoom();
        }
        if (size == keyRef.length) {
            grow();
        }
        int e = size++;
        keyRef[e] = copyIn(k);
        keyLength[e] = k.length;
        keyHash[e] = h;
        expiresAt[e] = ABSENT;
        values[e] = false;
        flags[e] = mayBeStored(k) ? STORED : 0;
        if (size * 2 > slots.length) {
            rehash(slots.length * 2);
        } else {
            place(e, h);
        }
        return e;
    }

    private long copyIn(byte[] k) {
        if (chunks.length == 0 || chunkUsed + k.length > chunks[chunks.length - 1].length) {
            chunks = Arrays.copyOf(chunks, chunks.length + 1);
            chunks[chunks.length - 1] = new byte[Math.max(chunkBytes, k.length)];
            chunkUsed = 0;
            arenaBytes += chunks[chunks.length - 1].length;
        }
        long ref = ((long) (chunks.length - 1) << 32) | chunkUsed;
        System.arraycopy(k, 0, chunks[chunks.length - 1], chunkUsed, k.length);
        chunkUsed += k.length;
        return ref;
    }

    private void place(int e, long h) {
        int mask = slots.length - 1;
        int s = (int) h & mask;
        while (slots[s] != 0) {
            s = (s + 1) & mask;
        }
        slots[s] = (h & TAG) | (e + 1);
    }

    private void rehash(int capacity) {
        slots = new long[capacity];
        for (int e = 0; e < size; e++) {
            place(e, keyHash[e]);
        }
    }

    private void grow() {
        int n = keyRef.length * 2;
        keyRef = Arrays.copyOf(keyRef, n);
        keyLength = Arrays.copyOf(keyLength, n);
        keyHash = Arrays.copyOf(keyHash, n);
        expiresAt = Arrays.copyOf(expiresAt, n);
        values = Arrays.copyOf(values, n);
        flags = Arrays.copyOf(flags, n);
    }

    private byte[] keyOf(int e) {
        long ref = keyRef[e];
        int off = (int) ref;
        return Arrays.copyOfRange(chunks[(int) (ref >>> 32)], off, off + keyLength[e]);
    }

    /**
     * The table is full: drops what is absent or expired (deleting it from the store where it may be),
     * and if that frees less than a quarter, writes every pending change and empties the table.
     */
    private void makeRoom() {
        compactions++;
        lastKey = null;
        lastEntry = -1;
        List<KeyWrite> writes = new ArrayList<>();
        boolean[] keep = new boolean[size];
        int kept = 0;
        long keptKeyBytes = 0;
        for (int e = 0; e < size; e++) {
            long x = expiresAt[e];
            boolean gone = x == ABSENT || (!clockWentBack && x != NEVER && x <= clock);
            if (gone) {
                if ((flags[e] & STORED) != 0 && ((flags[e] & DIRTY) != 0 || x != ABSENT)) {
                    writes.add(new KeyWrite(keyOf(e), null));
                }
            } else {
                keep[e] = true;
                kept++;
                keptKeyBytes += keyLength[e];
            }
        }
        if (keptKeyBytes + (long) kept * ENTRY_BYTES > maxBytes * 3 / 4) {
            spills++;
            for (int e = 0; e < size; e++) {
                if (keep[e]) {
                    if ((flags[e] & DIRTY) != 0) {
                        writes.add(writeOf(e, expiresAt[e]));
                    }
                    keep[e] = false;
                }
            }
            kept = 0;
        }
        rebuild(keep, kept);
        try (KvBatch batch = store.newBatch()) {
            KeyWrite.applyInKeyOrder(batch, column, writes);
            batch.commit();
        }
    }

    /** Keeps the entries marked in {@code keep}, in order, with their keys in a fresh arena. */
    private void rebuild(boolean[] keep, int kept) {
        byte[][] oldChunks = chunks;
        long[] oldRef = keyRef;
        int[] oldLength = keyLength;
        long[] oldHash = keyHash;
        long[] oldExpires = expiresAt;
        boolean[] oldValues = values;
        byte[] oldFlags = flags;
        int n = Math.max(1024, Integer.highestOneBit(Math.max(1, kept)) * 2);
        chunks = new byte[0][];
        chunkUsed = 0;
        arenaBytes = 0;
        keyRef = new long[n];
        keyLength = new int[n];
        keyHash = new long[n];
        expiresAt = new long[n];
        values = new boolean[n];
        flags = new byte[n];
        int oldSize = size;
        size = 0;
        for (int e = 0; e < oldSize; e++) {
            if (!keep[e]) {
                continue;
            }
            long ref = oldRef[e];
            int off = (int) ref;
            byte[] k = Arrays.copyOfRange(oldChunks[(int) (ref >>> 32)], off, off + oldLength[e]);
            int i = size++;
            keyRef[i] = copyIn(k);
            keyLength[i] = k.length;
            keyHash[i] = oldHash[e];
            expiresAt[i] = oldExpires[e];
            values[i] = oldValues[e];
            flags[i] = oldFlags[e];
        }
        rehash(Math.max(2048, n * 2));
    }

    /** Entry {@code e}'s write with expiry {@code x}: a put, a delete, or null (absent, never stored). */
    private KeyWrite writeOf(int e, long x) {
        byte[] k = keyOf(e);
        if (x == ABSENT) {
            if ((flags[e] & STORED) == 0) {
                return null;
            }
            return new KeyWrite(k, null);
        }
        byte[] flag = values[e] ? TRUE : FALSE;
        byte[] v = ttl ? StoredValues.withExpiry(x, flag) : flag.clone();
        flags[e] |= STORED;
        if (written == null) {
            written = new KeyFilter();
        }
        written.add(k);
        return new KeyWrite(k, v);
    }

}
