package io.tidemark.session.internals;

/** A session id that has been written and not yet retired: its last version and time span. */
public record Emitted(String sessionId, long version, long start, long end) {
}
