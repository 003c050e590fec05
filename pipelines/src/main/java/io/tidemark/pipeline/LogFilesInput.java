package io.tidemark.pipeline;

import io.tidemark.events.Envelope;
import io.tidemark.events.EventJson;
import io.tidemark.events.Normalized;
import io.tidemark.events.Normalizer;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The envelopes of NDJSON(.gz) log files, in file order then line order. Each line is an envelope
 * (taken as it is) or a raw Segment event, normalized with the gateway's own {@link Normalizer}:
 * received at its own {@code receivedAt} when it has a valid one (Segment's archives do), else at
 * {@code defaultReceivedAt}; its source is {@code source}. Lines the normalizer rejects (and blank
 * lines) are skipped and counted; a line that is not JSON, or an unreadable envelope, is an error
 * naming the file and line.
 *
 * <p>{@link #bytesRead()} and {@link #totalBytes()} (sizes on disk, compressed for .gz) give progress.
 */
public final class LogFilesInput implements Iterator<Envelope>, AutoCloseable {

  private static final int MAX_EVENT_BYTES = 32 * 1024;

  private final List<Path> files;
  private final Instant defaultReceivedAt;
  private final String source;
  private final Normalizer normalizer = new Normalizer(MAX_EVENT_BYTES);
  private final long totalBytes;
  private long bytesBefore;
  private CountingStream counting;
  private BufferedReader reader;
  private int fileIndex = -1;
  private long lineNumber;
  private long rejected;
  private Envelope next;

  public LogFilesInput(List<Path> files, Instant defaultReceivedAt, String source) throws IOException {
    this.files = List.copyOf(files);
    this.defaultReceivedAt = defaultReceivedAt;
    this.source = source;
    long total = 0;
    for (Path f : this.files) {
      total += Files.size(f);
    }
    this.totalBytes = total;
  }

  /**
   * The files {@code pathOrGlob} names: a file, a directory (its {@code .ndjson}, {@code .json},
   * {@code .jsonl} files and their {@code .gz}, not recursive), or a glob in the last path elements
   * ({@code logs/2026-03-*.ndjson.gz}, {@code logs/**.gz}); sorted by path so runs are repeatable.
   */
  public static List<Path> resolve(String pathOrGlob) throws IOException {
    int glob = firstGlobChar(pathOrGlob);
    List<Path> out = new ArrayList<>();
    if (glob < 0) {
      Path p = Path.of(pathOrGlob);
      if (Files.isDirectory(p)) {
        PathMatcher logs = FileSystems.getDefault().getPathMatcher("glob:*.{ndjson,json,jsonl}{,.gz}");
        try (Stream<Path> s = Files.list(p)) {
          s.filter(f -> Files.isRegularFile(f) && logs.matches(f.getFileName())).forEach(out::add);
        }
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      } else {
        throw new IOException("no such file or directory: " + pathOrGlob);
      }
    } else {
      int slash = pathOrGlob.lastIndexOf('/', glob);
      Path base = Path.of(slash < 0 ? "." : slash == 0 ? "/" : pathOrGlob.substring(0, slash));
      String pattern = pathOrGlob.substring(slash + 1);
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      if (Files.isDirectory(base)) {
        try (Stream<Path> s = Files.walk(base)) {
          s.filter(Files::isRegularFile).filter(f -> m.matches(base.relativize(f))).forEach(out::add);
        }
      }
      if (out.isEmpty()) {
        throw new IOException("no file matches " + pathOrGlob);
      }
    }
    out.sort(null);
    return out;
  }

  private static int firstGlobChar(String s) {
    for (int i = 0; i < s.length(); i++) {
      if ("*?[{".indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      try {
        if (reader == null && !openNext()) {
          return false;
        }
        String line = reader.readLine();
        if (line == null) {
          bytesBefore += counting.count;
          reader.close();
          reader = null;
          continue;
        }
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        Normalized n;
        try {
          n = EventJson.readLine(bytes, 0, bytes.length, normalizer, defaultReceivedAt, source);
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(files.get(fileIndex) + " line " + lineNumber + ": " + e.getMessage(), e);
        }
        if (n instanceof Normalized.Accepted a) {
          next = a.envelope();
        } else {
          rejected++;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + files.get(fileIndex), e);
      }
    }
    return true;
  }

  private boolean openNext() throws IOException {
    if (fileIndex + 1 >= files.size()) {
      return false;
    }
    fileIndex++;
    lineNumber = 0;
    Path f = files.get(fileIndex);
    counting = new CountingStream(Files.newInputStream(f));
    InputStream in = f.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(counting, 1 << 16) : counting;
    reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    return true;
  }

  @Override
  public Envelope next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Envelope e = next;
    next = null;
    return e;
  }

  /** Bytes of the files consumed so far (as stored: compressed for .gz). */
  public long bytesRead() {
    return bytesBefore + (reader != null ? counting.count : 0);
  }

  public long totalBytes() {
    return totalBytes;
  }

  /** Lines the normalizer refused (e.g. no ids, bad type); they are not replayed. */
  public long rejected() {
    return rejected;
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }

  /** Counts bytes read from the file; read from the task thread only, so plain fields suffice. */
  private static final class CountingStream extends FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(n);
      count += s;
      return s;
    }
  }
}
