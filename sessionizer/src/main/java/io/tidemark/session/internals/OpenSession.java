package io.tidemark.session.internals;

import java.util.ArrayList;
import java.util.List;

/**
 * A session still held in state: its summary, the ids written for it (more than one after a
 * merge or after a late event became its first, until the next emission retires the others) and
 * whether it changed since it was last written.
 */
public record OpenSession(SessionAgg agg, List<Emitted> emitted, boolean dirty) {

    public OpenSession {
        emitted = List.copyOf(emitted);
    }

    public static OpenSession of(SessionAgg agg) {
        return new OpenSession(agg, List.of(), true);
    }

    /** This session absorbing {@code other}: summaries merged, both sets of written ids kept. */
    public OpenSession merge(OpenSession other) {
        if (other.emitted.isEmpty()) {
            return add(other.agg);
        }
        List<Emitted> ids = new ArrayList<>(emitted);
        ids.addAll(other.emitted);
        return new OpenSession(agg.merge(other.agg), ids, true);
    }

    public OpenSession add(SessionAgg event) {
        return new OpenSession(agg.merge(event), emitted, true);
    }
}
