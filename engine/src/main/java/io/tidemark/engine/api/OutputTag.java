package io.tidemark.engine.api;

import java.util.Objects;

/** Names a side output of an operator (late data, rejects...). Tags are equal when their ids are. */
public record OutputTag<T>(String id) {

    public OutputTag {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
    }

    public static <T> OutputTag<T> of(String id) {
        return new OutputTag<>(id);
    }
}
