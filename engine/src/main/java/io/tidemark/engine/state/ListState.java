package io.tidemark.engine.state;

import java.util.List;

/** A list per key. Stored as one value per key: suited to lists of up to a few thousand elements. */
public interface ListState<T> {

    /** A read-only view, empty if absent or expired. */
    List<T> get();

    /** Appends; refreshes the TTL. */
    void add(T element);

    /** Replaces the whole list; an empty list clears. */
    void update(List<T> elements);

    void clear();
}
