package io.tidemark.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Decodes the envelopes {@link EnvelopeWriter} writes without a Jackson tree: one pass over the
 * bytes, the top-level fields decoded, the four objects kept as their text when it is canonical
 * ({@link JsonObject#parse}). Contract: {@link #read} returns null whenever anything is out of the
 * ordinary (whitespace between tokens, an escape in a top-level string, a field of an unexpected
 * type, an unknown field that is not canonical JSON, an envelope the constructor refuses, ...);
 * {@link EventJson#decodeEnvelope} then decodes with Jackson, which decides and words every error.
 * What this accepts, the Jackson path decodes to an equal envelope.
 */
final class EnvelopeReader {
  private static final int ENVELOPE_VERSION = 0;
  private static final int MESSAGE_ID = 1;
  private static final int TYPE = 2;
  private static final int EVENT = 3;
  private static final int NAME = 4;
  private static final int CATEGORY = 5;
  private static final int ANONYMOUS_ID = 6;
  private static final int USER_ID = 7;
  private static final int GROUP_ID = 8;
  private static final int PREVIOUS_ID = 9;
  private static final int TIMESTAMP = 10;
  private static final int ORIGINAL_TIMESTAMP = 11;
  private static final int SENT_AT = 12;
  private static final int RECEIVED_AT = 13;
  private static final int TIMESTAMP_CLAMPED = 14;
  private static final int SOURCE = 15;
  private static final int CONTEXT = 16;
  private static final int PROPERTIES = 17;
  private static final int TRAITS = 18;
  private static final int INTEGRATIONS = 19;
  /** Field names by the constants above, in the order the writer writes them. */
  private static final byte[][] FIELDS = names("envelopeVersion", "messageId", "type", "event", "name", "category",
      "anonymousId", "userId", "groupId", "previousId", "timestamp", "originalTimestamp", "sentAt", "receivedAt",
      "timestampClamped", "source", "context", "properties", "traits", "integrations");

  private EnvelopeReader() {}

  /** The envelope {@code b} holds, or null when Jackson must decide. */
  static Envelope read(byte[] b) {
    try {
      return read(b, b.length);
    } catch (IllegalArgumentException | NullPointerException e) {
      return null; // a bad time, or an envelope the constructor refuses: the Jackson path words it
    }
  }

  private static Envelope read(byte[] b, int n) {
    if (n < 2 || b[0] != '{' || b[n - 1] != '}') {
      return null;
    }
    String[] strings = new String[SOURCE + 1];
    long[] times = {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
    JsonObject[] objects = new JsonObject[4];
    boolean version = false;
    boolean clamped = false;
    int previous = -1;
    int p = 1;
    if (b[p] == '}') {
      return null;
    }
    while (true) {
      if (b[p] != '"') {
        return null;
      }
      int nameEnd = plainStringEnd(b, p, n);
      if (nameEnd < 0 || nameEnd >= n || b[nameEnd] != ':') {
        return null;
      }
      int field = field(b, p + 1, nameEnd - 1, previous + 1);
      previous = field;
      p = nameEnd + 1;
      if (p >= n) {
        return null;
      }
      int end;
      if (field < 0) {
        end = CanonicalJson.valueEnd(b, p, n);
      } else if (field == ENVELOPE_VERSION) {
        end = p + 1;
        version = b[p] == '0' + Envelope.VERSION && end < n && (b[end] == ',' || b[end] == '}');
        if (!version) {
          return null;
        }
      } else if (field <= RECEIVED_AT || field == SOURCE) {
        if (b[p] == 'n') {
          end = CanonicalJson.valueEnd(b, p, n); // null
          if (field < TIMESTAMP || field == SOURCE) {
            strings[field] = null;
          } else {
            times[field - TIMESTAMP] = Long.MIN_VALUE;
          }
        } else {
          end = plainStringEnd(b, p, n);
          if (end < 0) {
            return null;
          }
          String s = new String(b, p + 1, end - p - 2, StandardCharsets.UTF_8);
          if (field < TIMESTAMP || field == SOURCE) {
            strings[field] = s;
          } else {
            times[field - TIMESTAMP] = Timestamps.parse(s);
          }
        }
      } else if (field == TIMESTAMP_CLAMPED) {
        end = CanonicalJson.valueEnd(b, p, n);
        if (b[p] != 't' && b[p] != 'f' && b[p] != 'n') {
          return null;
        }
        clamped = b[p] == 't';
      } else if (b[p] == '{') {
        CanonicalJson.ObjectText canonical = CanonicalJson.object(b, p, n);
        if (canonical != null) {
          end = canonical.end();
          objects[field - CONTEXT] = JsonObject.ofCanonical(b, p, canonical);
        } else {
          end = skipObject(b, p, n);
          if (end < 0) {
            return null;
          }
          objects[field - CONTEXT] = JsonObject.parse(b, p, end);
        }
      } else {
        end = CanonicalJson.valueEnd(b, p, n);
        if (b[p] != 'n') {
          return null; // not an object
        }
        objects[field - CONTEXT] = null;
      }
      if (end < 0 || end >= n) {
        return null;
      }
      if (b[end] == '}') {
        if (end != n - 1) {
          return null;
        }
        break;
      }
      if (b[end] != ',') {
        return null;
      }
      p = end + 1;
    }
    EventType type = strings[TYPE] == null ? null : EventType.ofWireName(strings[TYPE]);
    if (!version || type == null) {
      return null;
    }
    return Envelope.ofJson(strings[MESSAGE_ID], type, strings[EVENT], strings[NAME], strings[CATEGORY],
        strings[ANONYMOUS_ID], strings[USER_ID], strings[GROUP_ID], strings[PREVIOUS_ID],
        instant(times[TIMESTAMP - TIMESTAMP]), instant(times[ORIGINAL_TIMESTAMP - TIMESTAMP]),
        instant(times[SENT_AT - TIMESTAMP]), instant(times[RECEIVED_AT - TIMESTAMP]), clamped, strings[SOURCE],
        objects[CONTEXT - CONTEXT], objects[PROPERTIES - CONTEXT], objects[TRAITS - CONTEXT],
        objects[INTEGRATIONS - CONTEXT]);
  }

  /** The position after the string at {@code b[p]} whose bytes are its value (see {@link CanonicalJson}), or -1. */
  private static int plainStringEnd(byte[] b, int p, int n) {
    return b[p] == '"' ? CanonicalJson.plainStringEnd(b, p, n) : -1;
  }

  /**
   * The end of an object that is not canonical (whitespace, escapes, ...): found by matching
   * brackets outside strings; {@link JsonObject#parse} then validates it with Jackson. -1 when
   * the brackets do not close before {@code n}.
   */
  private static int skipObject(byte[] b, int p, int n) {
    int depth = 0;
    int i = p;
    while (i < n) {
      byte c = b[i];
      if (c == '"') {
        i++;
        while (i < n && b[i] != '"') {
          i += b[i] == '\\' ? 2 : 1;
        }
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) {
          return i + 1;
        }
      }
      i++;
    }
    return -1;
  }

  /**
   * The index of the field named {@code b[from, to)}, or -1; {@code expected} is tried first: in
   * the writer's order the next field is the one after the last.
   */
  private static int field(byte[] b, int from, int to, int expected) {
    if (expected < FIELDS.length && nameIs(b, from, to, FIELDS[expected])) {
      return expected;
    }
    for (int f = 0; f < FIELDS.length; f++) {
      if (nameIs(b, from, to, FIELDS[f])) {
        return f;
      }
    }
    return -1;
  }

  private static boolean nameIs(byte[] b, int from, int to, byte[] name) {
    return name.length == to - from && Arrays.equals(b, from, to, name, 0, name.length);
  }

  private static Instant instant(long millis) {
    return millis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(millis);
  }

  private static byte[][] names(String... names) {
    byte[][] out = new byte[names.length][];
    for (int i = 0; i < names.length; i++) {
      out[i] = names[i].getBytes(StandardCharsets.US_ASCII);
    }
    return out;
  }
}
