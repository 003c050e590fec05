package io.tidemark.engine.runtime;

import io.tidemark.engine.api.Pipeline;
import io.tidemark.engine.kafka.RecordDecoder;
import java.util.Objects;

/**
 * What a worker runs: a pipeline whose source {@code sourceName} is fed from the Kafka topic
 * {@code topic}, one task per partition, each record decoded by {@code decoder}. The job's name
 * (the pipeline's name) is also the consumer group and the directory in checkpoint storage.
 * The pipeline's source is declared with {@code Sources.empty()}: the runtime pushes records.
 */
public record Job<T>(Pipeline pipeline, String sourceName, String topic, RecordDecoder<T> decoder) {

    public Job {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(decoder, "decoder");
    }

    public String name() {
        return pipeline.name();
    }
}
