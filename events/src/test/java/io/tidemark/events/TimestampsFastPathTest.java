package io.tidemark.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written parser must give exactly what java.time gives: same epoch milliseconds for
 * every text java.time accepts, an exception for every text it rejects (apart from the few extra
 * shapes the SDKs send that java.time's ISO formatter does not take: a space for {@code T},
 * {@code ±HHMM}).
 */
class TimestampsFastPathTest {
  private static final long MIN = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
  private static final long MAX = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
  private static final String MUTATIONS = "0123456789-:TZ+.zt";

  @Test
  void fastPath_agreesWithJavaTime_overRandomInstantsOffsetsAndFractions() {
    Random r = new Random(20261124);
    for (int i = 0; i < 200_000; i++) {
      String text = randomTimestamp(r);
      long expected = Timestamps.parseJavaTime(text);
      assertThat(Timestamps.parseFast(text)).as(text).isNotEqualTo(Long.MIN_VALUE); // the fast path took it
      assertThat(Timestamps.parse(text)).as(text).isEqualTo(expected);
    }
  }

  @Test
  void fastPath_agreesWithJavaTime_onMutatedTexts() {
    Random r = new Random(42);
    for (int i = 0; i < 200_000; i++) {
      char[] c = randomTimestamp(r).toCharArray();
      int mutations = 1 + r.nextInt(2);
      for (int m = 0; m < mutations; m++) {
        c[r.nextInt(c.length)] = MUTATIONS.charAt(r.nextInt(MUTATIONS.length()));
      }
      String text = new String(c);
      Long javaTime;
      try {
        javaTime = Timestamps.parseJavaTime(text);
      } catch (IllegalArgumentException e) {
        javaTime = null;
      }
      if (javaTime != null) {
        assertThat(Timestamps.parse(text)).as(text).isEqualTo(javaTime);
      } else if (!text.matches(".*[+-]\\d{4}")) { // ±HHMM: accepted on purpose, java.time's ISO form wants ±HH:MM
        assertThatThrownBy(() -> Timestamps.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  @Test
  void offsetsBeyondEighteenHours_areRejectedLikeJavaTime() {
    assertThatThrownBy(() -> Timestamps.parse("2026-03-01T12:00:00+18:30")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Timestamps.parse("2026-03-01T12:00:00+18:00"))
        .isEqualTo(Timestamps.parseJavaTime("2026-03-01T12:00:00+18:00"));
  }

  /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)} of a random instant, offset and precision. */
  private static String randomTimestamp(Random r) {
    long millis = MIN + 86_400_000L + (long) (r.nextDouble() * (MAX - MIN - 2 * 86_400_000L));
    int nanos = (int) Math.floorMod(millis, 1000L) * 1_000_000 + r.nextInt(1_000_000);
    ZoneOffset offset = r.nextInt(3) == 0 ? ZoneOffset.UTC
        : ZoneOffset.ofTotalSeconds((r.nextInt(36 * 4 + 1) - 18 * 4) * 15 * 60);
    OffsetDateTime t = Instant.ofEpochSecond(Math.floorDiv(millis, 1000L), nanos).atOffset(offset);
    StringBuilder b = new StringBuilder(40);
    b.append(String.format("%04d-%02d-%02dT%02d:%02d:%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
        t.getHour(), t.getMinute(), t.getSecond()));
    int digits = r.nextInt(10);
    if (digits > 0) {
      b.append('.').append(String.format("%09d", t.getNano()), 0, digits);
    }
    if (offset.getTotalSeconds() == 0 && r.nextBoolean()) {
      b.append('Z');
    } else {
      int s = offset.getTotalSeconds();
      b.append(s < 0 ? '-' : '+').append(String.format("%02d:%02d", Math.abs(s) / 3600, Math.abs(s) / 60 % 60));
    }
    return b.toString();
  }
}
