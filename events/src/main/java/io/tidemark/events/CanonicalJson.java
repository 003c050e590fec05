package io.tidemark.events;

import java.util.Arrays;

/**
 * Recognizes JSON text that is already canonical: exactly the bytes Jackson writes for the tree it
 * would read from it ({@code ObjectNode.toString()}, UTF-8). For such text the tree is not needed to
 * store or forward the value: {@link JsonObject} keeps the bytes and parses them only on demand.
 *
 * <p>Canonical means: no whitespace; no duplicate names in an object (Jackson keeps the last);
 * strings in UTF-8 (well-formed: no overlong forms, no surrogates) with only the escapes Jackson
 * writes, {@code \" \\ \b \t \n \f \r} (no {@code \/}, no {@code \}{@code u} escapes: Jackson
 * writes {@code \}{@code u00XX} for other control characters, which this gives up on too);
 * integers without a sign on zero ({@code -0} reads as 0) and of at most 18 digits; other numbers
 * exactly as {@link Double#toString} prints the double they denote (Jackson reads them as doubles);
 * nesting at most {@link #MAX_DEPTH} deep. Anything else is "not known canonical" ({@code -1}),
 * whether or not it is valid JSON: the caller then parses it with Jackson, which decides.
 *
 * <p>So what this accepts is valid JSON (RFC 8259) whose Jackson tree prints back to the same
 * bytes; {@code CanonicalJsonTest} checks that against Jackson on generated and hand-picked text.
 */
final class CanonicalJson {
  /** Deeper objects and arrays are left to Jackson. */
  static final int MAX_DEPTH = 64;
  private static final int MAX_INTEGER_DIGITS = 18;
  private static final int MAX_NUMBER_LENGTH = 64;

  private final byte[] b;
  private final int n;
  /** Name ranges (start, end) of the objects being scanned, innermost last; for duplicate checks. */
  private int[] names = new int[32];
  private int nameCount;
  /** How many fields the outermost object had, once it is scanned. */
  private int topLevelNames;

  private CanonicalJson(byte[] b, int n) {
    this.b = b;
    this.n = n;
  }

  /**
   * The position after the canonical object that starts at {@code b[from]} and ends at or before
   * {@code to}, or -1 when there is none (not an object, not canonical, or not JSON).
   */
  static int objectEnd(byte[] b, int from, int to) {
    if (from >= to || b[from] != '{') {
      return -1;
    }
    return new CanonicalJson(b, to).object(from, 1);
  }

  /**
   * A canonical object's text: where it ends, and where its top-level fields are as {@link
   * CanonicalPaths#fields} gives them, relative to the object's first byte.
   */
  record ObjectText(int end, int[] fields) {
  }

  /**
   * {@link #objectEnd}, with the top-level fields found on the way (the check walks every name
   * anyway: a reader's lookups then start from them), or null when there is no canonical object.
   */
  static ObjectText object(byte[] b, int from, int to) {
    if (from >= to || b[from] != '{') {
      return null;
    }
    CanonicalJson c = new CanonicalJson(b, to);
    int end = c.object(from, 1);
    if (end < 0) {
      return null;
    }
    int[] fields = new int[c.topLevelNames * 2];
    for (int k = 0; k < fields.length; k += 2) {
      fields[k] = c.names[k] - from; // the name's opening quote
      fields[k + 1] = c.names[k + 1] + 1 - from; // after the name's closing quote and the colon
    }
    return new ObjectText(end, fields);
  }

  /** The position after the canonical value at {@code b[from]}, ending at or before {@code to}; else -1. */
  static int valueEnd(byte[] b, int from, int to) {
    return from >= to ? -1 : new CanonicalJson(b, to).value(from, 0);
  }

  private int value(int p, int depth) {
    if (p >= n) {
      return -1;
    }
    switch (b[p]) {
      case '{':
        return depth >= MAX_DEPTH ? -1 : object(p, depth + 1);
      case '[':
        return depth >= MAX_DEPTH ? -1 : array(p, depth + 1);
      case '"':
        return stringEnd(b, p, n);
      case 't':
        return literal(p, "true");
      case 'f':
        return literal(p, "false");
      case 'n':
        return literal(p, "null");
      default:
        return number(p);
    }
  }

  private int object(int p, int depth) {
    p++;
    if (p >= n) {
      return -1;
    }
    if (b[p] == '}') {
      if (depth == 1) {
        topLevelNames = 0;
      }
      return p + 1;
    }
    int firstName = nameCount;
    try {
      while (true) {
        if (b[p] != '"') {
          return -1;
        }
        int q = stringEnd(b, p, n);
        if (q < 0 || q >= n || b[q] != ':' || duplicate(firstName, p, q)) {
          return -1;
        }
        addName(p, q);
        p = value(q + 1, depth);
        if (p < 0 || p >= n) {
          return -1;
        }
        if (b[p] == '}') {
          if (depth == 1) {
            topLevelNames = nameCount - firstName; // still in names[0, 2 * count) after the reset below
          }
          return p + 1;
        }
        if (b[p] != ',' || ++p >= n) {
          return -1;
        }
      }
    } finally {
      nameCount = firstName;
    }
  }

  /**
   * Whether the name {@code b[start, end)} (quotes included) is already a name of the current
   * object. Canonical strings have one spelling each, so equal bytes are equal names.
   */
  private boolean duplicate(int firstName, int start, int end) {
    int length = end - start;
    byte first = b[start + 1]; // the first character, or the closing quote of ""
    for (int i = firstName * 2; i < nameCount * 2; i += 2) {
      int s = names[i];
      // length and first byte settle most pairs without a range comparison
      if (names[i + 1] - s == length && b[s + 1] == first && Arrays.equals(b, s, s + length, b, start, end)) {
        return true;
      }
    }
    return false;
  }

  private void addName(int start, int end) {
    if (nameCount * 2 == names.length) {
      names = Arrays.copyOf(names, names.length * 2);
    }
    names[nameCount * 2] = start;
    names[nameCount * 2 + 1] = end;
    nameCount++;
  }

  private int array(int p, int depth) {
    p++;
    if (p >= n) {
      return -1;
    }
    if (b[p] == ']') {
      return p + 1;
    }
    while (true) {
      p = value(p, depth);
      if (p < 0 || p >= n) {
        return -1;
      }
      if (b[p] == ']') {
        return p + 1;
      }
      if (b[p] != ',' || ++p >= n) {
        return -1;
      }
    }
  }

  private int literal(int p, String word) {
    int end = p + word.length();
    if (end > n) {
      return -1;
    }
    for (int i = 1; i < word.length(); i++) {
      if (b[p + i] != word.charAt(i)) {
        return -1;
      }
    }
    return end;
  }

  /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, canonical as the class comment says. */
  private int number(int p) {
    int start = p;
    if (p < n && b[p] == '-') {
      p++;
    }
    int intStart = p;
    if (p >= n || !digit(b[p])) {
      return -1;
    }
    if (b[p] == '0') {
      p++;
    } else {
      p = digits(p);
    }
    boolean integer = true;
    if (p < n && b[p] == '.') {
      integer = false;
      int f = ++p;
      p = digits(p);
      if (p == f) {
        return -1;
      }
    }
    if (p < n && (b[p] == 'e' || b[p] == 'E')) {
      integer = false;
      p++;
      if (p < n && (b[p] == '+' || b[p] == '-')) {
        p++;
      }
      int e = p;
      p = digits(p);
      if (p == e) {
        return -1;
      }
    }
    if (integer) {
      boolean negativeZero = intStart > start && p - intStart == 1 && b[intStart] == '0';
      return negativeZero || p - intStart > MAX_INTEGER_DIGITS ? -1 : p;
    }
    if (p - start > MAX_NUMBER_LENGTH) {
      return -1;
    }
    String text = new String(b, start, p - start, java.nio.charset.StandardCharsets.ISO_8859_1);
    return Double.toString(Double.parseDouble(text)).equals(text) ? p : -1;
  }

  private int digits(int p) {
    while (p < n && digit(b[p])) {
      p++;
    }
    return p;
  }

  private static boolean digit(byte c) {
    return c >= '0' && c <= '9';
  }

  /**
   * The position after the canonical string whose opening quote is at {@code b[p]}, or -1: the
   * short escapes Jackson writes, no other escape, no control character, well-formed UTF-8.
   */
  static int stringEnd(byte[] b, int p, int n) {
    return stringEnd(b, p, n, true);
  }

  /** {@link #stringEnd}, and -1 at any escape: the string's bytes are its value. */
  static int plainStringEnd(byte[] b, int p, int n) {
    return stringEnd(b, p, n, false);
  }

  private static int stringEnd(byte[] b, int p, int n, boolean escapes) {
    int i = p + 1;
    while (i < n) {
      i = JsonBytes.firstSpecial(b, i, n);
      if (i >= n) {
        return -1;
      }
      int c = b[i];
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\') {
        if (!escapes || i + 1 >= n || !shortEscape(b[i + 1])) {
          return -1;
        }
        i += 2;
      } else if (c >= 0x20) {
        i++;
      } else if (c >= 0) {
        return -1; // a control character must be escaped
      } else {
        i = utf8Sequence(b, i, n);
        if (i < 0) {
          return -1;
        }
      }
    }
    return -1;
  }

  static boolean shortEscape(byte c) {
    return c == '"' || c == '\\' || c == 'b' || c == 't' || c == 'n' || c == 'f' || c == 'r';
  }

  /**
   * The position after the well-formed UTF-8 sequence of two to four bytes at {@code b[i]} (Unicode
   * table 3-7: no overlong forms, no surrogates, at most U+10FFFF), or -1.
   */
  private static int utf8Sequence(byte[] b, int i, int n) {
    int c = b[i] & 0xFF;
    int length;
    int low = 0x80;
    int high = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      if (c == 0xE0) {
        low = 0xA0;
      } else if (c == 0xED) {
        high = 0x9F;
      }
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      if (c == 0xF0) {
        low = 0x90;
      } else if (c == 0xF4) {
        high = 0x8F;
      }
    } else {
      return -1;
    }
    if (i + length > n) {
      return -1;
    }
    int second = b[i + 1] & 0xFF;
    if (second < low || second > high) {
      return -1;
    }
    for (int k = 2; k < length; k++) {
      int next = b[i + k] & 0xFF;
      if (next < 0x80 || next > 0xBF) {
        return -1;
      }
    }
    return i + length;
  }
}
