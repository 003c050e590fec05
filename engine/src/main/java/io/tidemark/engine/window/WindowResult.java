package io.tidemark.engine.window;

import java.util.Objects;

/**
 * A window's result. {@code version} 0 is the result when the watermark passed the window; each
 * late record within the allowed lateness emits the whole window again with the next version
 * ({@link #isUpdate()}), which downstream upserts by (key, window). A late record that merges
 * sessions may change the window's start: the update then replaces the rows of the sessions it
 * absorbed, listed by their starts in {@code replacedStarts}.
 */
public record WindowResult<K, OUT>(K key, TimeWindow window, OUT value, int version, long[] replacedStarts) {

    private static final long[] NONE = new long[0];

    public WindowResult {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(window, "window");
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative: " + version);
        }
        replacedStarts = replacedStarts == null ? NONE : replacedStarts.clone();
    }

    public WindowResult(K key, TimeWindow window, OUT value, int version) {
        this(key, window, value, version, NONE);
    }

    public boolean isUpdate() {
        return version > 0;
    }

    @Override
    public long[] replacedStarts() {
        return replacedStarts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowResult<?, ?> r && key.equals(r.key) && window.equals(r.window)
                && Objects.equals(value, r.value) && version == r.version
                && java.util.Arrays.equals(replacedStarts, r.replacedStarts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, window, value, version) * 31 + java.util.Arrays.hashCode(replacedStarts);
    }

    @Override
    public String toString() {
        return "WindowResult[key=" + key + ", window=[" + window.start() + "," + window.end() + "), value=" + value
                + ", version=" + version
                + (replacedStarts.length > 0 ? ", replaces=" + java.util.Arrays.toString(replacedStarts) : "") + "]";
    }
}
