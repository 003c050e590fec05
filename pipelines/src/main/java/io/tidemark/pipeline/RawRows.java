package io.tidemark.pipeline;

import io.tidemark.engine.kafka.KafkaCoordinates;
import io.tidemark.events.Envelope;
import io.tidemark.events.EventType;
import io.tidemark.events.JsonObject;
import io.tidemark.lake.datasets.RawRow;

/**
 * Envelopes as rows of the raw archive ({@code lake/raw}) and back: {@code envelope(of(e))}
 * equals {@code e} for every envelope, so a replay of the archive sees what the live job saw.
 * Each envelope field has its own column; the JSON objects are stored as their canonical JSON text
 * ({@link JsonObject}), the same for an envelope decoded from a Kafka record, from a log line or
 * from the archive, and read back without building trees.
 */
public final class RawRows {

  private RawRows() {
  }

  /** The row of an event as the job read it, with its Kafka coordinates when it has them. */
  public static RawRow of(LoggedEvent e) {
    return of(e.envelope(), e.readAt());
  }

  /** The row of an envelope that was not read from Kafka (e.g. an operator's late event). */
  public static RawRow of(Envelope e) {
    return of(e, null);
  }

  /** The row of {@code e}; {@code at} may be null (not read from Kafka). */
  public static RawRow of(Envelope e, KafkaCoordinates at) {
    return new RawRow(e.messageId(), e.type().wireName(), e.event(), e.name(), e.category(), e.anonymousId(),
        e.userId(), e.groupId(), e.previousId(), e.timestamp(), e.originalTimestamp(), e.sentAt(), e.receivedAt(),
        e.timestampClamped(), e.source(), e.contextJson().text(), e.propertiesJson().text(), e.traitsJson().text(),
        e.integrationsJson().text(), at == null ? null : at.topic(), at == null ? null : at.partition(),
        at == null ? null : at.offset());
  }

  /**
   * The event an archived row holds, with its coordinates.
   *
   * @throws IllegalArgumentException naming the row's messageId when a column cannot be an
   *     envelope's (an unknown type, a JSON column that is not an object, no source)
   */
  public static LoggedEvent logged(RawRow r) {
    KafkaCoordinates at = r.hasKafkaCoordinates()
        ? new KafkaCoordinates(r.kafkaTopic(), r.kafkaPartition(), r.kafkaOffset()) : null;
    return new LoggedEvent(envelope(r), at);
  }

  /** The envelope an archived row holds; see {@link #logged}. */
  public static Envelope envelope(RawRow r) {
    EventType type = EventType.ofWireName(r.type());
    if (type == null) {
      throw new IllegalArgumentException("archived event " + r.messageId() + ": unknown type " + r.type());
    }
    if (r.source() == null || r.receivedAt() == null) {
      throw new IllegalArgumentException("archived event " + r.messageId() + " has no source or receivedAt");
    }
    return Envelope.ofJson(r.messageId(), type, r.event(), r.name(), r.category(), r.anonymousId(), r.userId(),
        r.groupId(), r.previousId(), r.timestamp(), r.originalTimestamp(), r.sentAt(), r.receivedAt(),
        r.timestampClamped(), r.source(), object(r, "context", r.context()), object(r, "properties", r.properties()),
        object(r, "traits", r.traits()), object(r, "integrations", r.integrations()));
  }

  /** A JSON column as an object; null (a column absent from older files) is an empty object. */
  private static JsonObject object(RawRow r, String column, String json) {
    if (json == null) {
      return null;
    }
    try {
      return JsonObject.parse(json);
    } catch (IllegalArgumentException e) {
      // "not JSON: ..." or "not a JSON object"
      throw new IllegalArgumentException("archived event " + r.messageId() + ": " + column + " is " + e.getMessage(), e);
    }
  }
}
