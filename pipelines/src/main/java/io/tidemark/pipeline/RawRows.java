package io.tidemark.pipeline;

import io.tidemark.events.Envelope;
import io.tidemark.lake.datasets.RawRow;

/** Envelopes as rows of the raw archive ({@code lake/raw}). */
public final class RawRows {

  private RawRows() {
  }

  /**
   * The envelope's archived columns. The Kafka coordinates are always null: the job's decoder sees
   * a record's key and value only, not its partition and offset, and replays read no topic.
   */
  public static RawRow of(Envelope e) {
    return new RawRow(e.messageId(), e.type().wireName(), e.event(), e.anonymousId(), e.userId(),
        e.timestamp(), e.originalTimestamp(), e.sentAt(), e.receivedAt(), e.source(),
        e.context().toString(), e.properties().toString(), e.integrations().toString(), null, null);
  }
}
