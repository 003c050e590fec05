package io.tidemark.events;

import static io.tidemark.events.JsonBytes.GIVE_UP;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A hand-written scanner for the common {@code /v1/batch} body: {@code {"batch":[{...},...],
 * "writeKey":"...","sentAt":"..."}}, ASCII only, no escapes in the fields it decodes. It yields
 * exactly the {@link RawEvent}s that {@link RawEvent#scan} would, at a fraction of the cost
 * (Jackson decodes and canonicalizes every field name of every nested object it skips), and vouches
 * for their strings ({@link RawEvent#plainStrings}) so that envelopes copy them as bytes.
 *
 * <p>Contract: {@link #scan} returns null whenever anything is out of the ordinary (any byte
 * above 0x7F, a line break before the body's end, an escape in a name or decoded string, a known field of an unexpected type, a
 * batch-level {@code context}, a duplicate {@code batch}, a non-object element, nesting near the
 * limit, more than {@code maxEvents} events, any syntax error, ...). The caller then parses the
 * body with Jackson, which decides and words every error. So what it accepts, Jackson accepts with
 * the same result; it never rejects anything itself. Grammar checks are strict JSON (RFC 8259, as
 * Jackson's defaults: no comments, no trailing commas, no leading zeros).
 */
public final class BatchScanner {
  /** A scanned batch body; {@code sentAt} is null when absent. */
  public record Batch(String writeKey, String sentAt, List<RawEvent> events) {}

  private final byte[] b;
  private final int n;
  private final int maxDepth;
  private int i;
  /** The previous event's {@code context} object, {@code [start, end)} of {@code b}, once one was scanned. */
  private int previousContextStart;
  private int previousContextEnd;
  private boolean previousContextEmpty;
  private boolean previousContextHasIp;

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
    } catch (JsonBytes.GiveUp | ArrayIndexOutOfBoundsException e) {
      return null;
    }
  }

  /**
   * One event object on its own, {@code src[0, length)} (a line of a log file, blanks and line
   * breaks allowed around it), or null when Jackson must decide: the same contract as {@link #scan},
   * for what {@link RawEvent#scan} reads of a parser over the same bytes.
   *
   * @param maxDepth the nesting limit Jackson enforces (the event object is depth 1; the scanner
   *     counts it as the depth it has in a batch body, so it gives up two levels early)
   */
  public static RawEvent scanEvent(byte[] src, int length, int maxDepth) {
    try {
      BatchScanner s = new BatchScanner(src, length, maxDepth);
      s.i = JsonBytes.wsAndLineBreaks(src, 0, length);
      if (s.at() != '{') {
        return null;
      }
      RawEvent e = s.event();
      return JsonBytes.wsAndLineBreaks(src, s.i, length) == length ? e : null;
    } catch (JsonBytes.GiveUp | ArrayIndexOutOfBoundsException e) {
      return null;
    }
  }

  // Field names, matched as bytes (no String per name).
  private static final byte[] BATCH = ascii("batch");
  private static final byte[] WRITE_KEY = ascii("writeKey");
  private static final byte[] SENT_AT = ascii("sentAt");
  private static final byte[] CONTEXT = ascii("context");

  private static final int OTHER = -1;
  private static final int TYPE = 0;
  private static final int MESSAGE_ID = 1;
  private static final int ANONYMOUS_ID = 2;
  private static final int USER_ID = 3;
  private static final int GROUP_ID = 4;
  private static final int PREVIOUS_ID = 5;
  private static final int EVENT = 6;
  private static final int NAME = 7;
  private static final int CATEGORY = 8;
  private static final int TIMESTAMP = 9;
  private static final int ORIGINAL_TIMESTAMP = 10;
  private static final int EVENT_SENT_AT = 11;
  private static final int RECEIVED_AT = 12;
  private static final int EVENT_WRITE_KEY = 13;
  private static final int ENVELOPE_VERSION = 14;
  private static final int EVENT_CONTEXT = 15;
  private static final int PROPERTIES = 16;
  private static final int TRAITS = 17;
  private static final int INTEGRATIONS = 18;
  /** The event fields {@link RawEvent#scan} reads, indexed by the constants above. */
  private static final byte[][] EVENT_FIELDS = {
      ascii("type"), ascii("messageId"), ascii("anonymousId"), ascii("userId"), ascii("groupId"),
      ascii("previousId"), ascii("event"), ascii("name"), ascii("category"), ascii("timestamp"),
      ascii("originalTimestamp"), ascii("sentAt"), ascii("receivedAt"), ascii("writeKey"),
      ascii("envelopeVersion"), ascii("context"), ascii("properties"), ascii("traits"), ascii("integrations")};
  private static final byte[][] TYPE_NAMES = new byte[EventType.values().length][];

  static {
    for (EventType t : EventType.values()) {
      TYPE_NAMES[t.ordinal()] = ascii(t.wireName());
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private Batch body(int maxEvents) {
    i = JsonBytes.wsAndLineBreaks(b, 0, n); // outside every event: line breaks do no harm here
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
      int nameStart = i + 1;
      int nameLength = plainName();
      ws();
      expect(':');
      ws();
      if (JsonBytes.regionIs(b, nameStart, nameLength, BATCH)) {
        if (events != null || at() != '[') {
          throw GIVE_UP;
        }
        events = batch(maxEvents);
      } else if (JsonBytes.regionIs(b, nameStart, nameLength, WRITE_KEY)) {
        if (at() == '"') {
          writeKey = string();
        } else {
          skipValue(1); // Jackson's path ignores a non-string writeKey
        }
      } else if (JsonBytes.regionIs(b, nameStart, nameLength, SENT_AT)) {
        sentAt = string();
      } else if (JsonBytes.regionIs(b, nameStart, nameLength, CONTEXT)) {
        throw GIVE_UP; // merged into events as a tree: Jackson's path
      } else {
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
    i = JsonBytes.wsAndLineBreaks(b, i, n); // a body may end with a line break (outside every event)
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
    e.plainStrings = true; // string() and typeOrNull() give up on anything else
    i++; // {
    ws();
    if (at() == '}') {
      i++;
    } else {
      while (true) {
        ws();
        int nameStart = i + 1;
        int field = eventField(nameStart, plainName());
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
    // e.multiLine stays false: the scanner gives up on line breaks (JsonBytes.ws), so there are none.
    return e;
  }

  private int eventField(int start, int length) {
    for (int k = 0; k < EVENT_FIELDS.length; k++) {
      if (JsonBytes.regionIs(b, start, length, EVENT_FIELDS[k])) {
        return k;
      }
    }
    return OTHER;
  }

  private void field(RawEvent e, int field) {
    switch (field) {
      case TYPE -> { e.type = typeOrNull(); e.typeProblem = null; }
      case MESSAGE_ID -> { e.messageId = stringOrNull(); e.messageIdProblem = null; }
      case ANONYMOUS_ID -> { e.anonymousId = id(); e.anonymousIdProblem = null; }
      case USER_ID -> { e.userId = id(); e.userIdProblem = null; }
      case GROUP_ID -> { e.groupId = id(); e.groupIdProblem = null; }
      case PREVIOUS_ID -> { e.previousId = id(); e.previousIdProblem = null; }
      case EVENT -> { e.event = stringOrNull(); e.eventProblem = null; }
      case NAME -> { e.name = stringOrNull(); e.nameProblem = null; }
      case CATEGORY -> { e.category = stringOrNull(); e.categoryProblem = null; }
      case TIMESTAMP -> { e.timestamp = stringOrNull(); e.timestampProblem = null; }
      case ORIGINAL_TIMESTAMP -> { e.originalTimestamp = stringOrNull(); e.originalTimestampProblem = null; }
      case EVENT_SENT_AT -> { e.sentAt = stringOrNull(); e.sentAtProblem = null; }
      case RECEIVED_AT -> e.receivedAt = stringElseSkip();
      case EVENT_WRITE_KEY -> e.writeKey = stringElseSkip();
      case ENVELOPE_VERSION -> {
        e.envelopeVersion = true;
        skipValue(3);
      }
      case EVENT_CONTEXT -> context(e);
      case PROPERTIES -> object(e.properties);
      case TRAITS -> object(e.traits);
      case INTEGRATIONS -> object(e.integrations);
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
    if (sameAsPreviousContext()) {
      s.end = i;
      s.empty = previousContextEmpty;
      e.contextHasIp = previousContextHasIp;
      return;
    }
    int start = i;
    i++; // {
    ws();
    if (at() == '}') {
      i++;
    } else {
      while (true) {
        ws();
        s.empty = false;
        int nameStart = i + 1;
        if (plainName() == 2 && b[nameStart] == 'i' && b[nameStart + 1] == 'p') {
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
    previousContextStart = start;
    previousContextEnd = i;
    previousContextEmpty = s.empty;
    previousContextHasIp = e.contextHasIp;
  }

  /**
   * Whether the bytes at {@code i} repeat the previous event's {@code context} object; if so, moves
   * {@code i} past them. Sound because a JSON value's extent and validity follow from its bytes
   * alone: bytes that this scanner accepted as a whole object at the same depth are that object
   * again, wherever they stand. One device's batch repeats its context in every event (client
   * SDKs queue one device's events), so all but the first cost one comparison instead of a scan; a
   * different context usually differs within its first few dozen bytes.
   */
  private boolean sameAsPreviousContext() {
    int length = previousContextEnd - previousContextStart;
    if (length <= 0 || i + length > n
        || !Arrays.equals(b, i, i + length, b, previousContextStart, previousContextEnd)) {
      return false;
    }
    i += length;
    return true;
  }

  private void object(RawEvent.Slice s) {
    if (!isObjectOrNull(s)) {
      return;
    }
    s.start = i;
    s.problem = null;
    int open = i;
    skipValue(3);
    s.empty = b[JsonBytes.ws(b, open + 1, n)] == '}';
    s.end = i;
  }

  /** True at an object; at null, resets the slice as Jackson's path does and returns false. */
  private boolean isObjectOrNull(RawEvent.Slice s) {
    if (at() == '{') {
      return true;
    }
    i = JsonBytes.literal(b, i, JsonBytes.NULL);
    s.start = -1;
    s.end = -1;
    s.empty = true;
    s.problem = null;
    return false;
  }

  private String stringOrNull() {
    if (at() == 'n') {
      i = JsonBytes.literal(b, i, JsonBytes.NULL);
      return null;
    }
    return string();
  }

  /** Like {@link #stringOrNull}, with the known types as their constant wire names. */
  private String typeOrNull() {
    if (at() == 'n') {
      i = JsonBytes.literal(b, i, JsonBytes.NULL);
      return null;
    }
    expect('"');
    int start = i;
    int end = JsonBytes.plainStringEnd(b, start);
    i = end + 1;
    for (EventType t : EventType.values()) {
      if (JsonBytes.regionIs(b, start, end - start, TYPE_NAMES[t.ordinal()])) {
        return t.wireName();
      }
    }
    return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
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
    int end = JsonBytes.plainStringEnd(b, start);
    i = end + 1;
    return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
  }

  /**
   * A name without escapes, ASCII only, not decoded: returns its length; {@code i} ends after its
   * closing quote.
   */
  private int plainName() {
    expect('"');
    int start = i;
    int end = JsonBytes.plainStringEnd(b, start);
    if (end - start > JsonBytes.MAX_NAME_LENGTH) {
      throw GIVE_UP;
    }
    i = end + 1;
    return end - start;
  }

  /** Skips one value at {@code i} (after whitespace) of a container at {@code depth}. */
  private void skipValue(int depth) {
    i = JsonBytes.skipValue(b, i, n, depth, maxDepth);
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
    i = JsonBytes.expect(b, i, n, c);
  }

  private void ws() {
    i = JsonBytes.ws(b, i, n);
  }
}
