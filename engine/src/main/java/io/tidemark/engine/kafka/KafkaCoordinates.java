package io.tidemark.engine.kafka;

import java.util.Objects;

/** Where a record was read: its topic, partition and offset. Together they identify it. */
public record KafkaCoordinates(String topic, int partition, long offset) {

    public KafkaCoordinates {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must not be negative, got " + partition);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
        }
    }
}
