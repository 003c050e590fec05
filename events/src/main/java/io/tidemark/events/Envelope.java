package io.tidemark.events;

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
 * are never null (empty when absent) and are shared, not copied: treat them as read-only. Each is
 * a {@link JsonObject}: an envelope decoded from JSON keeps their canonical text and parses a tree
 * only when {@link #context()} (etc.) is first called; {@link #contextJson()} (etc.) give the text
 * and {@link JsonObject#scalarText} a nested value without a tree.
 *
 * <p>A value class with a record's contract (accessors named after the components, equality of
 * all components, the JSON objects compared as trees); not a record because the trees are made
 * lazily.
 *
 * <p>The components:
 *
 * <ul>
 *   <li>{@code messageId}: the client's id, or one the gateway generated; below 100 characters
 *   <li>{@code type}: the call type
 *   <li>{@code event}: the event name of a {@code track}, else null
 *   <li>{@code name}: the page or screen name of a {@code page}/{@code screen}, else null
 *   <li>{@code category}: the page category of a {@code page}, else null
 *   <li>{@code anonymousId}: the device/browser id, or null
 *   <li>{@code userId}: the known user id, or null (at least one of the two ids is set)
 *   <li>{@code groupId}: the group of a {@code group} call, else null
 *   <li>{@code previousId}: the previous id of an {@code alias} call, else null
 *   <li>{@code timestamp}: the event time, corrected
 *   <li>{@code originalTimestamp}: the client's own time of the event, as sent, or null
 *   <li>{@code sentAt}: the client's time when it sent the event, or null
 *   <li>{@code receivedAt}: the gateway's time when the request arrived
 *   <li>{@code timestampClamped}: true when the corrected time lay after receivedAt and was clamped to it
 *   <li>{@code source}: the source id the write key maps to
 * </ul>
 */
public final class Envelope {

  /** Version of the envelope's JSON layout, written as {@code envelopeVersion}. */
  public static final int VERSION = 1;

  private final String messageId;
  private final EventType type;
  private final String event;
  private final String name;
  private final String category;
  private final String anonymousId;
  private final String userId;
  private final String groupId;
  private final String previousId;
  private final Instant timestamp;
  private final Instant originalTimestamp;
  private final Instant sentAt;
  private final Instant receivedAt;
  private final boolean timestampClamped;
  private final String source;
  private final JsonObject context;
  private final JsonObject properties;
  private final JsonObject traits;
  private final JsonObject integrations;

  /** An envelope of trees; null objects are empty. */
  public Envelope(
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
    this(messageId, type, event, name, category, anonymousId, userId, groupId, previousId, timestamp,
        originalTimestamp, sentAt, receivedAt, timestampClamped, source, JsonObject.of(context),
        JsonObject.of(properties), JsonObject.of(traits), JsonObject.of(integrations));
  }

  private Envelope(String messageId, EventType type, String event, String name, String category,
      String anonymousId, String userId, String groupId, String previousId, Instant timestamp,
      Instant originalTimestamp, Instant sentAt, Instant receivedAt, boolean timestampClamped, String source,
      JsonObject context, JsonObject properties, JsonObject traits, JsonObject integrations) {
    this.messageId = Objects.requireNonNull(messageId, "messageId");
    this.type = Objects.requireNonNull(type, "type");
    this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
    this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
    this.source = Objects.requireNonNull(source, "source");
    if (anonymousId == null && userId == null) {
      throw new IllegalArgumentException("an envelope needs anonymousId or userId");
    }
    this.event = event;
    this.name = name;
    this.category = category;
    this.anonymousId = anonymousId;
    this.userId = userId;
    this.groupId = groupId;
    this.previousId = previousId;
    this.originalTimestamp = originalTimestamp;
    this.sentAt = sentAt;
    this.timestampClamped = timestampClamped;
    this.context = context == null ? JsonObject.EMPTY : context;
    this.properties = properties == null ? JsonObject.EMPTY : properties;
    this.traits = traits == null ? JsonObject.EMPTY : traits;
    this.integrations = integrations == null ? JsonObject.EMPTY : integrations;
  }

  /** An envelope of {@link JsonObject}s (text or trees); null objects are empty. */
  public static Envelope ofJson(String messageId, EventType type, String event, String name, String category,
      String anonymousId, String userId, String groupId, String previousId, Instant timestamp,
      Instant originalTimestamp, Instant sentAt, Instant receivedAt, boolean timestampClamped, String source,
      JsonObject context, JsonObject properties, JsonObject traits, JsonObject integrations) {
    return new Envelope(messageId, type, event, name, category, anonymousId, userId, groupId, previousId, timestamp,
        originalTimestamp, sentAt, receivedAt, timestampClamped, source, context, properties, traits, integrations);
  }

  /** The Kafka key: {@code anonymousId}, else {@code userId}. All events of a device share it. */
  public String partitionKey() {
    return anonymousId != null ? anonymousId : userId;
  }

  public String messageId() {
    return messageId;
  }

  public EventType type() {
    return type;
  }

  public String event() {
    return event;
  }

  public String name() {
    return name;
  }

  public String category() {
    return category;
  }

  public String anonymousId() {
    return anonymousId;
  }

  public String userId() {
    return userId;
  }

  public String groupId() {
    return groupId;
  }

  public String previousId() {
    return previousId;
  }

  public Instant timestamp() {
    return timestamp;
  }

  public Instant originalTimestamp() {
    return originalTimestamp;
  }

  public Instant sentAt() {
    return sentAt;
  }

  public Instant receivedAt() {
    return receivedAt;
  }

  public boolean timestampClamped() {
    return timestampClamped;
  }

  public String source() {
    return source;
  }

  /** The context as a tree (parsed on first use; read-only). */
  public ObjectNode context() {
    return context.tree();
  }

  /** The properties as a tree (parsed on first use; read-only). */
  public ObjectNode properties() {
    return properties.tree();
  }

  /** The traits as a tree (parsed on first use; read-only). */
  public ObjectNode traits() {
    return traits.tree();
  }

  /** The integrations as a tree (parsed on first use; read-only). */
  public ObjectNode integrations() {
    return integrations.tree();
  }

  public JsonObject contextJson() {
    return context;
  }

  public JsonObject propertiesJson() {
    return properties;
  }

  public JsonObject traitsJson() {
    return traits;
  }

  public JsonObject integrationsJson() {
    return integrations;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof Envelope e
        && timestampClamped == e.timestampClamped
        && messageId.equals(e.messageId)
        && type == e.type
        && Objects.equals(event, e.event)
        && Objects.equals(name, e.name)
        && Objects.equals(category, e.category)
        && Objects.equals(anonymousId, e.anonymousId)
        && Objects.equals(userId, e.userId)
        && Objects.equals(groupId, e.groupId)
        && Objects.equals(previousId, e.previousId)
        && timestamp.equals(e.timestamp)
        && Objects.equals(originalTimestamp, e.originalTimestamp)
        && Objects.equals(sentAt, e.sentAt)
        && receivedAt.equals(e.receivedAt)
        && source.equals(e.source)
        && context.equals(e.context)
        && properties.equals(e.properties)
        && traits.equals(e.traits)
        && integrations.equals(e.integrations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(messageId, type, event, name, category, anonymousId, userId, groupId, previousId, timestamp,
        originalTimestamp, sentAt, receivedAt, timestampClamped, source, context, properties, traits, integrations);
  }

  @Override
  public String toString() {
    return "Envelope[messageId=" + messageId + ", type=" + type + ", event=" + event + ", name=" + name
        + ", category=" + category + ", anonymousId=" + anonymousId + ", userId=" + userId + ", groupId=" + groupId
        + ", previousId=" + previousId + ", timestamp=" + timestamp + ", originalTimestamp=" + originalTimestamp
        + ", sentAt=" + sentAt + ", receivedAt=" + receivedAt + ", timestampClamped=" + timestampClamped
        + ", source=" + source + ", context=" + context + ", properties=" + properties + ", traits=" + traits
        + ", integrations=" + integrations + "]";
  }
}
