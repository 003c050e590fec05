package io.tidemark.engine.state.internals;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The serialized keys a column may hold on disk: {@link #mightContain} is false only for keys that
 * were never {@link #add added}. A write-back cache that misses on a key the store has never seen
 * (dedup's every new messageId, a device's first event) thereby skips the store read, which with
 * RocksDB costs a JNI call and a memtable and bloom probe per level: most of a dedup task's time
 * before this filter.
 *
 * <p>Implementation note: a scalable Bloom filter (Almeida, Baquero, Preguiça, Hutchison, "Scalable
 * Bloom Filters", Information Processing Letters 101(6), 2007): a chain of plain Bloom filters, a
 * new one of twice the capacity once the newest is full, so no key count is needed up front. Stage
 * {@code i} uses {@code 10 + i} bits per key (at most 16) and {@code round(bits * ln 2)} probes, so
 * stage false-positive rates fall geometrically and the whole filter stays near 2 % (measured, keys
 * never added: 1.0 % with one stage, 1.7 % with 3 stages, 2.5 % with 4 stages; 0.8, 1.3 and 1.8 %
 * before the stages were blocked). Each stage is blocked (Putze, Sanders, Singler, "Cache-, Hash- and Space-Efficient
 * Bloom Filters", WEA 2007): a key's probes all fall in one 512-bit block (eight words, one or two
 * cache lines), chosen by Lemire's multiply-shift range reduction instead of a division, so a key
 * costs one or two cache misses per stage where independent probes cost one per probe, for a
 * slightly higher false-positive rate at equal size. Within the block, probes are Kirsch and
 * Mitzenmacher's double hashing {@code h1 + i * h2} ("Less Hashing, Same Performance", ESA 2006).
 * Keys are never removed (a deleted or expired key only costs a store read, as before). About 1.3
 * to 2 bytes per key; the first stage holds {@value #FIRST_CAPACITY} keys.
 */
final class KeyFilter {

    static final int FIRST_CAPACITY = 1 << 16;
    private static final int MAX_BITS_PER_KEY = 16;
    private static final int BLOCK_BITS_LOG2 = 9;
    private static final int BLOCK_BITS = 1 << BLOCK_BITS_LOG2;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private long[][] stages = new long[0][];
    private int[] probes = new int[0];
    private long capacity;
    private long count;
    private long keys;

    /** Records that {@code key} may now be on disk. */
    void add(byte[] key) {
        if (count == capacity) {
            grow();
        }
        long h = hash(key);
        int last = stages.length - 1;
        long[] bits = stages[last];
        int base = block(h, bits);
        long g = mix(h);
        int h1 = (int) g;
        int h2 = (int) (g >>> 32) | 1;
        for (int i = 0; i < probes[last]; i++) {
            int bit = (h1 + i * h2) >>> (32 - BLOCK_BITS_LOG2);
            bits[base + (bit >>> 6)] |= 1L << bit;
        }
        count++;
        keys++;
    }

    /** False when {@code key} was never added; true when it may have been. */
    boolean mightContain(byte[] key) {
        if (keys == 0) {
            return false;
        }
        long h = hash(key);
        long g = mix(h);
        int h1 = (int) g;
        int h2 = (int) (g >>> 32) | 1;
        for (int s = stages.length - 1; s >= 0; s--) {
            long[] bits = stages[s];
            int base = block(h, bits);
            boolean all = true;
            for (int i = 0; i < probes[s]; i++) {
                int bit = (h1 + i * h2) >>> (32 - BLOCK_BITS_LOG2);
                if ((bits[base + (bit >>> 6)] & (1L << bit)) == 0) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** The first word of the key's block: the hash's high half scaled to the block count. */
    private static int block(long h, long[] bits) {
        long blocks = bits.length >>> 3;
        return (int) (((h >>> 32) * blocks) >>> 32) << 3;
    }

    /** Keys added so far (with repeats). */
    long keys() {
        return keys;
    }

    private void grow() {
        int stage = stages.length;
        capacity = stage == 0 ? FIRST_CAPACITY : capacity * 2;
        int bitsPerKey = Math.min(10 + stage, MAX_BITS_PER_KEY);
        long words = ((capacity * bitsPerKey + BLOCK_BITS - 1) >>> BLOCK_BITS_LOG2) << 3; // whole blocks
        stages = Arrays.copyOf(stages, stage + 1);
        stages[stage] = new long[Math.toIntExact(words)];
        probes = Arrays.copyOf(probes, stage + 1);
        probes[stage] = (int) Math.round(bitsPerKey * Math.log(2));
        count = 0;
    }

    /** A 64-bit hash of the bytes: 8 at a time, multiply-xorshift mixing (the SplitMix64 finalizer). */
    static long hash(byte[] b) {
        long h = 0x9E3779B97F4A7C15L ^ b.length;
        int i = 0;
        for (; i + 8 <= b.length; i += 8) {
            h = mix(h ^ (long) LONGS.get(b, i));
        }
        long tail = 0;
        for (int shift = 0; i < b.length; i++, shift += 8) {
            tail |= (b[i] & 0xFFL) << shift;
        }
        return mix(h ^ tail);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
