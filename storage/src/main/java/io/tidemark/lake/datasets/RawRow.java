package io.tidemark.lake.datasets;

import io.tidemark.lake.schema.Dataset;
import io.tidemark.lake.schema.RowValues;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * One accepted event in the raw archive ({@code lake/raw}), the stored log that replays read back:
 * every field of the normalized envelope, one column each, plus where the writing job read it.
 * {@code dt} is the UTC date of {@link #timestamp()} (event time, skew-corrected by the gateway).
 *
 * <p>{@code context}, {@code properties}, {@code traits} and {@code integrations} are JSON object
 * texts ({@code {}} when the event had none). The Kafka coordinates are all set or all null: null
 * when the writer read no topic (a replay of NDJSON files).
 */
public record RawRow(
    String messageId,
    String type,
    String event,
    String name,
    String category,
    String anonymousId,
    String userId,
    String groupId,
    String previousId,
    Instant timestamp,
    Instant originalTimestamp,
    Instant sentAt,
    Instant receivedAt,
    boolean timestampClamped,
    String source,
    String context,
    String properties,
    String traits,
    String integrations,
    String kafkaTopic,
    Integer kafkaPartition,
    Long kafkaOffset) {

  private static final Function<RawRow, RawRow> IDENTITY = Function.identity();

  public static final Dataset<RawRow> DATASET =
      columns(Dataset.<RawRow>builder("raw"), RawRow.IDENTITY)
          .partitionedByDateOf(RawRow::timestamp)
          .rows(RawRow::from)
          .build();

  public RawRow {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(timestamp, "timestamp");
    if ((kafkaTopic == null) != (kafkaPartition == null) || (kafkaTopic == null) != (kafkaOffset == null)) {
      throw new IllegalArgumentException("Kafka coordinates must be all set or all null, got topic " + kafkaTopic
          + ", partition " + kafkaPartition + ", offset " + kafkaOffset);
    }
  }

  /** Whether the row says where in Kafka the writer read it. */
  public boolean hasKafkaCoordinates() {
    return kafkaTopic != null;
  }

  /**
   * Adds the raw columns, taken from {@code raw(row)}, to another dataset (e.g. {@code late}). The
   * order follows the envelope's JSON layout, then the coordinates.
   */
  static <T> Dataset.Builder<T> columns(Dataset.Builder<T> b, Function<T, RawRow> raw) {
    return b.requiredFreeText("message_id", of(raw, RawRow::messageId))
        .requiredString("type", of(raw, RawRow::type))
        .string("event", of(raw, RawRow::event))
        .string("name", of(raw, RawRow::name))
        .string("category", of(raw, RawRow::category))
        .string("anonymous_id", of(raw, RawRow::anonymousId))
        .string("user_id", of(raw, RawRow::userId))
        .string("group_id", of(raw, RawRow::groupId))
        .string("previous_id", of(raw, RawRow::previousId))
        .requiredTimestamp("timestamp", of(raw, RawRow::timestamp))
        .timestamp("original_timestamp", of(raw, RawRow::originalTimestamp))
        .timestamp("sent_at", of(raw, RawRow::sentAt))
        .timestamp("received_at", of(raw, RawRow::receivedAt))
        .requiredBool("timestamp_clamped", of(raw, RawRow::timestampClamped))
        .string("source", of(raw, RawRow::source))
        .freeText("context", of(raw, RawRow::context))
        .freeText("properties", of(raw, RawRow::properties))
        .freeText("traits", of(raw, RawRow::traits))
        .freeText("integrations", of(raw, RawRow::integrations))
        .string("kafka_topic", of(raw, RawRow::kafkaTopic))
        .int32("kafka_partition", of(raw, RawRow::kafkaPartition))
        .int64("kafka_offset", of(raw, RawRow::kafkaOffset));
  }

  /**
   * {@code getter} after {@code raw}; the getter itself when {@code raw} is the identity (the raw
   * dataset's own columns), which saves a call per value of the most written rows.
   */
  @SuppressWarnings("unchecked")
  private static <T, V> Function<T, V> of(Function<T, RawRow> raw, Function<RawRow, V> getter) {
    return raw == IDENTITY ? (Function<T, V>) getter : raw.andThen(getter);
  }

  /** Reads a row; columns absent from files written before they existed read as null (false). */
  static RawRow from(RowValues v) {
    return new RawRow(
        v.string("message_id"),
        v.string("type"),
        v.string("event"),
        v.string("name"),
        v.string("category"),
        v.string("anonymous_id"),
        v.string("user_id"),
        v.string("group_id"),
        v.string("previous_id"),
        v.instant("timestamp"),
        v.instant("original_timestamp"),
        v.instant("sent_at"),
        v.instant("received_at"),
        Boolean.TRUE.equals(v.bool("timestamp_clamped")),
        v.string("source"),
        v.string("context"),
        v.string("properties"),
        v.string("traits"),
        v.string("integrations"),
        v.string("kafka_topic"),
        v.int32("kafka_partition"),
        v.int64("kafka_offset"));
  }
}
