package io.tidemark.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "2026-03-01T12:00:00.000Z, 2026-03-01T12:00:00Z",
      "2026-03-01T12:00:00Z, 2026-03-01T12:00:00Z",
      "2026-03-01T12:00:00.5Z, 2026-03-01T12:00:00.500Z",
      "2026-03-01T12:00:00.123456789Z, 2026-03-01T12:00:00.123Z",
      "2026-03-01T14:00:00+02:00, 2026-03-01T12:00:00Z",
      "2026-03-01T07:30:00-0430, 2026-03-01T12:00:00Z",
      "2026-03-01T13:00:00+01, 2026-03-01T12:00:00Z",
      "2026-03-01 12:00:00.000Z, 2026-03-01T12:00:00Z",
      "2024-02-29T23:59:59.999Z, 2024-02-29T23:59:59.999Z",
      "1969-12-31T23:59:59.999Z, 1969-12-31T23:59:59.999Z",
      "0001-01-01T00:00:00Z, 0001-01-01T00:00:00Z",
  })
  void parse_theShapesSdksSend(String text, String expected) {
    assertThat(Timestamps.parse(text)).isEqualTo(Instant.parse(expected).toEpochMilli());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"", "yesterday", "2026-03-01", "2026-03-01T12:00:00", "2026-13-01T00:00:00Z",
      "2026-02-30T00:00:00Z", "2026-03-01T24:00:00Z", "2026-03-01T12:60:00Z",
      "2026-03-01T12:00:00Zjunk", "+12026-03-01T12:00:00Z", "2026-03-01T12:00:00+2:00"})
  void parse_rejectsTheRest(String text) {
    assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void format_matchesInstantToStringWithMillis_forRandomInstants() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    for (int i = 0; i < 10_000; i++) {
      long millis = r.nextLong(Instant.parse("0000-01-01T00:00:00Z").toEpochMilli(),
          Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli());
      String text = Timestamps.format(millis);
      assertThat(text).hasSize(24);
      assertThat(Instant.parse(text).toEpochMilli()).isEqualTo(millis);
      assertThat(Timestamps.parse(text)).isEqualTo(millis);
    }
    assertThat(Timestamps.format(0)).isEqualTo("1970-01-01T00:00:00.000Z");
  }
}
