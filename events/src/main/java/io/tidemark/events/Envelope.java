package io.tidemark.events;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One accepted event, normalized: the value of every record on {@link Topics#EVENTS} and of the
 * raw archive. {@link EventJson} reads and writes it.
 *
 * <p>Times are millisecond-precision instants. {@code timestamp} is the event time after clock-skew
 * correction ({@code receivedAt − (sentAt − originalTimestamp)}, clamped to {@code receivedAt} when
 * it would lie in the future, see {@link #timestampClamped()}); {@code originalTimestamp} and
 * {@code sentAt} are the client's raw times (null when the client sent none).
 *
 * <p>The JSON objects ({@code context}, {@code properties}, {@code traits}, {@code integrations})
 * are never null (empty when absent) and are shared, not copied: treat them as read-only.
 *
 * @param messageId the client's id, or one the gateway generated; below 100 characters
 * @param type the call type
 * @param event the event name of a {@code track}, else null
 * @param name the page or screen name of a {@code page}/{@code screen}, else null
 * @param category the page category of a {@code page}, else null
 * @param anonymousId the device/browser id, or null
 * @param userId the known user id, or null (at least one of the two ids is set)
 * @param groupId the group of a {@code group} call, else null
 * @param previousId the previous id of an {@code alias} call, else null
 * @param timestamp the event time, corrected
 * @param originalTimestamp the client's own time of the event, as sent, or null
 * @param sentAt the client's time when it sent the event, or null
 * @param receivedAt the gateway's time when the request arrived
 * @param timestampClamped true when the corrected time lay after receivedAt and was clamped to it
 * @param source the source id the write key maps to
 */
public record Envelope(
    String messageId,
    EventType type,
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
    ObjectNode context,
    ObjectNode properties,
    ObjectNode traits,
    ObjectNode integrations) {

  /** Version of the envelope's JSON layout, written as {@code envelopeVersion}. */
  public static final int VERSION = 1;

  public Envelope {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(source, "source");
    if (anonymousId == null && userId == null) {
      throw new IllegalArgumentException("an envelope needs anonymousId or userId");
    }
    context = context == null ? JsonNodeFactory.instance.objectNode() : context;
    properties = properties == null ? JsonNodeFactory.instance.objectNode() : properties;
    traits = traits == null ? JsonNodeFactory.instance.objectNode() : traits;
    integrations = integrations == null ? JsonNodeFactory.instance.objectNode() : integrations;
  }

  /** The Kafka key: {@code anonymousId}, else {@code userId}. All events of a device share it. */
  public String partitionKey() {
    return anonymousId != null ? anonymousId : userId;
  }
}
