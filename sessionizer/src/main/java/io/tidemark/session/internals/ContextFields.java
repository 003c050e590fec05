package io.tidemark.session.internals;

import io.tidemark.events.JsonObject;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The four {@code context} fields a session summary reads ({@code app.version}, {@code os.name},
 * {@code device.type}, {@code page.path}), taken in one pass over the context's canonical text,
 * and only those asked for. Each value equals {@link JsonObject#scalarText} of its path, which
 * scans the whole text once per path: a context without {@code app} (every web event) was read to
 * its end three or four times per event.
 *
 * <p>Canonical text (Jackson's output) is compact and has no duplicate names, and the four names
 * are plain ASCII, which canonical text never escapes: a byte comparison finds them. A string
 * value with an escape is rare and is left to {@link JsonObject#scalarText}, so that escapes are
 * decoded by one piece of code only.
 */
record ContextFields(String appVersion, String osName, String deviceType, String pagePath) {

  static final int APP_VERSION = 1;
  static final int OS_NAME = 2;
  static final int DEVICE_TYPE = 4;
  static final int PAGE_PATH = 8;

  static final ContextFields NONE = new ContextFields(null, null, null, null);

  private static final byte[] APP = ascii("app");
  private static final byte[] OS = ascii("os");
  private static final byte[] DEVICE = ascii("device");
  private static final byte[] PAGE = ascii("page");
  private static final byte[] VERSION = ascii("version");
  private static final byte[] NAME = ascii("name");
  private static final byte[] TYPE = ascii("type");
  private static final byte[] PATH = ascii("path");

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  /** The fields of {@code context} whose bits are set in {@code wanted}; the others are null. */
  static ContextFields read(JsonObject context, int wanted) {
    if (wanted == 0 || context.isEmpty()) {
      return NONE;
    }
    byte[] b = context.utf8();
    String appVersion = null;
    String osName = null;
    String deviceType = null;
    String pagePath = null;
    int i = 1; // after the opening brace; an empty object was answered above
    while (wanted != 0) {
      int nameEnd = stringEnd(b, i + 1);
      int value = nameEnd + 2; // after the closing quote and the colon
      if ((wanted & APP_VERSION) != 0 && is(b, i + 1, nameEnd, APP)) {
        appVersion = member(context, b, value, VERSION, "app", "version");
        wanted &= ~APP_VERSION;
      } else if ((wanted & OS_NAME) != 0 && is(b, i + 1, nameEnd, OS)) {
        osName = member(context, b, value, NAME, "os", "name");
        wanted &= ~OS_NAME;
      } else if ((wanted & DEVICE_TYPE) != 0 && is(b, i + 1, nameEnd, DEVICE)) {
        deviceType = member(context, b, value, TYPE, "device", "type");
        wanted &= ~DEVICE_TYPE;
      } else if ((wanted & PAGE_PATH) != 0 && is(b, i + 1, nameEnd, PAGE)) {
        pagePath = member(context, b, value, PATH, "page", "path");
        wanted &= ~PAGE_PATH;
      }
      i = skipValue(b, value);
      if (b[i] != ',') {
        break; // the closing brace
      }
      i++;
    }
    return new ContextFields(appVersion, osName, deviceType, pagePath);
  }

  /** The scalar text of member {@code name} of the object at {@code b[p]}, or null. */
  private static String member(JsonObject context, byte[] b, int p, byte[] name, String outer, String inner) {
    if (b[p] != '{' || b[p + 1] == '}') {
      return null;
    }
    int i = p + 1;
    while (true) {
      int nameEnd = stringEnd(b, i + 1);
      int value = nameEnd + 2;
      if (is(b, i + 1, nameEnd, name)) {
        return scalar(context, b, value, outer, inner);
      }
      i = skipValue(b, value);
      if (b[i] != ',') {
        return null;
      }
      i++;
    }
  }

  private static String scalar(JsonObject context, byte[] b, int p, String outer, String inner) {
    switch (b[p]) {
      case '"': {
        int end = stringEnd(b, p + 1);
        for (int k = p + 1; k < end; k++) {
          if (b[k] == '\\') {
            return context.scalarText(outer, inner); // escapes: decoded where the rest are
          }
        }
        return new String(b, p + 1, end - p - 1, StandardCharsets.UTF_8);
      }
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

  private static boolean is(byte[] b, int from, int to, byte[] name) {
    if (to - from != name.length) {
      return false;
    }
    for (int k = 0; k < name.length; k++) {
      if (b[from + k] != name[k]) {
        return false;
      }
    }
    return true;
  }

  /** The index of the closing quote of the string whose content starts at {@code i}. */
  private static int stringEnd(byte[] b, int i) {
    while (true) {
      int limit = b.length - 8;
      while (i <= limit) { // eight bytes at a time: the first quote or backslash (SWAR)
        long x = (long) LONGS.get(b, i);
        long quote = x ^ 0x2222222222222222L;
        long backslash = x ^ 0x5C5C5C5C5C5C5C5CL;
        long m = ((quote - ONES) & ~quote | (backslash - ONES) & ~backslash) & HIGH_BITS;
        if (m != 0) {
          i += Long.numberOfTrailingZeros(m) >>> 3;
          break;
        }
        i += 8;
      }
      byte c = b[i];
      if (c == '"') {
        return i;
      }
      i += c == '\\' ? 2 : 1;
    }
  }

  private static int skipValue(byte[] b, int p) {
    byte c = b[p];
    if (c == '"') {
      return stringEnd(b, p + 1) + 1;
    }
    if (c != '{' && c != '[') {
      return skipScalar(b, p);
    }
    int depth = 0;
    int i = p;
    do {
      c = b[i];
      if (c == '"') {
        i = stringEnd(b, i + 1) + 1;
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

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
