package io.tidemark.events;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * ISO-8601 timestamps as the SDKs write them, to and from epoch milliseconds.
 *
 * <p>Accepted: {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM|±HHMM|±HH)} (a space is accepted in
 * place of {@code T}), years 0000–9999. Fractions below the millisecond are truncated: the envelope
 * keeps milliseconds. Written: always {@code YYYY-MM-DDTHH:MM:SS.mmmZ}. The common shapes are
 * parsed by hand (no regex, no formatter allocation per call); anything else falls back to {@link
 * DateTimeFormatter#ISO_OFFSET_DATE_TIME}.
 */
public final class Timestamps {
  private static final long MIN_MILLIS = -62167219200000L; // 0000-01-01T00:00:00Z
  private static final long MAX_MILLIS = 253402300799999L; // 9999-12-31T23:59:59.999Z

  private Timestamps() {}

  /**
   * Epoch milliseconds of {@code text}.
   *
   * @throws IllegalArgumentException naming the problem when the text is not such a timestamp
   */
  public static long parse(String text) {
    long fast = parseFast(text);
    if (fast != Long.MIN_VALUE) {
      return fast;
    }
    return parseJavaTime(text);
  }

  /**
   * The fallback: {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}, for every shape the fast path
   * does not take. Package-private so tests can hold the fast path to the same results.
   */
  static long parseJavaTime(String text) {
    try {
      long millis = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
      if (millis < MIN_MILLIS || millis > MAX_MILLIS) {
        throw new IllegalArgumentException("timestamp out of range (years 0000-9999): " + quote(text));
      }
      return millis;
    } catch (DateTimeException | ArithmeticException e) {
      throw new IllegalArgumentException("not an ISO-8601 timestamp with a zone: " + quote(text));
    }
  }

  /** {@code YYYY-MM-DDTHH:MM:SS.mmmZ} for epoch milliseconds in years 0000–9999. */
  public static String format(long epochMillis) {
    byte[] b = new byte[24];
    formatTo(b, 0, epochMillis);
    return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** Writes the 24 ASCII bytes of {@link #format} into {@code out} at {@code at}. */
  public static void formatTo(byte[] out, int at, long epochMillis) {
    if (epochMillis < MIN_MILLIS || epochMillis > MAX_MILLIS) {
      throw new IllegalArgumentException("timestamp out of range (years 0000-9999): " + epochMillis);
    }
    long days = Math.floorDiv(epochMillis, 86_400_000L);
    int msOfDay = (int) Math.floorMod(epochMillis, 86_400_000L);
    // civil_from_days, Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms"
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
    put(out, at, year, 4);
    out[at + 4] = '-';
    put(out, at + 5, month, 2);
    out[at + 7] = '-';
    put(out, at + 8, day, 2);
    out[at + 10] = 'T';
    put(out, at + 11, msOfDay / 3_600_000, 2);
    out[at + 13] = ':';
    put(out, at + 14, msOfDay / 60_000 % 60, 2);
    out[at + 16] = ':';
    put(out, at + 17, msOfDay / 1000 % 60, 2);
    out[at + 19] = '.';
    put(out, at + 20, msOfDay % 1000, 3);
    out[at + 23] = 'Z';
  }

  private static void put(byte[] c, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }

  /** The hand-written parser for the common shapes; Long.MIN_VALUE when the text is not one of them. */
  static long parseFast(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return Long.MIN_VALUE;
    }
    char t = s.charAt(10);
    if (t != 'T' && t != 't' && t != ' ') {
      return Long.MIN_VALUE;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return Long.MIN_VALUE;
    }
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
      throw new IllegalArgumentException("not a valid date-time: " + quote(s));
    }
    int i = 19;
    int millis = 0;
    if (i < n && s.charAt(i) == '.') {
      i++;
      int start = i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        if (i - start < 3) {
          millis = millis * 10 + (s.charAt(i) - '0');
        }
        i++;
      }
      int count = i - start;
      if (count == 0 || count > 9) {
        return Long.MIN_VALUE;
      }
      for (int k = count; k < 3; k++) {
        millis *= 10;
      }
    }
    if (i >= n) {
      return Long.MIN_VALUE; // no zone: a local time is ambiguous
    }
    int offsetSeconds;
    char z = s.charAt(i);
    if (z == 'Z' || z == 'z') {
      offsetSeconds = 0;
      i++;
    } else if (z == '+' || z == '-') {
      int rest = n - i - 1;
      int oh;
      int om = 0;
      if (rest == 2) {
        oh = digits(s, i + 1, 2);
      } else if (rest == 4) {
        oh = digits(s, i + 1, 2);
        om = digits(s, i + 3, 2);
      } else if (rest == 5 && s.charAt(i + 3) == ':') {
        oh = digits(s, i + 1, 2);
        om = digits(s, i + 4, 2);
      } else {
        return Long.MIN_VALUE;
      }
      if (oh < 0 || om < 0 || om > 59 || oh * 60 + om > 18 * 60) {
        return Long.MIN_VALUE; // java.time decides (and rejects offsets beyond ±18:00)
      }
      offsetSeconds = (oh * 3600 + om * 60) * (z == '-' ? -1 : 1);
      i = n;
    } else {
      return Long.MIN_VALUE;
    }
    if (i != n) {
      return Long.MIN_VALUE;
    }
    long days = daysFromCivil(year, month, day);
    long epochSeconds = days * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    long result = epochSeconds * 1000L + millis;
    if (result < MIN_MILLIS || result > MAX_MILLIS) {
      throw new IllegalArgumentException("timestamp out of range (years 0000-9999): " + quote(s));
    }
    return result;
  }

  // days_from_civil, Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms"
  private static long daysFromCivil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097 + doe - 719_468;
  }

  private static int daysInMonth(int year, int month) {
    switch (month) {
      case 2:
        return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4: case 6: case 9: case 11:
        return 30;
      default:
        return 31;
    }
  }

  private static int digits(String s, int at, int count) {
    int v = 0;
    for (int i = at; i < at + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static String quote(String s) {
    return '"' + (s.length() > 64 ? s.substring(0, 64) + "..." : s) + '"';
  }
}
