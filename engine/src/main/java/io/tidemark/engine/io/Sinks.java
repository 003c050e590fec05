package io.tidemark.engine.io;

/** Simple sinks. */
public final class Sinks {

    private Sinks() {
    }

    public static <T> CollectingSink<T> collecting() {
        return new CollectingSink<>();
    }

    public static <T> SinkFactory<T> discarding() {
        return task -> (value, timestamp) -> { };
    }
}
