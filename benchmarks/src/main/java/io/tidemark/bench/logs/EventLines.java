package io.tidemark.bench.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Renders events as Segment-spec JSON lines. An event's body (ids, type, names, context,
 * properties) is fixed when it happens; its times ({@code timestamp}/{@code originalTimestamp} on
 * the device clock, {@code sentAt}, the gateway's {@code receivedAt}) only when its batch is sent,
 * so a retried batch is the same body with later send times.
 */
final class EventLines {

  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private EventLines() {
  }

  /** A JSON object's text without its closing brace, for {@link #line}. */
  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  static String open(Body body) {
    StringWriter w = new StringWriter(512);
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      body.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String s = w.toString();
    return s.substring(0, s.length() - 1);
  }

  /** The full line: the open body and the event's times (device-clock and gateway). */
  static String line(String openBody, long deviceEventTime, long deviceSentAt, long receivedAt) {
    String ts = format(deviceEventTime);
    return openBody + ",\"timestamp\":\"" + ts + "\",\"originalTimestamp\":\"" + ts + "\",\"sentAt\":\""
        + format(deviceSentAt) + "\",\"receivedAt\":\"" + format(receivedAt) + "\"}";
  }

  static String format(long millis) {
    return ISO.format(Instant.ofEpochMilli(millis));
  }
}
