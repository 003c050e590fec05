package io.tidemark.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Validates one raw Segment event and writes its {@link Envelope}: the one code path of the
 * gateway and of replay.
 *
 * <p>Rules (Segment's, see DESIGN.md and FACTS.md), checked in this order, the first failure
 * deciding the code:
 * <ol>
 *   <li>the event is a JSON object ({@code not_an_object});
 *   <li>{@code messageId} is a string ({@code invalid_field}) below 100 characters ({@code
 *       message_id_too_long}); absent or empty, a random UUID is used;
 *   <li>the event is at most {@code maxEventBytes} bytes as sent ({@code event_too_large});
 *   <li>{@code type} is one of track, page, screen, identify, group, alias ({@code missing_type},
 *       {@code invalid_type}); a single-event route implies it;
 *   <li>{@code userId} / {@code anonymousId} are strings or integers ({@code invalid_field}, integers
 *       kept as their decimal text) and one is set ({@code missing_id});
 *   <li>track needs {@code event} ({@code missing_event_name}), group {@code groupId}, alias {@code
 *       previousId}; page/screen {@code name}/{@code category} are strings;
 *   <li>{@code context}, {@code properties}, {@code traits}, {@code integrations} are objects;
 *   <li>{@code timestamp}, {@code originalTimestamp}, {@code sentAt} are ISO-8601 strings with a zone
 *       ({@code invalid_timestamp}).
 * </ol>
 *
 * <p>Event time: the client's time is {@code timestamp}, else {@code originalTimestamp}. With a
 * {@code sentAt} (the event's own, else the batch's), {@code timestamp = receivedAt − (sentAt −
 * client time)}, which removes the device clock's offset; without one (a historical import) the
 * client time is kept; with no client time, {@code receivedAt}. A result after {@code receivedAt}
 * is clamped to it and flagged ({@link Envelope#timestampClamped()}).
 *
 * <p>Cost: the event is scanned once ({@link RawEvent#scan}); its object fields are copied into the
 * envelope as bytes, never parsed into trees, except {@code context} when a batch-level context
 * must be merged into it or its {@code ip} removed. Thread-safe.
 */
public final class Normalizer {
  /** messageId must be shorter than this (Segment's rule). */
  public static final int MAX_MESSAGE_ID_LENGTH = 100;
  private static final long NONE = Long.MIN_VALUE;
  private static final JsonFactory JSON = EventJson.mapper().getFactory();

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
    this.messageIds = Objects.requireNonNull(messageIds, "messageIds");
  }

  public int maxEventBytes() {
    return maxEventBytes;
  }

  /**
   * Normalizes the JSON of one event.
   *
   * @throws java.io.UncheckedIOException wrapping Jackson's exception when it is not valid JSON
   */
  public Normalized normalize(byte[] json, int offset, int length, Receipt receipt) {
    byte[] src = offset == 0 && length == json.length ? json : java.util.Arrays.copyOfRange(json, offset, offset + length);
    return normalize(scan(src), receipt);
  }

  /** Normalizes a tree (its size is that of its compact JSON unless {@code rawBytes} > 0). */
  public Normalized normalize(JsonNode raw, int rawBytes, Receipt receipt) {
    byte[] src;
    try {
      src = EventJson.mapper().writeValueAsBytes(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return normalize(scan(src), rawBytes > 0 ? rawBytes : src.length, new Request(receipt));
  }

  static RawEvent scan(byte[] src) {
    try (JsonParser p = JSON.createParser(src)) {
      p.nextToken();
      RawEvent e = RawEvent.scan(p, src);
      if (p.nextToken() != null) {
        throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected content after the event");
      }
      return e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Normalizes a scanned event. */
  public Normalized normalize(RawEvent raw, Receipt receipt) {
    return normalize(raw, raw.size(), new Request(receipt));
  }

  /**
   * Normalizes a scanned event into an {@link Envelope} without writing its JSON (a replay needs
   * the record, not the Kafka value): the same checks, codes and envelope as {@link
   * #normalize(RawEvent, Receipt)} followed by decoding its JSON ({@link DirectEnvelopes}).
   */
  public Normalized normalizeToEnvelope(RawEvent raw, Receipt receipt) {
    return normalize(raw, raw.size(), new Request(receipt), true);
  }

  /** A context for the events of one request, normalized on the calling thread. */
  public Request request(Receipt receipt) {
    return new Request(receipt);
  }

  /**
   * Normalizes the events of one request: what they share is resolved once, not per event (the
   * batch-level {@code sentAt} parsed, the thread's envelope buffer looked up). Use it on the
   * thread that created it; another thread gets its own buffer, at the per-event cost.
   */
  public final class Request {
    private final Receipt receipt;
    private final long batchSentAt;
    private final String batchSentAtProblem;
    private final Thread owner = Thread.currentThread();
    private final EnvelopeWriter writer = EnvelopeWriter.get();

    private Request(Receipt receipt) {
      this.receipt = Objects.requireNonNull(receipt, "receipt");
      long millis = NONE;
      String problem = null;
      try {
        millis = parseBatchSentAt(receipt.batchSentAt());
      } catch (IllegalArgumentException e) {
        problem = e.getMessage(); // a per-event rejection, for the events without their own sentAt
      }
      this.batchSentAt = millis;
      this.batchSentAtProblem = problem;
    }

    /** Normalizes one scanned event of the request. */
    public Normalized normalize(RawEvent raw) {
      return Normalizer.this.normalize(raw, raw.size(), this);
    }

    private EnvelopeWriter writer() {
      return Thread.currentThread() == owner ? writer.reset() : EnvelopeWriter.get();
    }

    /** The batch-level sentAt in epoch ms, {@link #NONE} when absent; throws when it is invalid. */
    private long batchSentAt() {
      if (batchSentAtProblem != null) {
        throw new IllegalArgumentException(batchSentAtProblem);
      }
      return batchSentAt;
    }
  }

  private Normalized normalize(RawEvent e, int size, Request request) {
    return normalize(e, size, request, false);
  }

  private Normalized normalize(RawEvent e, int size, Request request, boolean direct) {
    Receipt receipt = request.receipt;
    if (!e.isObject) {
      return reject(ErrorCode.NOT_AN_OBJECT, "an event must be a JSON object", null);
    }
    if (e.messageIdProblem != null) {
      return reject(ErrorCode.INVALID_FIELD, e.messageIdProblem, null);
    }
    String messageId = e.messageId;
    if (messageId != null && messageId.length() >= MAX_MESSAGE_ID_LENGTH) {
      return reject(ErrorCode.MESSAGE_ID_TOO_LONG,
          "messageId must be shorter than " + MAX_MESSAGE_ID_LENGTH + " characters, has " + messageId.length(), null);
    }
    if (messageId != null && messageId.isEmpty()) {
      messageId = null;
    }
    if (size > maxEventBytes) {
      return reject(ErrorCode.EVENT_TOO_LARGE, "event is " + size + " bytes, the limit is " + maxEventBytes, messageId);
    }

    EventType type = receipt.impliedType();
    if (type == null) {
      if (e.typeProblem != null) {
        return reject(ErrorCode.INVALID_TYPE,
            "type must be one of track, page, screen, identify, group, alias; got " + e.typeProblem, messageId);
      }
      if (e.type == null) {
        return reject(ErrorCode.MISSING_TYPE, "type is missing", messageId);
      }
      type = EventType.ofWireName(e.type);
      if (type == null) {
        return reject(ErrorCode.INVALID_TYPE, "type must be one of track, page, screen, identify, group, alias; got \""
            + abbreviate(e.type) + "\"", messageId);
      }
    }

    String problem = first(e.anonymousIdProblem, e.userIdProblem);
    if (problem != null) {
      return reject(ErrorCode.INVALID_FIELD, problem, messageId);
    }
    if (e.anonymousId == null && e.userId == null) {
      return reject(ErrorCode.MISSING_ID, "an event needs userId or anonymousId", messageId);
    }
    String event = null;
    String name = null;
    String category = null;
    String groupId = null;
    String previousId = null;
    switch (type) {
      case TRACK:
        if (e.eventProblem != null) {
          return reject(ErrorCode.INVALID_FIELD, e.eventProblem, messageId);
        }
        event = e.event;
        if (event == null || event.isBlank()) {
          return reject(ErrorCode.MISSING_EVENT_NAME, "a track event needs an event name", messageId);
        }
        break;
      case PAGE:
      case SCREEN:
        problem = first(e.nameProblem, e.categoryProblem);
        if (problem != null) {
          return reject(ErrorCode.INVALID_FIELD, problem, messageId);
        }
        name = e.name;
        category = e.category;
        break;
      case GROUP:
        if (e.groupIdProblem != null) {
          return reject(ErrorCode.INVALID_FIELD, e.groupIdProblem, messageId);
        }
        groupId = e.groupId;
        if (groupId == null) {
          return reject(ErrorCode.MISSING_GROUP_ID, "a group event needs groupId", messageId);
        }
        break;
      case ALIAS:
        if (e.previousIdProblem != null) {
          return reject(ErrorCode.INVALID_FIELD, e.previousIdProblem, messageId);
        }
        previousId = e.previousId;
        if (previousId == null) {
          return reject(ErrorCode.MISSING_PREVIOUS_ID, "an alias event needs previousId", messageId);
        }
        break;
      default:
        break;
    }
    problem = first(first(e.context.problem, e.properties.problem), first(e.traits.problem, e.integrations.problem));
    if (problem != null) {
      return reject(ErrorCode.INVALID_FIELD, problem, messageId);
    }

    problem = first(first(e.timestampProblem, e.originalTimestampProblem), e.sentAtProblem);
    if (problem != null) {
      return reject(ErrorCode.INVALID_TIMESTAMP, problem, messageId);
    }
    long clientTime;
    long originalTime;
    long sentAt;
    try {
      clientTime = time(e.timestamp, "timestamp");
      originalTime = time(e.originalTimestamp, "originalTimestamp");
      sentAt = e.sentAt != null ? time(e.sentAt, "sentAt") : request.batchSentAt();
    } catch (IllegalArgumentException ex) {
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
    boolean generatedId = messageId == null;
    if (generatedId) {
      messageId = messageIds.get();
    }

    if (direct) {
      Envelope envelope = DirectEnvelopes.of(e, receipt, messageId, type, event, name, category, groupId, previousId,
          timestamp, client, sentAt, receivedAt, clamped);
      if (envelope != null) {
        return new Normalized.Accepted(envelope, sentAt);
      }
    }
    EnvelopeWriter w = request.writer();
    w.header(messageId, type, event, name, category, e.anonymousId, e.userId, groupId, previousId,
        timestamp, client, sentAt, receivedAt, clamped, receipt.source(), e.plainStrings, e.plainStrings && !generatedId);
    writeContext(w, e, receipt);
    w.properties();
    object(w, e, e.properties);
    if (e.traits.present() && !e.traits.empty) {
      w.traits();
      object(w, e, e.traits);
    }
    w.integrations();
    object(w, e, e.integrations);
    w.end();
    String key = e.anonymousId != null ? e.anonymousId : e.userId;
    return new Normalized.Accepted(w.toByteArray(), key, messageId, sentAt, null);
  }

  private static void object(EnvelopeWriter w, RawEvent e, RawEvent.Slice s) {
    if (s.present()) {
      w.raw(e.src, s.start, s.end, e.multiLine);
    } else {
      w.emptyObject();
    }
  }

  private static void writeContext(EnvelopeWriter w, RawEvent e, Receipt receipt) {
    w.context();
    RawEvent.Slice s = e.context;
    ObjectNode batch = receipt.batchContext();
    boolean merge = batch != null && !batch.isEmpty();
    if (merge || (receipt.stripIp() && e.contextHasIp)) {
      ObjectNode context = s.present() ? parseObject(e.src, s.start, s.end) : JsonNodeFactory.instance.objectNode();
      if (merge) {
        for (Map.Entry<String, JsonNode> f : batch.properties()) {
          if (!context.has(f.getKey())) {
            context.set(f.getKey(), f.getValue());
          }
        }
      }
      if (receipt.stripIp()) {
        context.remove("ip");
      } else if (receipt.clientIp() != null && !context.has("ip")) {
        context.put("ip", receipt.clientIp());
      }
      w.tree(context);
    } else if (receipt.clientIp() != null && !receipt.stripIp() && !e.contextHasIp) {
      w.rawWithIp(e.src, s.start, s.end, s.empty, e.multiLine, receipt.clientIp());
    } else {
      object(w, e, s);
    }
  }

  private static ObjectNode parseObject(byte[] src, int start, int end) {
    try (JsonParser p = JSON.createParser(src, start, end - start)) {
      p.nextToken();
      return (ObjectNode) JsonTrees.read(p);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static long parseBatchSentAt(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return NONE;
    }
    if (!node.isTextual()) {
      throw new IllegalArgumentException("sentAt must be an ISO-8601 string, got " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    return time(node.textValue(), "sentAt");
  }

  private static long time(String text, String field) {
    if (text == null) {
      return NONE;
    }
    try {
      return Timestamps.parse(text);
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException(field + ": " + ex.getMessage());
    }
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
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
}
