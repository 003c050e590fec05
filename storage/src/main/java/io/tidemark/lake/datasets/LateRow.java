package io.tidemark.lake.datasets;

import io.tidemark.lake.schema.Dataset;
import java.time.Instant;
import java.util.Objects;

/**
 * An event that arrived behind an operator's watermark by more than its allowed lateness
 * ({@code lake/late}): the raw columns, why it is here, which operator sent it, and that operator's
 * watermark when it arrived. {@code dt} is the UTC date of the event's own timestamp, so a late
 * event sits next to the partition it would have corrected.
 */
public record LateRow(RawRow event, String reason, String pipeline, Instant watermark) {

  public static final Dataset<LateRow> DATASET =
      RawRow.columns(Dataset.<LateRow>builder("late"), LateRow::event)
          .requiredString("reason", LateRow::reason)
          .requiredString("pipeline", LateRow::pipeline)
          .requiredTimestamp("watermark", LateRow::watermark)
          .partitionedByDateOf(r -> r.event().timestamp())
          .rows(v -> new LateRow(RawRow.from(v), v.string("reason"), v.string("pipeline"), v.instant("watermark")))
          .build();

  public LateRow {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(watermark, "watermark");
  }
}
