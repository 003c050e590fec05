package io.tidemark.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The eight-bytes-at-a-time string scans must find exactly what a byte-by-byte scan finds: every
 * kind of special byte (quote, backslash, each control character, each byte above 0x7F) at every
 * offset within and across words, behind plain runs of every length.
 */
class JsonBytesTest {
  private static final byte PLAIN = 'a';

  @Test
  void plainStringEnd_findsTheClosingQuote_atEveryOffset() {
    for (int length = 0; length < 40; length++) {
      for (int start = 0; start < 9; start++) {
        byte[] b = plain(start + length + 1 + 16);
        b[start + length] = '"';
        assertThat(JsonBytes.plainStringEnd(b, start)).as("start %d length %d", start, length).isEqualTo(start + length);
      }
    }
  }

  @Test
  void plainStringEnd_givesUpAtEverySpecialByteBeforeTheQuote() {
    for (int special = 0; special < 256; special++) {
      boolean plain = special >= 0x20 && special < 0x80 && special != '\\' && special != '"';
      for (int offset = 0; offset < 20; offset++) {
        byte[] b = plain(offset + 1 + 1 + 16);
        b[offset] = (byte) special;
        b[offset + 1] = '"';
        int at = offset;
        if (special == '"') {
          assertThat(JsonBytes.plainStringEnd(b, 0)).isEqualTo(at);
        } else if (plain) {
          assertThat(JsonBytes.plainStringEnd(b, 0)).as("byte %d at %d", special, at).isEqualTo(at + 1);
        } else {
          assertThatThrownBy(() -> JsonBytes.plainStringEnd(b, 0)).as("byte %d at %d", special, at)
              .isSameAs(JsonBytes.GIVE_UP);
        }
      }
    }
  }

  @Test
  void plainStringEnd_runningOffTheArray_throws() {
    byte[] b = plain(21);
    assertThatThrownBy(() -> JsonBytes.plainStringEnd(b, 3)).isInstanceOf(ArrayIndexOutOfBoundsException.class);
  }

  @Test
  void skipString_agreesWithAByteByByteScan_overRandomStrings() {
    Random r = new Random(7);
    byte[] alphabet = "ab \"\\/nu0F\t\u007f".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    for (int k = 0; k < 100_000; k++) {
      byte[] b = new byte[1 + r.nextInt(30) + 16];
      for (int i = 1; i < b.length; i++) {
        b[i] = r.nextInt(4) == 0 ? alphabet[r.nextInt(alphabet.length)] : (byte) (r.nextInt(4) == 0 ? 0xC3 : 'x');
      }
      b[0] = '"';
      Object expected = referenceSkipString(b);
      Object actual;
      try {
        actual = JsonBytes.skipString(b, 0);
      } catch (JsonBytes.GiveUp | ArrayIndexOutOfBoundsException e) {
        actual = "give up";
      }
      assertThat(actual).as(Arrays.toString(b)).isEqualTo(expected);
    }
  }

  private static byte[] plain(int length) {
    byte[] b = new byte[length];
    Arrays.fill(b, PLAIN);
    return b;
  }

  /** The position after the string at 0, byte by byte, or "give up". */
  private static Object referenceSkipString(byte[] b) {
    int p = 1;
    while (p < b.length) {
      int c = b[p++] & 0xFF;
      if (c == '"') {
        return p;
      }
      if (c < 0x20 || c >= 0x80) {
        return "give up";
      }
      if (c == '\\') {
        if (p >= b.length) {
          return "give up";
        }
        int x = b[p++];
        if ("\"\\/bfnrt".indexOf(x) >= 0) {
          continue;
        }
        if (x != 'u' || p + 4 > b.length) {
          return "give up";
        }
        for (int k = 0; k < 4; k++) {
          if (Character.digit(b[p++], 16) < 0) {
            return "give up";
          }
        }
      }
    }
    return "give up";
  }
}
