package io.tidemark.bench.peer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Parses one NDJSON line of a Segment event, the same way on both sides of a peer benchmark (our
 * engine and Apache Flink each call this): the whole line is tokenized by Jackson's streaming parser;
 * {@code messageId}, {@code type}, {@code anonymousId}, {@code userId} and the four times are read,
 * nested objects ({@code context}, {@code properties}) are skipped.
 *
 * <p>Event time is Segment's skew correction, as {@code DuckDbSessions} and our gateway compute it:
 * with a {@code sentAt}, {@code receivedAt - (sentAt - client)} where the client's time is {@code
 * timestamp}, else {@code originalTimestamp} (else {@code sentAt}); without one, the client's time
 * (else {@code receivedAt}); never later than {@code receivedAt}.
 *
 * <p>Plain Java on jackson-core only: it must load in Flink's JVM, which has none of our modules.
 */
public final class SegmentLines {

  private static final JsonFactory JSON = new JsonFactory();
  private static final long NONE = Long.MIN_VALUE;

  private SegmentLines() {
  }

  public static LogEvent parse(String line) {
    try (JsonParser p = JSON.createParser(line)) {
      return parse(p, line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static LogEvent parse(byte[] line, int offset, int length) {
    try (JsonParser p = JSON.createParser(line, offset, length)) {
      return parse(p, line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static LogEvent parse(JsonParser p, Object source) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw bad("not a JSON object", source);
    }
    String messageId = null;
    String type = null;
    String anonymousId = null;
    String userId = null;
    long timestamp = NONE;
    long originalTimestamp = NONE;
    long sentAt = NONE;
    long receivedAt = NONE;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
        p.skipChildren();
        continue;
      }
      if (value == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (field) {
        case "messageId" -> messageId = p.getText();
        case "type" -> type = p.getText();
        case "anonymousId" -> anonymousId = p.getText();
        case "userId" -> userId = p.getText();
        case "timestamp" -> timestamp = time(p.getText(), source);
        case "originalTimestamp" -> originalTimestamp = time(p.getText(), source);
        case "sentAt" -> sentAt = time(p.getText(), source);
        case "receivedAt" -> receivedAt = time(p.getText(), source);
        default -> {
          // other scalars (event, name, ...) are read past
        }
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw bad("not a JSON object", source);
    }
    String key = anonymousId != null ? anonymousId : userId;
    if (key == null) {
      throw bad("neither anonymousId nor userId", source);
    }
    if (receivedAt == NONE) {
      throw bad("no receivedAt", source);
    }
    return new LogEvent(messageId, type, key, eventTime(timestamp, originalTimestamp, sentAt, receivedAt));
  }

  static long eventTime(long timestamp, long originalTimestamp, long sentAt, long receivedAt) {
    long client = timestamp != NONE ? timestamp : originalTimestamp;
    long t;
    if (sentAt != NONE) {
      t = receivedAt - (sentAt - (client != NONE ? client : sentAt));
    } else {
      t = client != NONE ? client : receivedAt;
    }
    return Math.min(t, receivedAt);
  }

  /** Epoch ms of an ISO-8601 time with a zone; {@code YYYY-MM-DDTHH:MM:SS.mmmZ} without allocating. */
  static long time(String s, Object source) {
    if (s.length() == 24 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T' && s.charAt(13) == ':'
        && s.charAt(16) == ':' && s.charAt(19) == '.' && s.charAt(23) == 'Z') {
      int year = digits(s, 0, 4);
      int month = digits(s, 5, 2);
      int day = digits(s, 8, 2);
      int hour = digits(s, 11, 2);
      int minute = digits(s, 14, 2);
      int second = digits(s, 17, 2);
      int milli = digits(s, 20, 3);
      if (year >= 0 && month >= 1 && month <= 12 && day >= 1
          && day <= java.time.Month.of(month).length(java.time.Year.isLeap(year)) && hour >= 0 && hour < 24
          && minute >= 0 && minute < 60 && second >= 0 && second < 60 && milli >= 0) {
        long days = daysFromCivil(year, month, day);
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1_000L + milli;
      }
    }
    try {
      return OffsetDateTime.parse(s).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw bad("not an ISO-8601 time with a zone: " + s, source);
    }
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"). */
  static long daysFromCivil(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }

  private static int digits(String s, int from, int n) {
    int v = 0;
    for (int i = from; i < from + n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static IllegalArgumentException bad(String problem, Object source) {
    String text = source instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
        : String.valueOf(source);
    if (text.length() > 200) {
      text = text.substring(0, 200) + "...";
    }
    return new IllegalArgumentException("bad event line (" + problem + "): " + text);
  }
}
