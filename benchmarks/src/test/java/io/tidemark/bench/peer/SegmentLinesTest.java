package io.tidemark.bench.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SegmentLinesTest {

  static long ms(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  @Test
  void correctsTheClientClockBySentAtAndReceivedAt() {
    LogEvent e = SegmentLines.parse("{\"messageId\":\"m1\",\"type\":\"track\",\"anonymousId\":\"a1\","
        + "\"context\":{\"page\":{\"path\":\"/x\"}},\"properties\":{\"n\":[1,2]},"
        + "\"timestamp\":\"2026-03-01T00:59:00.000Z\",\"sentAt\":\"2026-03-01T01:00:00.000Z\","
        + "\"receivedAt\":\"2026-03-01T00:10:00.250Z\"}");
    assertThat(e).isEqualTo(new LogEvent("m1", "track", "a1", ms("2026-03-01T00:09:00.250Z")));
  }

  @Test
  void bytesAndTextParseAlike() {
    String line = "{\"type\":\"page\",\"userId\":\"u1\",\"originalTimestamp\":\"2028-02-29T10:00:00+02:00\","
        + "\"receivedAt\":\"2028-02-29T09:00:00.000Z\"}";
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    assertThat(SegmentLines.parse(bytes, 0, bytes.length)).isEqualTo(SegmentLines.parse(line))
        .isEqualTo(new LogEvent(null, "page", "u1", ms("2028-02-29T08:00:00Z")));
  }

  @Test
  void neverLaterThanReceivedAt() {
    LogEvent e = SegmentLines.parse("{\"anonymousId\":\"a\",\"timestamp\":\"2026-03-01T12:00:00.000Z\","
        + "\"receivedAt\":\"2026-03-01T00:00:00.000Z\"}");
    assertThat(e.eventTime()).isEqualTo(ms("2026-03-01T00:00:00Z"));
  }

  @Test
  void theFastTimeParserAgreesWithJavaTime() {
    for (String s : new String[] {"1970-01-01T00:00:00.000Z", "2024-02-29T23:59:59.999Z", "2026-12-31T00:00:00.001Z",
        "2100-03-01T12:34:56.789Z", "1969-12-31T23:59:59.999Z"}) {
      assertThat(SegmentLines.time(s, s)).as(s).isEqualTo(ms(s));
    }
  }

  @Test
  void namesTheProblemOfABadLine() {
    assertThatThrownBy(() -> SegmentLines.parse("{\"type\":\"track\",\"receivedAt\":\"2026-03-01T00:00:00.000Z\"}"))
        .hasMessageContaining("neither anonymousId nor userId");
    assertThatThrownBy(() -> SegmentLines.parse("{\"anonymousId\":\"a\",\"receivedAt\":\"yesterday\"}"))
        .hasMessageContaining("not an ISO-8601 time");
  }
}
