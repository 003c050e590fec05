package io.tidemark.bench.peer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.zip.GZIPInputStream;

/**
 * The engine side's source: reads an NDJSON(.gz) file once, on one thread, and hands each line to
 * the task that owns its key, in batches, as a Kafka topic keyed by device would have partitioned it.
 * The key is found by a scan for the top-level {@code "anonymousId":"..."} (else {@code "userId"}),
 * falling back to a full parse when the line is written differently; the task parses every line
 * fully. An empty batch marks the end of input.
 */
final class LinePartitioner {

  static final byte[][] END = new byte[0][];
  private static final byte[] ANONYMOUS_ID = "\"anonymousId\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] USER_ID = "\"userId\":\"".getBytes(StandardCharsets.US_ASCII);

  private final int batchSize;

  LinePartitioner(int batchSize) {
    this.batchSize = batchSize;
  }

  /** Reads {@code file} into {@code queues} (one per task); returns the number of lines. */
  long run(Path file, BlockingQueue<byte[][]>[] queues) throws IOException, InterruptedException {
    int n = queues.length;
    byte[][][] batches = new byte[n][batchSize][];
    int[] fill = new int[n];
    long lines = 0;
    InputStream raw = Files.newInputStream(file);
    if (file.getFileName().toString().endsWith(".gz")) {
      raw = new GZIPInputStream(raw, 1 << 16);
    }
    try (InputStream in = new BufferedInputStream(raw, 1 << 20)) {
      byte[] buf = new byte[1 << 20];
      int len = 0;
      int read;
      while ((read = in.read(buf, len, buf.length - len)) > 0) {
        len += read;
        int from = 0;
        for (int i = 0; i < len; i++) {
          if (buf[i] == '\n') {
            if (i > from) {
              lines++;
              byte[] line = Arrays.copyOfRange(buf, from, i);
              int t = partition(line, n);
              batches[t][fill[t]++] = line;
              if (fill[t] == batchSize) {
                queues[t].put(batches[t]);
                batches[t] = new byte[batchSize][];
                fill[t] = 0;
              }
            }
            from = i + 1;
          }
        }
        System.arraycopy(buf, from, buf, 0, len - from);
        len -= from;
        if (len == buf.length) {
          buf = Arrays.copyOf(buf, buf.length * 2); // a line longer than the buffer
        }
      }
      if (len > 0) {
        lines++;
        byte[] line = Arrays.copyOf(buf, len);
        int t = partition(line, n);
        batches[t][fill[t]++] = line;
      }
    }
    for (int t = 0; t < n; t++) {
      if (fill[t] > 0) {
        queues[t].put(Arrays.copyOf(batches[t], fill[t]));
      }
      queues[t].put(END);
    }
    return lines;
  }

  /** The task of the line's key: its UTF-8 bytes' hash modulo the number of tasks. */
  static int partition(byte[] line, int tasks) {
    int at = find(line, ANONYMOUS_ID);
    if (at < 0) {
      at = find(line, USER_ID);
    }
    int end = at < 0 ? -1 : indexOf(line, (byte) '"', at);
    if (end < 0 || indexOf(line, (byte) '\\', at, end) >= 0) {
      byte[] key = SegmentLines.parse(line, 0, line.length).key().getBytes(StandardCharsets.UTF_8);
      return Math.floorMod(hash(key, 0, key.length), tasks);
    }
    return Math.floorMod(hash(line, at, end), tasks);
  }

  private static int hash(byte[] b, int from, int to) {
    int h = 1;
    for (int i = from; i < to; i++) {
      h = 31 * h + b[i];
    }
    return h ^ (h >>> 16);
  }

  /** The index just after {@code pattern}'s first occurrence, or -1. */
  private static int find(byte[] line, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= line.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (line[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i + pattern.length;
    }
    return -1;
  }

  private static int indexOf(byte[] line, byte b, int from) {
    return indexOf(line, b, from, line.length);
  }

  private static int indexOf(byte[] line, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (line[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
