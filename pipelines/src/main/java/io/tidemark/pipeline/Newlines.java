package io.tidemark.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds and counts {@code \n} in byte arrays eight bytes at a time: the log reader counts the
 * lines of every block and the parsers cut blocks into lines, two passes over every byte of the
 * input. The test per word is the "has zero byte" of Sean Anderson's Bit Twiddling Hacks applied
 * to {@code word ^ 0x0A0A...}; its lowest set high bit marks the first newline exactly (borrows
 * only carry into the bytes above a match), the bytes above it are counted one by one.
 */
final class Newlines {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Newlines() {
  }

  /** The index of the first {@code \n} in {@code b[from, to)}, or {@code to} when there is none. */
  static int next(byte[] b, int from, int to) {
    int i = from;
    for (int limit = to - 8; i <= limit; i += 8) {
      long x = (long) LONGS.get(b, i) ^ NEWLINES;
      long m = (x - ONES) & ~x & HIGH_BITS;
      if (m != 0) {
        return i + (Long.numberOfTrailingZeros(m) >>> 3); // little-endian: the lowest byte comes first
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return to;
  }

  /** How many {@code \n} {@code b[0, to)} holds. */
  static long count(byte[] b, int to) {
    long n = 0;
    for (int i = next(b, 0, to); i < to; i = next(b, i + 1, to)) {
      n++;
    }
    return n;
  }
}
