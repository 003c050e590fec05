package io.tidemark.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * One event as sent, scanned once by a streaming parser: its top-level scalar fields decoded, its
 * object fields ({@code context}, {@code properties}, {@code traits}, {@code integrations}) kept as
 * byte ranges of the source and never turned into trees. {@link Normalizer} validates it and writes
 * the envelope by copying those ranges, which is what keeps the gateway's per-event cost low.
 *
 * <p>Holds a reference to the source bytes: do not reuse them while the event is alive.
 */
public final class RawEvent {
  final byte[] src;
  final int start;
  int end;
  boolean isObject;
  boolean multiLine;
  /**
   * Every decoded string field is printable ASCII without escapes, as the batch scanner reads
   * them: the envelope writer copies them as bytes instead of encoding them.
   */
  boolean plainStrings;

  String type;
  String typeProblem;
  String messageId;
  String messageIdProblem;
  String anonymousId;
  String anonymousIdProblem;
  String userId;
  String userIdProblem;
  String event;
  String eventProblem;
  String name;
  String nameProblem;
  String category;
  String categoryProblem;
  String groupId;
  String groupIdProblem;
  String previousId;
  String previousIdProblem;
  String timestamp;
  String timestampProblem;
  String originalTimestamp;
  String originalTimestampProblem;
  String sentAt;
  String sentAtProblem;
  String receivedAt;
  String writeKey;
  boolean envelopeVersion;

  final Slice context = new Slice("context");
  final Slice properties = new Slice("properties");
  final Slice traits = new Slice("traits");
  final Slice integrations = new Slice("integrations");
  /** Whether {@code context} has a top-level {@code ip} key. */
  boolean contextHasIp;

  /** A JSON object of the event, as a byte range of the source, or absent. */
  static final class Slice {
    final String field;
    int start = -1;
    int end = -1;
    boolean empty = true;
    String problem;

    Slice(String field) {
      this.field = field;
    }

    boolean present() {
      return start >= 0;
    }
  }

  RawEvent(byte[] src, int start) {
    this.src = src;
    this.start = start;
  }

  /** The bytes of the whole event as sent. */
  public int start() {
    return start;
  }

  public int end() {
    return end;
  }

  public int size() {
    return end - start;
  }

  /** The event's JSON text as sent. */
  public String text() {
    return new String(src, start, end - start, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The {@code writeKey} field (sendBeacon puts the key in the body), or null. */
  public String writeKey() {
    return writeKey;
  }

  /** The event's {@code messageId} when it is a usable string, else null. */
  public String messageId() {
    return messageId != null && !messageId.isEmpty() && messageId.length() < Normalizer.MAX_MESSAGE_ID_LENGTH
        ? messageId : null;
  }

  /** True when the value carries {@code envelopeVersion}: an envelope, not a raw event. */
  public boolean isEnvelope() {
    return envelopeVersion;
  }

  /**
   * Scans the value at the parser's current token (which must be set) over {@code src}, the bytes
   * the parser reads (from offset 0). Leaves the parser on the value's last token.
   */
  public static RawEvent scan(JsonParser p, byte[] src) throws IOException {
    JsonToken t = p.currentToken();
    RawEvent e = new RawEvent(src, (int) p.currentTokenLocation().getByteOffset());
    int line = p.currentTokenLocation().getLineNr();
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      e.end = (int) p.currentLocation().getByteOffset();
      return e;
    }
    e.isObject = true;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      t = p.nextToken();
      switch (field) {
        case "type":
          if (t == JsonToken.VALUE_STRING) {
            e.type = p.getText();
            e.typeProblem = null;
          } else {
            e.type = null;
            e.typeProblem = t == JsonToken.VALUE_NULL ? null : describe(p, t);
            p.skipChildren();
          }
          break;
        case "messageId":
          e.messageId = string(p, t);
          e.messageIdProblem = problem(p, t, "messageId", false);
          break;
        case "anonymousId":
          e.anonymousId = id(p, t);
          e.anonymousIdProblem = problem(p, t, "anonymousId", true);
          break;
        case "userId":
          e.userId = id(p, t);
          e.userIdProblem = problem(p, t, "userId", true);
          break;
        case "groupId":
          e.groupId = id(p, t);
          e.groupIdProblem = problem(p, t, "groupId", true);
          break;
        case "previousId":
          e.previousId = id(p, t);
          e.previousIdProblem = problem(p, t, "previousId", true);
          break;
        case "event":
          e.event = string(p, t);
          e.eventProblem = problem(p, t, "event", false);
          break;
        case "name":
          e.name = string(p, t);
          e.nameProblem = problem(p, t, "name", false);
          break;
        case "category":
          e.category = string(p, t);
          e.categoryProblem = problem(p, t, "category", false);
          break;
        case "timestamp":
          e.timestamp = string(p, t);
          e.timestampProblem = timeProblem(p, t, "timestamp");
          break;
        case "originalTimestamp":
          e.originalTimestamp = string(p, t);
          e.originalTimestampProblem = timeProblem(p, t, "originalTimestamp");
          break;
        case "sentAt":
          e.sentAt = string(p, t);
          e.sentAtProblem = timeProblem(p, t, "sentAt");
          break;
        case "receivedAt":
          e.receivedAt = string(p, t);
          p.skipChildren();
          break;
        case "writeKey":
          e.writeKey = string(p, t);
          p.skipChildren();
          break;
        case "envelopeVersion":
          e.envelopeVersion = true;
          p.skipChildren();
          break;
        case "context":
          e.contextHasIp = false;
          if (t == JsonToken.START_OBJECT) {
            Slice s = e.context;
            s.start = (int) p.currentTokenLocation().getByteOffset();
            s.problem = null;
            s.empty = true;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              s.empty = false;
              if ("ip".equals(p.currentName())) {
                e.contextHasIp = true;
              }
              p.nextToken();
              p.skipChildren();
            }
            s.end = (int) p.currentLocation().getByteOffset();
          } else {
            object(p, t, e.context);
          }
          break;
        case "properties":
          object(p, t, e.properties);
          break;
        case "traits":
          object(p, t, e.traits);
          break;
        case "integrations":
          object(p, t, e.integrations);
          break;
        default:
          p.skipChildren();
      }
    }
    e.end = (int) p.currentLocation().getByteOffset();
    e.multiLine = p.currentLocation().getLineNr() != line;
    return e;
  }

  private static void object(JsonParser p, JsonToken t, Slice s) throws IOException {
    s.start = -1;
    s.end = -1;
    s.empty = true;
    s.problem = null;
    if (t == JsonToken.START_OBJECT) {
      s.start = (int) p.currentTokenLocation().getByteOffset();
      s.empty = p.nextToken() == JsonToken.END_OBJECT;
      if (!s.empty) {
        // on the first field name: skip its value, then the remaining fields
        p.nextToken();
        p.skipChildren();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          p.nextToken();
          p.skipChildren();
        }
      }
      s.end = (int) p.currentLocation().getByteOffset();
    } else if (t != JsonToken.VALUE_NULL) {
      s.problem = s.field + " must be an object, got " + describe(p, t);
      p.skipChildren();
    }
  }

  private static String string(JsonParser p, JsonToken t) throws IOException {
    return t == JsonToken.VALUE_STRING ? p.getText() : null;
  }

  /** A string, or the decimal text of an integer; null for JSON null, empty strings and other types. */
  private static String id(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT) {
      String s = p.getText();
      return s.isEmpty() ? null : s;
    }
    return null;
  }

  private static String problem(JsonParser p, JsonToken t, String field, boolean integersAllowed) throws IOException {
    if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NULL || (integersAllowed && t == JsonToken.VALUE_NUMBER_INT)) {
      return null;
    }
    String d = describe(p, t);
    p.skipChildren();
    return field + " must be a string, got " + d;
  }

  private static String timeProblem(JsonParser p, JsonToken t, String field) throws IOException {
    if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NULL) {
      return null;
    }
    String d = describe(p, t);
    p.skipChildren();
    return field + " must be an ISO-8601 string, got " + d;
  }

  private static String describe(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT: return "object";
      case START_ARRAY: return "array";
      case VALUE_TRUE: case VALUE_FALSE: return "boolean " + p.getText();
      case VALUE_NUMBER_INT: case VALUE_NUMBER_FLOAT: {
        String s = p.getText();
        return "number " + (s.length() > 40 ? s.substring(0, 40) + "..." : s);
      }
      case VALUE_STRING: {
        String s = p.getText();
        return "string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
      }
      case VALUE_NULL: return "null";
      default: return t.name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
