package io.tidemark.pipeline;

import io.tidemark.events.Envelope;
import io.tidemark.events.EventJson;
import io.tidemark.events.Normalized;
import io.tidemark.events.Normalizer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The envelopes of NDJSON(.gz) log files, in file order then line order. Each line is an envelope
 * (taken as it is) or a raw Segment event, normalized with the gateway's own {@link Normalizer}:
 * received at its own {@code receivedAt} when it has a valid one (Segment's archives do), else at
 * {@code defaultReceivedAt}; its source is {@code source}. Lines the normalizer rejects (and blank
 * lines) are skipped and counted; a line that is not JSON (malformed UTF-8 included), or an
 * unreadable envelope, is an error naming the file and line, raised when iteration reaches it.
 * Lines end with {@code \n} or {@code \r\n}.
 *
 * <p>Parsing runs ahead of the iteration on {@code parsers} threads: a reader thread cuts the input
 * into blocks of whole lines, the parser threads turn blocks into envelopes concurrently, and
 * {@link #next()} hands them out in input order. The iterator itself is for one consuming thread.
 * {@link #close()} stops the threads.
 *
 * <p>{@link #bytesRead()} and {@link #totalBytes()} (sizes on disk, compressed for .gz) give progress.
 */
public final class LogFilesInput implements Iterator<Envelope>, AutoCloseable {

  private static final int MAX_EVENT_BYTES = 32 * 1024;
  /** Lines are handed to parsers in blocks of about this many bytes. */
  private static final int BLOCK_BYTES = 256 << 10;
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final List<Path> files;
  private final Instant defaultReceivedAt;
  private final String source;
  private final Normalizer normalizer = new Normalizer(MAX_EVENT_BYTES);
  private final long totalBytes;
  private final ExecutorService parsers;
  /** Parsed blocks in input order; the reader blocks when parsing or the consumer falls behind. */
  private final BlockingQueue<CompletableFuture<Parsed>> blocks;
  private final Thread reader;
  private volatile boolean closed;
  private volatile long bytesRead;
  private volatile long rejected;
  private Parsed current;
  private int position;
  private boolean ended;

  /** What the reader cut: whole lines of one file, the first being line {@code firstLine}. */
  private record Block(int file, long firstLine, byte[] data, int length, long bytesAfter) {
  }

  /** A block's envelopes, or the error of its first bad line; {@code last} marks the end of input. */
  private record Parsed(List<Envelope> envelopes, long rejected, long bytesAfter, RuntimeException error,
                        boolean last) {
  }

  /** Parses on as many threads as the machine has cores. */
  public LogFilesInput(List<Path> files, Instant defaultReceivedAt, String source) throws IOException {
    this(files, defaultReceivedAt, source, Runtime.getRuntime().availableProcessors());
  }

  public LogFilesInput(List<Path> files, Instant defaultReceivedAt, String source, int parserThreads)
      throws IOException {
    if (parserThreads < 1) {
      throw new IllegalArgumentException("parserThreads must be at least 1: " + parserThreads);
    }
    this.files = List.copyOf(files);
    this.defaultReceivedAt = defaultReceivedAt;
    this.source = source;
    long total = 0;
    for (Path f : this.files) {
      total += Files.size(f);
    }
    this.totalBytes = total;
    int id = INSTANCES.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    this.parsers = Executors.newFixedThreadPool(parserThreads, r -> daemon(r,
        "log-parser-" + id + "-" + threads.incrementAndGet()));
    this.blocks = new ArrayBlockingQueue<>(parserThreads + 2);
    this.reader = daemon(this::readAll, "log-reader-" + id);
    reader.start();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
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
    while (current == null || position == current.envelopes().size()) {
      if (ended) {
        return false;
      }
      if (current != null && current.error() != null) {
        throw current.error();
      }
      Parsed p;
      try {
        p = blocks.take().get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading " + files, e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("parsing " + files + " failed", e.getCause());
      }
      current = p;
      position = 0;
      rejected += p.rejected();
      bytesRead = p.bytesAfter();
      ended = p.last();
      if (p.error() != null && p.envelopes().isEmpty()) {
        throw p.error();
      }
    }
    return true;
  }

  @Override
  public Envelope next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return current.envelopes().get(position++);
  }

  /** Bytes of the files consumed so far (as stored: compressed for .gz), by blocks handed out. */
  public long bytesRead() {
    return bytesRead;
  }

  public long totalBytes() {
    return totalBytes;
  }

  /** Lines the normalizer refused (e.g. no ids, bad type) so far; they are not replayed. */
  public long rejected() {
    return rejected;
  }

  @Override
  public void close() {
    closed = true;
    reader.interrupt();
    parsers.shutdownNow();
  }

  /** The reader thread: cuts every file into blocks of whole lines and queues their parsing. */
  private void readAll() {
    long before = 0;
    try {
      for (int f = 0; f < files.size() && !closed; f++) {
        before = readFile(f, before);
      }
      enqueue(CompletableFuture.completedFuture(new Parsed(List.of(), 0, before, null, true)));
    } catch (InterruptedException e) {
      // closed
    } catch (RuntimeException e) {
      enqueueQuietly(new Parsed(List.of(), 0, before, e, true));
    }
  }

  /** Queues the blocks of file {@code f}; returns the bytes read so far including this file's. */
  private long readFile(int f, long before) throws InterruptedException {
    Path path = files.get(f);
    try (CountingStream counting = new CountingStream(Files.newInputStream(path));
         InputStream in = path.getFileName().toString().endsWith(".gz")
             ? new GZIPInputStream(counting, 1 << 16) : counting) {
      byte[] buf = new byte[BLOCK_BYTES];
      int filled = 0;
      long line = 1;
      while (!closed) {
        filled += in.readNBytes(buf, filled, buf.length - filled);
        boolean eof = filled < buf.length;
        int cut = eof ? filled : lastNewline(buf, filled) + 1;
        if (cut == 0 && !eof) {
          buf = Arrays.copyOf(buf, buf.length * 2); // a line longer than the buffer: make room for it
          continue;
        }
        if (cut > 0) {
          Block b = new Block(f, line, Arrays.copyOf(buf, cut), cut, before + counting.count);
          line += Newlines.count(b.data(), cut);
          enqueue(CompletableFuture.supplyAsync(() -> parse(b), parsers));
          System.arraycopy(buf, cut, buf, 0, filled - cut);
          filled -= cut;
        }
        if (eof) {
          break;
        }
      }
      return before + counting.count;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  private void enqueue(CompletableFuture<Parsed> f) throws InterruptedException {
    blocks.put(f);
  }

  private void enqueueQuietly(Parsed p) {
    try {
      blocks.put(CompletableFuture.completedFuture(p));
    } catch (InterruptedException e) {
      // closed
    }
  }

  /** One block's lines as envelopes; stops at the first line that is an error. */
  private Parsed parse(Block b) {
    List<Envelope> out = new ArrayList<>(b.length() / 400 + 1);
    long rejectedLines = 0;
    byte[] data = b.data();
    long line = b.firstLine();
    int start = 0;
    while (start < b.length()) {
      int end = Newlines.next(data, start, b.length());
      int stop = end > start && data[end - 1] == '\r' ? end - 1 : end;
      if (!blank(data, start, stop)) {
        Normalized n;
        try {
          n = EventJson.readLineToEnvelope(data, start, stop - start, normalizer, defaultReceivedAt, source);
        } catch (RuntimeException e) {
          IllegalArgumentException error = new IllegalArgumentException(
              files.get(b.file()) + " line " + line + ": " + e.getMessage(), e);
          return new Parsed(out, rejectedLines, b.bytesAfter(), error, false);
        }
        if (n instanceof Normalized.Accepted a) {
          out.add(a.envelope());
        } else {
          rejectedLines++;
        }
      }
      line++;
      start = end + 1;
    }
    return new Parsed(out, rejectedLines, b.bytesAfter(), null, false);
  }

  private static boolean blank(byte[] data, int from, int to) {
    for (int i = from; i < to; i++) {
      byte c = data[i];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != 0x0B) {
        return false;
      }
    }
    return true;
  }

  private static int lastNewline(byte[] buf, int length) {
    for (int i = length - 1; i >= 0; i--) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Counts bytes read from the file; read by the reader thread only. */
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
