package io.tidemark.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Writes envelopes as UTF-8 JSON into a reusable per-thread buffer: the layout of {@link EventJson}
 * in one place, for envelopes normalized from raw bytes (object fields copied as byte ranges) and
 * for {@link Envelope} records (object fields written from trees).
 */
final class EnvelopeWriter extends OutputStream {
  private static final ThreadLocal<EnvelopeWriter> WRITERS = ThreadLocal.withInitial(EnvelopeWriter::new);
  private static final JsonFactory JSON = new JsonFactory();
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private byte[] buf = new byte[2048];
  private int len;

  /** The calling thread's writer, emptied. */
  static EnvelopeWriter get() {
    return WRITERS.get().reset();
  }

  /** Empties this writer for the next envelope; only on the thread it belongs to. */
  EnvelopeWriter reset() {
    len = 0;
    if (buf.length > 1 << 20) {
      buf = new byte[2048]; // do not pin a huge buffer to the thread
    }
    return this;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  /**
   * Everything up to and including {@code source}, after the opening brace.
   *
   * @param plainStrings the strings from {@code event} to {@code previousId} are printable ASCII
   *     without quotes or backslashes ({@link RawEvent#plainStrings}): copied, not encoded
   * @param plainMessageId the same for {@code messageId}
   */
  void header(String messageId, EventType type, String event, String name, String category, String anonymousId,
      String userId, String groupId, String previousId, long timestamp, long originalTimestamp, long sentAt,
      long receivedAt, boolean clamped, String source, boolean plainStrings, boolean plainMessageId) {
    bytes(OPEN);
    if (plainMessageId) {
      plainString(messageId);
    } else {
      string(messageId);
    }
    bytes(TYPES[type.ordinal()]);
    optional(EVENT, event, plainStrings);
    optional(NAME, name, plainStrings);
    optional(CATEGORY, category, plainStrings);
    optional(ANONYMOUS_ID, anonymousId, plainStrings);
    optional(USER_ID, userId, plainStrings);
    optional(GROUP_ID, groupId, plainStrings);
    optional(PREVIOUS_ID, previousId, plainStrings);
    time(TIMESTAMP, 0, timestamp);
    if (originalTimestamp != Long.MIN_VALUE) {
      time(ORIGINAL_TIMESTAMP, 1, originalTimestamp);
    }
    if (sentAt != Long.MIN_VALUE) {
      time(SENT_AT, 2, sentAt);
    }
    time(RECEIVED_AT, 3, receivedAt);
    if (clamped) {
      bytes(CLAMPED);
    }
    bytes(SOURCE);
    string(source);
  }

  private static final byte[] OPEN = ascii2("{\"envelopeVersion\":" + Envelope.VERSION + ",\"messageId\":");
  private static final byte[][] TYPES = new byte[EventType.values().length][];
  private static final byte[] EVENT = ascii2(",\"event\":");
  private static final byte[] NAME = ascii2(",\"name\":");
  private static final byte[] CATEGORY = ascii2(",\"category\":");
  private static final byte[] ANONYMOUS_ID = ascii2(",\"anonymousId\":");
  private static final byte[] USER_ID = ascii2(",\"userId\":");
  private static final byte[] GROUP_ID = ascii2(",\"groupId\":");
  private static final byte[] PREVIOUS_ID = ascii2(",\"previousId\":");
  private static final byte[] TIMESTAMP = ascii2(",\"timestamp\":\"");
  private static final byte[] ORIGINAL_TIMESTAMP = ascii2(",\"originalTimestamp\":\"");
  private static final byte[] SENT_AT = ascii2(",\"sentAt\":\"");
  private static final byte[] RECEIVED_AT = ascii2(",\"receivedAt\":\"");
  private static final byte[] CLAMPED = ascii2(",\"timestampClamped\":true");
  private static final byte[] SOURCE = ascii2(",\"source\":");
  private static final byte[] CONTEXT = ascii2(",\"context\":");
  private static final byte[] PROPERTIES = ascii2(",\"properties\":");
  private static final byte[] TRAITS = ascii2(",\"traits\":");
  private static final byte[] INTEGRATIONS = ascii2(",\"integrations\":");
  private static final byte[] EMPTY = ascii2("{}");

  static {
    for (EventType t : EventType.values()) {
      TYPES[t.ordinal()] = ascii2(",\"type\":\"" + t.wireName() + "\"");
    }
  }

  private static byte[] ascii2(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  void context() {
    bytes(CONTEXT);
  }

  void properties() {
    bytes(PROPERTIES);
  }

  void traits() {
    bytes(TRAITS);
  }

  void integrations() {
    bytes(INTEGRATIONS);
  }

  void emptyObject() {
    bytes(EMPTY);
  }

  private void bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
  }

  /** {@code ,"name":} */
  void field(String name) {
    write(',');
    write('"');
    ascii(name);
    write('"');
    write(':');
  }

  /** An object field copied from the source; line breaks between tokens dropped when asked. */
  void raw(byte[] src, int start, int end, boolean stripLineBreaks) {
    if (!stripLineBreaks) {
      ensure(end - start);
      System.arraycopy(src, start, buf, len, end - start);
      len += end - start;
      return;
    }
    ensure(end - start);
    for (int i = start; i < end; i++) {
      byte b = src[i];
      if (b != '\n' && b != '\r') { // never inside a JSON string: there they must be escaped
        buf[len++] = b;
      }
    }
  }

  /** {@code {"ip":"<ip>", ...the rest of the object...}} from a source object (or none). */
  void rawWithIp(byte[] src, int start, int end, boolean empty, boolean stripLineBreaks, String ip) {
    ascii("{\"ip\":");
    string(ip);
    if (start < 0 || empty) {
      write('}');
      return;
    }
    write(',');
    raw(src, start + 1, end, stripLineBreaks); // after the source's opening brace
  }

  void tree(JsonNode node) {
    try (JsonGenerator g = JSON.createGenerator(this)) {
      JsonTrees.write(g, node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void end() {
    write('}');
  }

  void ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) s.charAt(i);
    }
  }

  private void optional(byte[] prefix, String value, boolean plain) {
    if (value != null) {
      bytes(prefix);
      if (plain) {
        plainString(value);
      } else {
        string(value);
      }
    }
  }

  /**
   * A JSON string of printable ASCII without quotes or backslashes: the characters copied as bytes
   * (the deprecated {@link String#getBytes(int, int, byte[], int)} copies each char's low byte,
   * which for ASCII is exactly its UTF-8).
   */
  @SuppressWarnings("deprecation")
  private void plainString(String s) {
    int n = s.length();
    ensure(n + 2);
    buf[len] = '"';
    s.getBytes(0, n, buf, len + 1);
    buf[len + n + 1] = '"';
    len += n + 2;
  }

  // The date part of the last day written: the times of one request mostly share their day.
  private long cachedDay = Long.MIN_VALUE;
  private final byte[] cachedDate = new byte[24];

  // The last time written per field (timestamp, originalTimestamp, sentAt, receivedAt) with its
  // text and closing quote: the events of one request share receivedAt and usually sentAt, so
  // those are formatted once per request, not once per event.
  private final long[] lastMillis = {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
  private final byte[][] lastText = new byte[4][25];

  private void time(byte[] prefix, int field, long millis) {
    bytes(prefix);
    ensure(25);
    byte[] text = lastText[field];
    if (lastMillis[field] == millis) {
      System.arraycopy(text, 0, buf, len, 25);
      len += 25;
      return;
    }
    int start = len;
    time(millis);
    System.arraycopy(buf, start, text, 0, 25);
    lastMillis[field] = millis;
  }

  /** {@code YYYY-MM-DDTHH:MM:SS.mmmZ"}: 25 bytes, room ensured by the caller. */
  private void time(long millis) {
    long day = Math.floorDiv(millis, 86_400_000L);
    if (day != cachedDay) {
      Timestamps.formatTo(cachedDate, 0, millis);
      cachedDay = day;
    }
    System.arraycopy(cachedDate, 0, buf, len, 11); // YYYY-MM-DDT
    int ms = (int) (millis - day * 86_400_000L);
    byte[] b = buf;
    int at = len + 11;
    int h = ms / 3_600_000;
    int m = ms / 60_000 % 60;
    int sec = ms / 1000 % 60;
    int milli = ms % 1000;
    b[at] = (byte) ('0' + h / 10);
    b[at + 1] = (byte) ('0' + h % 10);
    b[at + 2] = ':';
    b[at + 3] = (byte) ('0' + m / 10);
    b[at + 4] = (byte) ('0' + m % 10);
    b[at + 5] = ':';
    b[at + 6] = (byte) ('0' + sec / 10);
    b[at + 7] = (byte) ('0' + sec % 10);
    b[at + 8] = '.';
    b[at + 9] = (byte) ('0' + milli / 100);
    b[at + 10] = (byte) ('0' + milli / 10 % 10);
    b[at + 11] = (byte) ('0' + milli % 10);
    b[at + 12] = 'Z';
    b[at + 13] = '"';
    len = at + 14;
  }

  /** A JSON string: quotes, escapes for quote, backslash and control characters, UTF-8. */
  void string(String s) {
    int n = s.length();
    // Fast path for plain ASCII, by far the common case: copied char by char, no allocation; the
    // first character that needs care sends the whole string to the exact path below.
    ensure(n + 2);
    byte[] b0 = buf;
    int at0 = len;
    b0[at0++] = '"';
    int i0 = 0;
    for (; i0 < n; i0++) {
      char c = s.charAt(i0);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
        break;
      }
      b0[at0++] = (byte) c;
    }
    if (i0 == n) {
      b0[at0++] = '"';
      len = at0;
      return;
    }
    ensure(n * 6 + 2);
    byte[] b = buf;
    int at = len;
    b[at++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
          b[at++] = (byte) c;
        } else {
          b[at++] = '\\';
          switch (c) {
            case '"': b[at++] = '"'; break;
            case '\\': b[at++] = '\\'; break;
            case '\n': b[at++] = 'n'; break;
            case '\r': b[at++] = 'r'; break;
            case '\t': b[at++] = 't'; break;
            case '\b': b[at++] = 'b'; break;
            case '\f': b[at++] = 'f'; break;
            default:
              b[at++] = 'u';
              b[at++] = '0';
              b[at++] = '0';
              b[at++] = HEX[c >> 4];
              b[at++] = HEX[c & 0xF];
          }
        }
      } else if (c < 0x800) {
        b[at++] = (byte) (0xC0 | (c >> 6));
        b[at++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[at++] = (byte) (0xF0 | (cp >> 18));
        b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        b[at++] = (byte) (0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c)) {
        // a lone surrogate has no UTF-8 form: keep it as an escape, as JSON allows
        b[at++] = '\\';
        b[at++] = 'u';
        b[at++] = HEX[c >> 12];
        b[at++] = HEX[(c >> 8) & 0xF];
        b[at++] = HEX[(c >> 4) & 0xF];
        b[at++] = HEX[c & 0xF];
      } else {
        b[at++] = (byte) (0xE0 | (c >> 12));
        b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[at++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    b[at++] = '"';
    len = at;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }

  @Override
  public void write(int b) {
    ensure(1);
    buf[len++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, buf, len, n);
    len += n;
  }
}
