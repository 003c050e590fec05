package io.tidemark.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-written scanner for the common {@code /v1/batch} body: {@code {"batch":[{...},...],
 * "writeKey":"...","sentAt":"..."}}, ASCII only, no escapes in the fields it decodes. It yields
 * exactly the {@link RawEvent}s that {@link RawEvent#scan} would, at a fraction of the cost
 * (Jackson decodes and canonicalizes every field name of every nested object it skips).
 *
 * <p>Contract: {@link #scan} returns null whenever anything is out of the ordinary (any byte
 * above 0x7F, an escape in a name or decoded string, a known field of an unexpected type, a
 * batch-level {@code context}, a duplicate {@code batch}, a non-object element, nesting near the
 * limit, more than {@code maxEvents} events, any syntax error, ...). The caller then parses the
 * body with Jackson, which decides and words every error. So what it accepts, Jackson accepts with
 * the same result; it never rejects anything itself. Grammar checks are strict JSON (RFC 8259, as
 * Jackson's defaults: no comments, no trailing commas, no leading zeros).
 */
public final class BatchScanner {
  /** A scanned batch body; {@code sentAt} is null when absent. */
  public record Batch(String writeKey, String sentAt, List<RawEvent> events) {}

  /** Thrown (without a stack trace) to give up; never leaves this class. */
  private static final class GiveUp extends RuntimeException {
    GiveUp() {
      super(null, null, false, false);
    }
  }

  private static final GiveUp GIVE_UP = new GiveUp();
  private static final int MAX_NUMBER_LENGTH = 100;
  private static final int MAX_NAME_LENGTH = 1000;

  private final byte[] b;
  private final int n;
  private final int maxDepth;
  private int i;

  private BatchScanner(byte[] b, int n, int maxDepth) {
    this.b = b;
    this.n = n;
    this.maxDepth = maxDepth;
  }

  /**
   * The body {@code body[0, length)} scanned, or null when Jackson must decide.
   *
   * @param maxDepth the nesting limit Jackson enforces (the body object is depth 1)
   * @param maxEvents the most events a batch may have
   */
  public static Batch scan(byte[] body, int length, int maxDepth, int maxEvents) {
    try {
      return new BatchScanner(body, length, maxDepth).body(maxEvents);
    } catch (GiveUp | ArrayIndexOutOfBoundsException e) {
      return null;
    }
  }

  private Batch body(int maxEvents) {
    ws();
    expect('{');
    String writeKey = null;
    String sentAt = null;
    List<RawEvent> events = null;
    ws();
    if (at() == '}') {
      throw GIVE_UP; // no batch: Jackson's path words the error
    }
    while (true) {
      ws();
      String field = name();
      ws();
      expect(':');
      ws();
      switch (field) {
        case "batch":
          if (events != null || at() != '[') {
            throw GIVE_UP;
          }
          events = batch(maxEvents);
          break;
        case "writeKey":
          if (at() == '"') {
            writeKey = string();
          } else {
            skipValue(1); // Jackson's path ignores a non-string writeKey
          }
          break;
        case "sentAt":
          sentAt = string();
          break;
        case "context":
          throw GIVE_UP; // merged into events as a tree: Jackson's path
        default:
          skipValue(1);
      }
      ws();
      if (at() == ',') {
        i++;
        continue;
      }
      expect('}');
      break;
    }
    ws();
    if (i != n || events == null) {
      throw GIVE_UP;
    }
    return new Batch(writeKey, sentAt, events);
  }

  private List<RawEvent> batch(int maxEvents) {
    checkDepth(2);
    i++; // [
    List<RawEvent> events = new ArrayList<>();
    ws();
    if (at() == ']') {
      i++;
      return events;
    }
    while (true) {
      ws();
      if (at() != '{' || events.size() == maxEvents) {
        throw GIVE_UP;
      }
      events.add(event());
      ws();
      if (at() == ',') {
        i++;
        continue;
      }
      expect(']');
      return events;
    }
  }

  /** One event object, as {@link RawEvent#scan} reads it. */
  private RawEvent event() {
    checkDepth(3);
    RawEvent e = new RawEvent(b, i);
    e.isObject = true;
    i++; // {
    ws();
    if (at() == '}') {
      i++;
    } else {
      while (true) {
        ws();
        String field = name();
        ws();
        expect(':');
        ws();
        field(e, field);
        ws();
        if (at() == ',') {
          i++;
          continue;
        }
        expect('}');
        break;
      }
    }
    e.end = i;
    e.multiLine = hasLineBreak(e.start, e.end);
    return e;
  }

  private void field(RawEvent e, String field) {
    switch (field) {
      case "type" -> { e.type = stringOrNull(); e.typeProblem = null; }
      case "messageId" -> { e.messageId = stringOrNull(); e.messageIdProblem = null; }
      case "anonymousId" -> { e.anonymousId = id(); e.anonymousIdProblem = null; }
      case "userId" -> { e.userId = id(); e.userIdProblem = null; }
      case "groupId" -> { e.groupId = id(); e.groupIdProblem = null; }
      case "previousId" -> { e.previousId = id(); e.previousIdProblem = null; }
      case "event" -> { e.event = stringOrNull(); e.eventProblem = null; }
      case "name" -> { e.name = stringOrNull(); e.nameProblem = null; }
      case "category" -> { e.category = stringOrNull(); e.categoryProblem = null; }
      case "timestamp" -> { e.timestamp = stringOrNull(); e.timestampProblem = null; }
      case "originalTimestamp" -> { e.originalTimestamp = stringOrNull(); e.originalTimestampProblem = null; }
      case "sentAt" -> { e.sentAt = stringOrNull(); e.sentAtProblem = null; }
      case "receivedAt" -> e.receivedAt = stringElseSkip();
      case "writeKey" -> e.writeKey = stringElseSkip();
      case "envelopeVersion" -> {
        e.envelopeVersion = true;
        skipValue(3);
      }
      case "context" -> context(e);
      case "properties" -> object(e.properties);
      case "traits" -> object(e.traits);
      case "integrations" -> object(e.integrations);
      default -> skipValue(3);
    }
  }

  private void context(RawEvent e) {
    e.contextHasIp = false;
    RawEvent.Slice s = e.context;
    if (!isObjectOrNull(s)) {
      return;
    }
    checkDepth(4);
    s.start = i;
    s.end = -1;
    s.problem = null;
    s.empty = true;
    i++; // {
    ws();
    if (at() == '}') {
      i++;
    } else {
      while (true) {
        ws();
        s.empty = false;
        int nameStart = i + 1;
        plainName();
        if (i - nameStart == 3 && b[nameStart] == 'i' && b[nameStart + 1] == 'p') {
          e.contextHasIp = true;
        }
        ws();
        expect(':');
        skipValue(4);
        ws();
        if (at() == ',') {
          i++;
          continue;
        }
        expect('}');
        break;
      }
    }
    s.end = i;
  }

  private void object(RawEvent.Slice s) {
    if (!isObjectOrNull(s)) {
      return;
    }
    s.start = i;
    s.problem = null;
    int open = i;
    skipValue(3);
    int k = open + 1;
    while (isWhitespace(b[k])) {
      k++;
    }
    s.empty = b[k] == '}';
    s.end = i;
  }

  /** True at an object; at null, resets the slice as Jackson's path does and returns false. */
  private boolean isObjectOrNull(RawEvent.Slice s) {
    if (at() == '{') {
      return true;
    }
    literal("null");
    s.start = -1;
    s.end = -1;
    s.empty = true;
    s.problem = null;
    return false;
  }

  private String stringOrNull() {
    if (at() == 'n') {
      literal("null");
      return null;
    }
    return string();
  }

  /** A string id (empty → null) or null; an integer id takes Jackson's path. */
  private String id() {
    String s = stringOrNull();
    return s == null || s.isEmpty() ? null : s;
  }

  private String stringElseSkip() {
    if (at() == '"') {
      return string();
    }
    skipValue(3);
    return null;
  }

  /** A string without escapes, ASCII only. */
  private String string() {
    expect('"');
    int start = i;
    while (true) {
      byte c = b[i];
      if (c == '"') {
        break;
      }
      if (c < 0x20 || c == '\\') { // negative: a byte above 0x7F
        throw GIVE_UP;
      }
      i++;
    }
    String s = new String(b, start, i - start, StandardCharsets.ISO_8859_1);
    i++;
    return s;
  }

  private String name() {
    if (at() != '"') {
      throw GIVE_UP;
    }
    String s = string();
    if (s.length() > MAX_NAME_LENGTH) {
      throw GIVE_UP;
    }
    return s;
  }

  /** A name without escapes, ASCII only, not decoded: {@code i} ends after its closing quote. */
  private void plainName() {
    expect('"');
    int start = i;
    while (true) {
      byte c = b[i];
      if (c == '"') {
        break;
      }
      if (c < 0x20 || c == '\\') { // negative: a byte above 0x7F
        throw GIVE_UP;
      }
      i++;
    }
    if (i - start > MAX_NAME_LENGTH) {
      throw GIVE_UP;
    }
    i++;
  }

  /** A name of a skipped object: validated (escapes allowed), not decoded. */
  private void skipName() {
    if (at() != '"') {
      throw GIVE_UP;
    }
    int start = i;
    skipString();
    if (i - start > MAX_NAME_LENGTH) {
      throw GIVE_UP;
    }
  }

  /** Skips one value at {@code i} (after whitespace) of a container at {@code depth}. */
  private void skipValue(int depth) {
    ws();
    switch (at()) {
      case '{' -> skipObject(depth + 1);
      case '[' -> skipArray(depth + 1);
      case '"' -> skipString();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> number();
    }
  }

  private void skipObject(int depth) {
    checkDepth(depth);
    i++;
    ws();
    if (at() == '}') {
      i++;
      return;
    }
    while (true) {
      ws();
      skipName();
      ws();
      expect(':');
      skipValue(depth);
      ws();
      if (at() == ',') {
        i++;
        continue;
      }
      expect('}');
      return;
    }
  }

  private void skipArray(int depth) {
    checkDepth(depth);
    i++;
    ws();
    if (at() == ']') {
      i++;
      return;
    }
    while (true) {
      skipValue(depth);
      ws();
      if (at() == ',') {
        i++;
        continue;
      }
      expect(']');
      return;
    }
  }

  /** A string with JSON escapes allowed (validated), ASCII only. */
  private void skipString() {
    i++;
    while (true) {
      byte c = b[i++];
      if (c == '"') {
        return;
      }
      if (c < 0x20) { // negative: a byte above 0x7F
        throw GIVE_UP;
      }
      if (c == '\\') {
        byte x = b[i++];
        switch (x) {
          case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> { }
          case 'u' -> {
            for (int k = 0; k < 4; k++) {
              if (Character.digit(b[i++], 16) < 0) {
                throw GIVE_UP;
              }
            }
          }
          default -> throw GIVE_UP;
        }
      }
    }
  }

  /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?} */
  private void number() {
    int start = i;
    if (b[i] == '-') {
      i++;
    }
    if (b[i] == '0') {
      i++;
    } else if (b[i] >= '1' && b[i] <= '9') {
      digits();
    } else {
      throw GIVE_UP;
    }
    if (b[i] == '.') {
      i++;
      digitsRequired();
    }
    if (b[i] == 'e' || b[i] == 'E') {
      i++;
      if (b[i] == '+' || b[i] == '-') {
        i++;
      }
      digitsRequired();
    }
    if (i - start > MAX_NUMBER_LENGTH) {
      throw GIVE_UP;
    }
  }

  private void digitsRequired() {
    if (b[i] < '0' || b[i] > '9') {
      throw GIVE_UP;
    }
    digits();
  }

  private void digits() {
    while (i < n && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
  }

  private void literal(String word) {
    for (int k = 0; k < word.length(); k++) {
      if (b[i++] != word.charAt(k)) {
        throw GIVE_UP;
      }
    }
  }

  private void checkDepth(int depth) {
    if (depth >= maxDepth) {
      throw GIVE_UP; // at or near the limit: Jackson's path enforces it exactly
    }
  }

  private byte at() {
    if (i >= n) {
      throw GIVE_UP;
    }
    return b[i];
  }

  private void expect(char c) {
    if (at() != c) {
      throw GIVE_UP;
    }
    i++;
  }

  private void ws() {
    while (i < n && isWhitespace(b[i])) {
      i++;
    }
  }

  private static boolean isWhitespace(byte c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }

  private boolean hasLineBreak(int from, int to) {
    for (int k = from; k < to; k++) {
      if (b[k] == '\n' || b[k] == '\r') {
        return true;
      }
    }
    return false;
  }
}
