package io.tidemark.engine.state;

/**
 * One value per key of the current record or timer. A value read here may be mutated only if it is
 * then passed to {@link #update(Object)}; the write-back cache otherwise may not notice.
 */
public interface ValueState<T> {

    /** The value, or {@code null} if absent or expired. */
    T value();

    /** Stores the value; {@code null} clears. Refreshes the TTL. */
    void update(T value);

    void clear();
}
