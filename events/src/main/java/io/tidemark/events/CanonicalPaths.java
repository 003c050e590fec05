package io.tidemark.events;

import java.nio.charset.StandardCharsets;

/**
 * Looks up a field path in canonical object text ({@link CanonicalJson}) without building a tree:
 * the text is known to be valid, compact and free of duplicate names, so skipping values needs no
 * checks. The top-level fields are located once per object ({@link #fields}): a reader usually
 * asks one object for several paths (the sessionizer reads four from each event's context), and
 * skipping the top level's nested values is most of a lookup's work.
 */
final class CanonicalPaths {
  private static final int[] NO_FIELDS = {};

  private CanonicalPaths() {}

  /**
   * Where the top-level fields of the canonical object {@code b} are: for the k-th field, {@code
   * [2k]} is its name's opening quote and {@code [2k + 1]} its value's first byte.
   */
  static int[] fields(byte[] b) {
    if (b[1] == '}') {
      return NO_FIELDS;
    }
    int[] at = new int[16];
    int n = 0;
    int i = 1;
    while (true) {
      int nameEnd = skipString(b, i);
      if (n == at.length) {
        at = java.util.Arrays.copyOf(at, n * 2);
      }
      at[n] = i;
      at[n + 1] = nameEnd + 1; // after the colon
      n += 2;
      i = skipValue(b, nameEnd + 1);
      if (b[i] != ',') {
        return n == at.length ? at : java.util.Arrays.copyOf(at, n); // the closing brace
      }
      i++;
    }
  }

  /**
   * See {@link JsonObject#scalarText}; {@code b} holds one canonical object and {@code fields} its
   * {@link #fields}.
   */
  static String scalarText(byte[] b, int[] fields, String[] path) {
    if (path.length == 0) {
      return null; // the object itself is not a scalar
    }
    int p = -1;
    String first = path[0];
    for (int k = 0; k < fields.length; k += 2) {
      int value = fields[k + 1];
      if (nameIs(b, fields[k] + 1, value - 2, first)) { // the name's content ends before its quote and the colon
        p = value;
        break;
      }
    }
    if (p < 0) {
      return null;
    }
    for (int i = 1; i < path.length; i++) {
      if (b[p] != '{') {
        return null;
      }
      p = valueOf(b, p, path[i]);
      if (p < 0) {
        return null;
      }
    }
    return scalar(b, p);
  }

  /** The text of the scalar at {@code b[p]} as Jackson's {@code asText()}, null for null and containers. */
  private static String scalar(byte[] b, int p) {
    switch (b[p]) {
      case '"':
        return string(b, p + 1, skipString(b, p) - 1);
      case 't':
        return "true";
      case 'f':
        return "false";
      case 'n':
      case '{':
      case '[':
        return null;
      default:
        return new String(b, p, skipScalar(b, p) - p, StandardCharsets.ISO_8859_1); // a number's text
    }
  }

  /** The position of {@code field}'s value in the object at {@code b[p]}, or -1. */
  private static int valueOf(byte[] b, int p, String field) {
    int i = p + 1;
    if (b[i] == '}') {
      return -1;
    }
    while (true) {
      int nameEnd = skipString(b, i);
      if (nameIs(b, i + 1, nameEnd - 1, field)) {
        return nameEnd + 1; // after the colon
      }
      i = skipValue(b, nameEnd + 1);
      if (b[i] != ',') {
        return -1; // the closing brace
      }
      i++;
    }
  }

  private static boolean nameIs(byte[] b, int from, int to, String name) {
    int n = name.length();
    if (to - from == n) {
      int i = 0;
      while (i < n && b[from + i] == name.charAt(i) && b[from + i] != '\\') { // ASCII, no escapes: as it reads
        i++;
      }
      if (i == n) {
        return true;
      }
    }
    for (int i = from; i < to; i++) {
      if (b[i] < 0 || b[i] == '\\') {
        return string(b, from, to).equals(name); // escapes or non-ASCII: compare decoded
      }
    }
    return false;
  }

  private static int skipString(byte[] b, int p) {
    int i = p + 1;
    while (true) {
      i = JsonBytes.firstSpecial(b, i, b.length); // eight plain bytes at a time
      byte c = b[i];
      if (c == '"') {
        return i + 1;
      }
      i += c == '\\' ? 2 : 1;
    }
  }

  private static int skipValue(byte[] b, int p) {
    byte c = b[p];
    if (c == '"') {
      return skipString(b, p);
    }
    if (c != '{' && c != '[') {
      return skipScalar(b, p);
    }
    int depth = 0;
    int i = p;
    do {
      c = b[i];
      if (c == '"') {
        i = skipString(b, i);
        continue;
      }
      if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
      i++;
    } while (depth > 0);
    return i;
  }

  private static int skipScalar(byte[] b, int p) {
    int i = p;
    while (i < b.length && b[i] != ',' && b[i] != '}' && b[i] != ']') {
      i++;
    }
    return i;
  }

  /** The value of a canonical string's content {@code b[from, to)}: UTF-8 with short escapes only. */
  private static String string(byte[] b, int from, int to) {
    int escape = from;
    while (escape < to && b[escape] != '\\') {
      escape++;
    }
    if (escape == to) {
      return new String(b, from, to - from, StandardCharsets.UTF_8);
    }
    byte[] out = new byte[to - from];
    int n = 0;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c == '\\') {
        c = b[++i];
        c = switch (c) {
          case 'b' -> '\b';
          case 't' -> '\t';
          case 'n' -> '\n';
          case 'f' -> '\f';
          case 'r' -> '\r';
          default -> c; // a quote or a backslash
        };
      }
      out[n++] = c;
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }
}
