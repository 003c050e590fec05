package io.tidemark.lake.datasets;

import io.tidemark.lake.schema.Dataset;
import io.tidemark.lake.schema.RowValues;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * One accepted event in the raw archive ({@code lake/raw}), the stored log that replays read back.
 * {@code dt} is the UTC date of {@link #timestamp()} (event time, skew-corrected by the gateway).
 * {@code context}, {@code properties} and {@code integrations} are JSON object texts as received.
 * The Kafka coordinates are null for rows that did not come from the topic (e.g. an NDJSON replay).
 */
public record RawRow(
    String messageId,
    String type,
    String event,
    String anonymousId,
    String userId,
    Instant timestamp,
    Instant originalTimestamp,
    Instant sentAt,
    Instant receivedAt,
    String source,
    String context,
    String properties,
    String integrations,
    Integer kafkaPartition,
    Long kafkaOffset) {

  public static final Dataset<RawRow> DATASET =
      columns(Dataset.<RawRow>builder("raw"), Function.identity())
          .partitionedByDateOf(RawRow::timestamp)
          .rows(RawRow::from)
          .build();

  public RawRow {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(timestamp, "timestamp");
  }

  /** Adds the raw columns, taken from {@code raw(row)}, to another dataset (e.g. {@code late}). */
  static <T> Dataset.Builder<T> columns(Dataset.Builder<T> b, Function<T, RawRow> raw) {
    return b.requiredFreeText("message_id", raw.andThen(RawRow::messageId))
        .requiredString("type", raw.andThen(RawRow::type))
        .string("event", raw.andThen(RawRow::event))
        .string("anonymous_id", raw.andThen(RawRow::anonymousId))
        .string("user_id", raw.andThen(RawRow::userId))
        .requiredTimestamp("timestamp", raw.andThen(RawRow::timestamp))
        .timestamp("original_timestamp", raw.andThen(RawRow::originalTimestamp))
        .timestamp("sent_at", raw.andThen(RawRow::sentAt))
        .timestamp("received_at", raw.andThen(RawRow::receivedAt))
        .string("source", raw.andThen(RawRow::source))
        .freeText("context", raw.andThen(RawRow::context))
        .freeText("properties", raw.andThen(RawRow::properties))
        .freeText("integrations", raw.andThen(RawRow::integrations))
        .int32("kafka_partition", raw.andThen(RawRow::kafkaPartition))
        .int64("kafka_offset", raw.andThen(RawRow::kafkaOffset));
  }

  static RawRow from(RowValues v) {
    return new RawRow(
        v.string("message_id"),
        v.string("type"),
        v.string("event"),
        v.string("anonymous_id"),
        v.string("user_id"),
        v.instant("timestamp"),
        v.instant("original_timestamp"),
        v.instant("sent_at"),
        v.instant("received_at"),
        v.string("source"),
        v.string("context"),
        v.string("properties"),
        v.string("integrations"),
        v.int32("kafka_partition"),
        v.int64("kafka_offset"));
  }
}
