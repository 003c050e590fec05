package io.tidemark.events;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict JSON (RFC 8259, as Jackson's defaults: no comments, no trailing commas, no leading zeros)
 * scanned over UTF-8 bytes for {@link BatchScanner}: static methods that take a position and return
 * the position after what they read, and {@link #GIVE_UP} at anything they do not handle (any byte
 * above 0x7F, control characters, nesting at the limit, over-long names or numbers).
 *
 * <p>Whitespace between tokens is spaces and tabs only: a line break gives up too, so that nothing
 * the scanner accepts holds one (SDKs send compact JSON; a multi-line body takes Jackson's path,
 * which knows to drop the line breaks when it copies an object into an envelope). Only line breaks
 * before and after the body object are skipped, by {@link #wsAndLineBreaks}.
 *
 * <p>Bounds: reads may run past the scanned length (never past the array: that throws {@link
 * ArrayIndexOutOfBoundsException}, which the caller treats as giving up). Positions only grow and a
 * scan succeeds only when it ends exactly at the length, so whatever lies beyond can only lead to
 * giving up.
 *
 * <p>Cost: the bytes inside strings, most of a Segment event, are examined eight at a time (SWAR,
 * {@link #firstSpecial}), and names are never decoded.
 */
final class JsonBytes {
  /** Thrown (without a stack trace) to give up; the caller hands the body to Jackson. */
  static final class GiveUp extends RuntimeException {
    private GiveUp() {
      super(null, null, false, false);
    }
  }

  static final GiveUp GIVE_UP = new GiveUp();
  static final int MAX_NAME_LENGTH = 1000;
  private static final int MAX_NUMBER_LENGTH = 100;

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private JsonBytes() {}

  /**
   * The index of the closing quote of a string whose content starts at {@code p}, when the content
   * is printable ASCII without escapes; gives up otherwise.
   *
   * <p>Eight bytes at a time while they are all plain (SWAR: a byte below 0x20, above 0x7F, a quote
   * or a backslash sets its high bit in {@link #special}), then byte by byte.
   */
  static int plainStringEnd(byte[] b, int p) {
    p = firstSpecial(b, p, b.length);
    while (true) {
      byte c = b[p];
      if (c == '"') {
        return p;
      }
      if (c < 0x20 || c == '\\') { // negative: a byte above 0x7F
        throw GIVE_UP;
      }
      p++;
    }
  }

  /**
   * The first position from {@code i} whose byte is {@link #special}, found eight bytes at a time
   * while eight remain before {@code n}; else the first position where fewer than eight remain.
   * Shared with {@link CanonicalJson} and {@link CanonicalPaths}.
   */
  static int firstSpecial(byte[] b, int i, int n) {
    int limit = n - 8;
    while (i <= limit) {
      long m = special((long) LONGS.get(b, i));
      if (m != 0) {
        return i + (Long.numberOfTrailingZeros(m) >>> 3); // little-endian: the lowest byte comes first
      }
      i += 8;
    }
    return i;
  }

  /**
   * Non-zero when one of the eight bytes of {@code x} is below 0x20, above 0x7F, {@code "} or
   * {@code \}: the "has zero byte" and "has byte less than" tests of Sean Anderson's Bit Twiddling
   * Hacks. The lowest high bit set marks the first such byte exactly: borrows only carry into the
   * bytes above a match.
   */
  private static long special(long x) {
    long quote = x ^ 0x2222222222222222L;
    long backslash = x ^ 0x5C5C5C5C5C5C5C5CL;
    long control = x - 0x2020202020202020L;
    return ((quote - ONES) & ~quote | (backslash - ONES) & ~backslash | control | x) & HIGH_BITS;
  }

  /** The position after a string starting at its quote {@code p}; escapes validated, ASCII only. */
  static int skipString(byte[] b, int p) {
    p++;
    while (true) {
      p = plainRun(b, p);
      byte c = b[p++];
      if (c == '"') {
        return p;
      }
      if (c != '\\') { // a control character or a byte above 0x7F
        throw GIVE_UP;
      }
      switch (b[p++]) {
        case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> { }
        case 'u' -> {
          for (int k = 0; k < 4; k++) {
            if (Character.digit(b[p++], 16) < 0) {
              throw GIVE_UP;
            }
          }
        }
        default -> throw GIVE_UP;
      }
    }
  }

  /** The first position from {@code p} that holds a quote, a backslash or a byte that is not printable ASCII. */
  private static int plainRun(byte[] b, int p) {
    p = firstSpecial(b, p, b.length);
    while (true) {
      byte c = b[p];
      if (c == '"' || c == '\\' || c < 0x20) {
        return p;
      }
      p++;
    }
  }

  /** The position after a name starting at its quote {@code p}, escapes allowed; not decoded. */
  static int skipName(byte[] b, int p, int n) {
    if (p >= n || b[p] != '"') {
      throw GIVE_UP;
    }
    int end = skipString(b, p);
    if (end - p > MAX_NAME_LENGTH) {
      throw GIVE_UP;
    }
    return end;
  }

  /**
   * The position after the value at {@code p} (whitespace before it skipped) of a container at
   * {@code depth}; a nested container at {@code maxDepth} or deeper gives up.
   */
  static int skipValue(byte[] b, int p, int n, int depth, int maxDepth) {
    p = ws(b, p, n);
    if (p >= n) {
      throw GIVE_UP;
    }
    switch (b[p]) {
      case '{':
        return skipObject(b, p, n, depth + 1, maxDepth);
      case '[':
        return skipArray(b, p, n, depth + 1, maxDepth);
      case '"':
        return skipString(b, p);
      case 't':
        return literal(b, p, TRUE);
      case 'f':
        return literal(b, p, FALSE);
      case 'n':
        return literal(b, p, NULL);
      default:
        return number(b, p, n);
    }
  }

  private static int skipObject(byte[] b, int p, int n, int depth, int maxDepth) {
    if (depth >= maxDepth) {
      throw GIVE_UP; // at or near the limit: Jackson's path enforces it exactly
    }
    p = ws(b, p + 1, n);
    if (p < n && b[p] == '}') {
      return p + 1;
    }
    while (true) {
      p = skipName(b, ws(b, p, n), n);
      p = expect(b, ws(b, p, n), n, ':');
      p = ws(b, skipValue(b, p, n, depth, maxDepth), n);
      if (p >= n) {
        throw GIVE_UP;
      }
      byte c = b[p++];
      if (c == '}') {
        return p;
      }
      if (c != ',') {
        throw GIVE_UP;
      }
    }
  }

  private static int skipArray(byte[] b, int p, int n, int depth, int maxDepth) {
    if (depth >= maxDepth) {
      throw GIVE_UP;
    }
    p = ws(b, p + 1, n);
    if (p < n && b[p] == ']') {
      return p + 1;
    }
    while (true) {
      p = ws(b, skipValue(b, p, n, depth, maxDepth), n);
      if (p >= n) {
        throw GIVE_UP;
      }
      byte c = b[p++];
      if (c == ']') {
        return p;
      }
      if (c != ',') {
        throw GIVE_UP;
      }
    }
  }

  /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?} */
  static int number(byte[] b, int p, int n) {
    int start = p;
    if (b[p] == '-') {
      p++;
    }
    if (b[p] == '0') {
      p++;
    } else if (b[p] >= '1' && b[p] <= '9') {
      p = digits(b, p, n);
    } else {
      throw GIVE_UP;
    }
    if (p < n && b[p] == '.') {
      p = digitsRequired(b, p + 1, n);
    }
    if (p < n && (b[p] == 'e' || b[p] == 'E')) {
      p++;
      if (b[p] == '+' || b[p] == '-') {
        p++;
      }
      p = digitsRequired(b, p, n);
    }
    if (p - start > MAX_NUMBER_LENGTH) {
      throw GIVE_UP;
    }
    return p;
  }

  private static int digitsRequired(byte[] b, int p, int n) {
    if (b[p] < '0' || b[p] > '9') {
      throw GIVE_UP;
    }
    return digits(b, p, n);
  }

  private static int digits(byte[] b, int p, int n) {
    while (p < n && b[p] >= '0' && b[p] <= '9') {
      p++;
    }
    return p;
  }

  static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  static final byte[] NULL = {'n', 'u', 'l', 'l'};

  /** The position after {@code word} at {@code p}. */
  static int literal(byte[] b, int p, byte[] word) {
    for (byte w : word) {
      if (b[p++] != w) {
        throw GIVE_UP;
      }
    }
    return p;
  }

  /** The position after {@code c} at {@code p}. */
  static int expect(byte[] b, int p, int n, char c) {
    if (p >= n || b[p] != c) {
      throw GIVE_UP;
    }
    return p + 1;
  }

  /**
   * The first position from {@code p} that is not a space or a tab (or {@code n}); a line break
   * stops it like any other byte, and the grammar then gives up on it (see the class comment).
   */
  static int ws(byte[] b, int p, int n) {
    while (p < n) {
      byte c = b[p];
      if (c != ' ' && c != '\t') {
        return p;
      }
      p++;
    }
    return p;
  }

  /** The first position from {@code p} that is not JSON whitespace, line breaks included (or {@code n}). */
  static int wsAndLineBreaks(byte[] b, int p, int n) {
    while (p < n) {
      byte c = b[p];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return p;
      }
      p++;
    }
    return p;
  }

  /** Whether {@code b[p, p + word.length)} is {@code word}. */
  static boolean regionIs(byte[] b, int p, int length, byte[] word) {
    if (length != word.length) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      if (b[p + k] != word[k]) {
        return false;
      }
    }
    return true;
  }
}
