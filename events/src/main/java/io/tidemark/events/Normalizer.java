package io.tidemark.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Validates one raw Segment event and turns it into an {@link Envelope}: the one code path the
 * gateway, replay and tests share.
 *
 * <p>Rules (Segment's, see DESIGN.md and FACTS.md):
 * <ul>
 *   <li>the event is a JSON object of at most {@code maxEventBytes} bytes as sent;
 *   <li>{@code type} is one of track, page, screen, identify, group, alias (a single-event route
 *       implies it);
 *   <li>{@code userId} or {@code anonymousId} is set (strings; integral numbers are accepted and
 *       kept as their decimal text); track needs {@code event}, group {@code groupId}, alias
 *       {@code previousId};
 *   <li>{@code messageId} is a string below 100 characters; absent or empty, a random UUID is used;
 *   <li>{@code timestamp}, {@code originalTimestamp}, {@code sentAt} are ISO-8601 strings with a zone;
 *   <li>{@code context}, {@code properties}, {@code traits}, {@code integrations} are objects.
 * </ul>
 *
 * <p>Event time: the client's time is {@code timestamp}, else {@code originalTimestamp}. With a
 * {@code sentAt} (the event's own, else the batch's), {@code timestamp = receivedAt − (sentAt −
 * client time)}, which removes the device clock's offset; without one (a historical import) the
 * client time is kept; with no client time, {@code receivedAt}. A result after {@code receivedAt}
 * is clamped to it and flagged ({@link Envelope#timestampClamped()}).
 *
 * <p>Thread-safe and allocation-light: no regex, one pass over the fields it needs. It mutates the
 * {@code context} node of the raw event it is given (merging, IP), which callers own.
 */
public final class Normalizer {
  /** messageId must be shorter than this (Segment's rule). */
  public static final int MAX_MESSAGE_ID_LENGTH = 100;

  private final int maxEventBytes;
  private final Supplier<String> messageIds;

  /** A normalizer that fills missing messageIds with random UUIDs. */
  public Normalizer(int maxEventBytes) {
    this(maxEventBytes, Normalizer::randomUuid);
  }

  /** A normalizer with its own source of messageIds for events that carry none (tests). */
  public Normalizer(int maxEventBytes, Supplier<String> messageIds) {
    if (maxEventBytes <= 0) {
      throw new IllegalArgumentException("maxEventBytes must be positive, got " + maxEventBytes);
    }
    this.maxEventBytes = maxEventBytes;
    this.messageIds = java.util.Objects.requireNonNull(messageIds, "messageIds");
  }

  public int maxEventBytes() {
    return maxEventBytes;
  }

  /**
   * Normalizes {@code raw}, whose JSON text was {@code rawBytes} bytes long (pass 0 when unknown
   * to skip the size check).
   */
  public Normalized normalize(JsonNode raw, int rawBytes, Receipt receipt) {
    if (raw == null || !raw.isObject()) {
      return reject(ErrorCode.NOT_AN_OBJECT, "an event must be a JSON object", null);
    }
    ObjectNode e = (ObjectNode) raw;

    // messageId first, so that every later rejection can name it.
    String messageId = null;
    JsonNode mid = e.get("messageId");
    if (mid != null && !mid.isNull()) {
      if (!mid.isTextual()) {
        return reject(ErrorCode.INVALID_FIELD, "messageId must be a string", null);
      }
      String text = mid.textValue();
      if (text.length() >= MAX_MESSAGE_ID_LENGTH) {
        return reject(ErrorCode.MESSAGE_ID_TOO_LONG,
            "messageId must be shorter than " + MAX_MESSAGE_ID_LENGTH + " characters, has " + text.length(), null);
      }
      if (!text.isEmpty()) {
        messageId = text;
      }
    }
    if (rawBytes > maxEventBytes) {
      return reject(ErrorCode.EVENT_TOO_LARGE,
          "event is " + rawBytes + " bytes, the limit is " + maxEventBytes, messageId);
    }

    EventType type = receipt.impliedType();
    if (type == null) {
      JsonNode t = e.get("type");
      if (t == null || t.isNull()) {
        return reject(ErrorCode.MISSING_TYPE, "type is missing", messageId);
      }
      if (!t.isTextual() || (type = EventType.ofWireName(t.textValue())) == null) {
        return reject(ErrorCode.INVALID_TYPE,
            "type must be one of track, page, screen, identify, group, alias; got " + abbreviate(t), messageId);
      }
    }

    String anonymousId;
    String userId;
    try {
      anonymousId = id(e, "anonymousId");
      userId = id(e, "userId");
    } catch (FieldException ex) {
      return reject(ErrorCode.INVALID_FIELD, ex.getMessage(), messageId);
    }
    if (anonymousId == null && userId == null) {
      return reject(ErrorCode.MISSING_ID, "an event needs userId or anonymousId", messageId);
    }

    String event = null;
    String name = null;
    String category = null;
    String groupId = null;
    String previousId = null;
    ObjectNode context;
    ObjectNode properties;
    ObjectNode traits;
    ObjectNode integrations;
    long clientTime;
    long originalTime;
    long sentAt;
    try {
      switch (type) {
        case TRACK:
          event = text(e, "event");
          if (event == null || event.isBlank()) {
            return reject(ErrorCode.MISSING_EVENT_NAME, "a track event needs an event name", messageId);
          }
          break;
        case PAGE:
        case SCREEN:
          name = text(e, "name");
          category = text(e, "category");
          break;
        case GROUP:
          groupId = id(e, "groupId");
          if (groupId == null) {
            return reject(ErrorCode.MISSING_GROUP_ID, "a group event needs groupId", messageId);
          }
          break;
        case ALIAS:
          previousId = id(e, "previousId");
          if (previousId == null) {
            return reject(ErrorCode.MISSING_PREVIOUS_ID, "an alias event needs previousId", messageId);
          }
          break;
        default:
          break;
      }
      context = object(e, "context");
      properties = object(e, "properties");
      traits = object(e, "traits");
      integrations = object(e, "integrations");
    } catch (FieldException ex) {
      return reject(ErrorCode.INVALID_FIELD, ex.getMessage(), messageId);
    }
    try {
      clientTime = time(e.get("timestamp"), "timestamp");
      originalTime = time(e.get("originalTimestamp"), "originalTimestamp");
      JsonNode sent = e.get("sentAt");
      sentAt = sent != null && !sent.isNull() ? time(sent, "sentAt") : time(receipt.batchSentAt(), "sentAt");
    } catch (FieldException ex) {
      return reject(ErrorCode.INVALID_TIMESTAMP, ex.getMessage(), messageId);
    }

    long receivedAt = receipt.receivedAt().toEpochMilli();
    long client = clientTime != NONE ? clientTime : originalTime;
    long timestamp;
    if (client == NONE) {
      timestamp = receivedAt;
    } else if (sentAt != NONE) {
      timestamp = receivedAt - (sentAt - client);
    } else {
      timestamp = client;
    }
    boolean clamped = false;
    if (timestamp > receivedAt) {
      timestamp = receivedAt;
      clamped = true;
    }

    context = mergeContext(context, receipt);
    Instant received = receipt.receivedAt().getNano() % 1_000_000 == 0
        ? receipt.receivedAt()
        : Instant.ofEpochMilli(receivedAt);
    return new Normalized.Accepted(new Envelope(
        messageId != null ? messageId : messageIds.get(),
        type, event, name, category, anonymousId, userId, groupId, previousId,
        Instant.ofEpochMilli(timestamp),
        client == NONE ? null : Instant.ofEpochMilli(client),
        sentAt == NONE ? null : Instant.ofEpochMilli(sentAt),
        received, clamped, receipt.source(), context, properties, traits, integrations));
  }

  private static ObjectNode mergeContext(ObjectNode context, Receipt receipt) {
    ObjectNode batch = receipt.batchContext();
    if (batch != null && !batch.isEmpty()) {
      if (context == null) {
        context = batch.deepCopy();
      } else {
        for (Map.Entry<String, JsonNode> f : batch.properties()) {
          if (!context.has(f.getKey())) {
            context.set(f.getKey(), f.getValue());
          }
        }
      }
    }
    if (receipt.stripIp()) {
      if (context != null) {
        context.remove("ip");
      }
    } else if (receipt.clientIp() != null) {
      if (context == null) {
        context = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
      }
      JsonNode ip = context.get("ip");
      if (ip == null || ip.isNull()) {
        context.put("ip", receipt.clientIp());
      }
    }
    return context;
  }

  private static final long NONE = Long.MIN_VALUE;

  private static long time(JsonNode node, String field) throws FieldException {
    if (node == null || node.isNull()) {
      return NONE;
    }
    if (!node.isTextual()) {
      throw new FieldException(field + " must be an ISO-8601 string, got " + abbreviate(node));
    }
    try {
      return Timestamps.parse(node.textValue());
    } catch (IllegalArgumentException ex) {
      throw new FieldException(field + ": " + ex.getMessage());
    }
  }

  /** A string or integral id; null when absent, null or empty. */
  private static String id(ObjectNode e, String field) throws FieldException {
    JsonNode n = e.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isTextual()) {
      String s = n.textValue();
      return s.isEmpty() ? null : s;
    }
    if (n.isIntegralNumber()) {
      return n.asText();
    }
    throw new FieldException(field + " must be a string, got " + abbreviate(n));
  }

  private static String text(ObjectNode e, String field) throws FieldException {
    JsonNode n = e.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw new FieldException(field + " must be a string, got " + abbreviate(n));
    }
    return n.textValue();
  }

  private static ObjectNode object(ObjectNode e, String field) throws FieldException {
    JsonNode n = e.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      throw new FieldException(field + " must be an object, got " + abbreviate(n));
    }
    return (ObjectNode) n;
  }

  private static String abbreviate(JsonNode n) {
    String kind = n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    if (n.isValueNode()) {
      String s = n.toString();
      return kind + " " + (s.length() > 40 ? s.substring(0, 40) + "..." : s);
    }
    return kind;
  }

  private static Normalized reject(ErrorCode code, String message, String messageId) {
    return new Normalized.Rejected(code, message, messageId);
  }

  private static String randomUuid() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (r.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new UUID(msb, lsb).toString();
  }

  /** A field problem; no stack trace: it is an expected outcome, not a bug. */
  private static final class FieldException extends Exception {
    FieldException(String message) {
      super(message, null, false, false);
    }
  }
}
