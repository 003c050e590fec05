package io.tidemark.engine.time.internals;

import io.tidemark.engine.state.KvBatch;
import io.tidemark.engine.state.KvStore;
import java.util.Arrays;

/**
 * Timers on disk, column {@code <operator>/_timers}: key {@code [domain: 1 byte][timestamp: 8 bytes,
 * sign bit flipped so bytes sort like numbers][key bytes]}, empty value. Each snapshot rewrites the
 * column (clear + puts in the same batch as the state flush).
 */
public final class TimerPersistence {

    private static final byte[] EMPTY = new byte[0];

    private TimerPersistence() {
    }

    public static <K> void write(KvBatch batch, KvStore.Column column, int domain, TimerQueue<K> timers) {
        timers.forEach(t -> {
            byte[] k = new byte[9 + t.keyBytes.length];
            k[0] = (byte) domain;
            long v = t.timestamp ^ Long.MIN_VALUE;
            for (int i = 8; i >= 1; i--) {
                k[i] = (byte) v;
                v >>>= 8;
            }
            System.arraycopy(t.keyBytes, 0, k, 9, t.keyBytes.length);
            batch.put(column, k, EMPTY);
        });
    }

    /** Loads the timers of {@code domain} from {@code column} into {@code timers}. */
    public static <K> void read(KvStore store, KvStore.Column column, int domain, TimerQueue<K> timers) {
        store.scan(column, (k, v) -> {
            if (k[0] != domain) {
                return;
            }
            long ts = 0;
            for (int i = 1; i <= 8; i++) {
                ts = (ts << 8) | (k[i] & 0xFF);
            }
            timers.addRestored(ts ^ Long.MIN_VALUE, Arrays.copyOfRange(k, 9, k.length));
        });
    }
}
