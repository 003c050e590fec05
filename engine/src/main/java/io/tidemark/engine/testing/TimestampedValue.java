package io.tidemark.engine.testing;

/** A value that reached a sink or side output, with the event timestamp it carried. */
public record TimestampedValue<T>(T value, long timestamp) {
}
