package io.tidemark.benchmarks.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Closed-loop HTTP/1.1 load: {@code concurrency} keep-alive TCP connections, each with one request
 * in flight; a connection sends its next pre-serialized request as soon as the last is answered,
 * cycling through the given requests. All connections are driven by one thread on one selector
 * (non-blocking sockets): a thread per connection costs the shared cores a wake-up and two context
 * switches per request, which is load-generator overhead, not gateway work.
 *
 * <p>Only answers that arrive inside the measured window count, so the rate is not inflated by
 * requests started during the warm-up; the process CPU time is read at the window's edges too, so
 * that the warm-up's work (JIT compilation above all) is not charged to its events. An answer is
 * read whole (status line, headers, {@code Content-Length} body); {@code Connection: close} or a
 * broken connection reconnects (a broken one counts as status -1).
 */
final class HttpLoad {
  private static final int WARMUP = 0;
  private static final int MEASURE = 1;
  private static final int STOP = 2;
  /** Largest answer head (status line and headers) the client accepts. */
  private static final int MAX_HEAD = 16 * 1024;

  private final InetSocketAddress address;
  private final List<ByteBuffer> requests = new ArrayList<>();
  private final int eventsPerRequest;
  private volatile int phase = WARMUP;
  private final Latencies latencies = new Latencies();
  private final Map<Integer, Long> statuses = new TreeMap<>();
  private volatile Throwable failure;
  private int busy; // connections still to be answered once the phase is STOP

  HttpLoad(String host, int port, List<byte[]> requests, int eventsPerRequest) {
    this.address = new InetSocketAddress(host, port);
    for (byte[] request : requests) {
      // direct buffers: written to the socket as they are, without a copy per write
      ByteBuffer direct = ByteBuffer.allocateDirect(request.length).put(request).flip();
      this.requests.add(direct.asReadOnlyBuffer());
    }
    this.eventsPerRequest = eventsPerRequest;
  }

  RunResult run(String name, int concurrency, int warmupSeconds, int seconds, LongSupplier cpuNanos)
      throws InterruptedException {
    Thread thread = new Thread(() -> {
      try {
        loop(concurrency);
      } catch (Throwable e) {
        failure = e;
      }
    }, "http-load");
    thread.setDaemon(true);
    thread.start();
    Thread.sleep(warmupSeconds * 1000L);
    long cpuAtStart = cpuNanos.getAsLong();
    phase = MEASURE;
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long cpu = cpuNanos.getAsLong() - cpuAtStart;
    phase = STOP;
    double measured = (System.nanoTime() - start) / 1e9;
    thread.join(120_000);
    if (failure != null) {
      throw new IllegalStateException("the load generator failed", failure);
    }
    if (thread.isAlive()) {
      throw new IllegalStateException("the load generator did not stop: answers still missing after 120 s");
    }
    long[] sorted = Latencies.merged(List.of(latencies));
    long ok = statuses.entrySet().stream().filter(e -> e.getKey() >= 200 && e.getKey() < 300)
        .mapToLong(Map.Entry::getValue).sum();
    return new RunResult(name, measured, ok * eventsPerRequest, sorted.length, Map.copyOf(statuses),
        Latencies.percentile(sorted, 50) / 1000, Latencies.percentile(sorted, 99) / 1000, cpu);
  }

  /** The selector loop: runs until the phase is STOP and every connection has its answer. */
  private void loop(int concurrency) throws IOException {
    try (Selector selector = Selector.open()) {
      List<Connection> connections = new ArrayList<>();
      busy = concurrency;
      for (int c = 0; c < concurrency; c++) {
        Connection connection = new Connection(selector, c * requests.size() / concurrency);
        connections.add(connection);
        next(connection);
      }
      while (busy > 0) {
        selector.select(100);
        for (SelectionKey key : selector.selectedKeys()) {
          Connection connection = (Connection) key.attachment();
          if (key.isValid() && (key.isWritable() ? connection.write() : connection.read())) {
            next(connection);
          }
        }
        selector.selectedKeys().clear();
      }
      connections.forEach(Connection::close);
    }
  }

  /** After an answer: the connection's next request, or none once the run stops. */
  private void next(Connection connection) throws IOException {
    while (phase != STOP) {
      if (!connection.send()) {
        return; // in flight
      }
    }
    busy--;
  }

  private void answered(int status, long nanos) {
    if (phase == MEASURE) {
      latencies.record(nanos);
      statuses.merge(status, 1L, Long::sum);
    }
  }

  /** One keep-alive connection and the state of its one request in flight. */
  private final class Connection {
    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocateDirect(MAX_HEAD);
    private SocketChannel channel;
    private SelectionKey key;
    private ByteBuffer out;
    private int next;
    private long started;
    private int status = -1; // -1 until the answer's head is complete
    private long bodyLeft;
    private boolean closeAfter;

    Connection(Selector selector, int first) {
      this.selector = selector;
      this.next = first;
    }

    /** Starts the next request (connecting first if need be); true if it failed at once. */
    boolean send() throws IOException {
      if (channel == null) {
        channel = SocketChannel.open(address); // a blocking connect, then non-blocking use
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.configureBlocking(false);
        key = channel.register(selector, 0, this);
      }
      out = requests.get(next++ % requests.size()).duplicate();
      started = System.nanoTime();
      in.clear();
      status = -1;
      return write();
    }

    /** Writes what the socket takes, then waits to read; true only if the connection broke. */
    boolean write() {
      try {
        channel.write(out);
      } catch (IOException e) {
        return broken();
      }
      key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
      return false;
    }

    /** Reads what has arrived; true when the whole answer is in. */
    boolean read() {
      int n;
      try {
        n = channel.read(in);
      } catch (IOException e) {
        return broken();
      }
      if (n < 0) {
        return broken();
      }
      if (status < 0) {
        int headEnd = headEnd();
        if (headEnd < 0) {
          if (!in.hasRemaining()) {
            throw new IllegalStateException("an answer's head is larger than " + MAX_HEAD + " bytes");
          }
          return false;
        }
        head(headEnd);
        bodyLeft -= in.position() - headEnd;
      } else {
        bodyLeft -= n;
      }
      in.clear();
      if (bodyLeft > 0) {
        return false;
      }
      if (bodyLeft < 0) {
        throw new IllegalStateException("the server sent more than the answer's Content-Length");
      }
      answered(status, System.nanoTime() - started);
      if (closeAfter) {
        close();
      }
      return true;
    }

    /** The offset just past the blank line ending the head, or -1 if it has not all arrived. */
    private int headEnd() {
      for (int i = 3; i < in.position(); i++) {
        if (in.get(i) == '\n' && in.get(i - 1) == '\r' && in.get(i - 2) == '\n' && in.get(i - 3) == '\r') {
          return i + 1;
        }
      }
      return -1;
    }

    private void head(int length) {
      byte[] bytes = new byte[length];
      in.get(0, bytes);
      String[] lines = new String(bytes, StandardCharsets.ISO_8859_1).split("\r\n");
      if (!lines[0].startsWith("HTTP/1.1 ") || lines[0].length() < 12) {
        throw new IllegalStateException("not an HTTP/1.1 status line: " + lines[0]);
      }
      status = Integer.parseInt(lines[0].substring(9, 12));
      long contentLength = -1;
      closeAfter = false;
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = lines[i].substring(0, colon).trim();
        String value = lines[i].substring(colon + 1).trim();
        if (name.equalsIgnoreCase("Content-Length")) {
          contentLength = Long.parseLong(value);
        } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
          closeAfter = true;
        } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
          throw new IllegalStateException("the load generator reads Content-Length answers only, got " + lines[i]);
        }
      }
      if (contentLength < 0) {
        throw new IllegalStateException("an answer without Content-Length: " + lines[0]);
      }
      bodyLeft = contentLength;
    }

    /** The connection failed mid-request: counted as status -1, reconnected for the next request. */
    private boolean broken() {
      answered(-1, System.nanoTime() - started);
      close();
      return true;
    }

    void close() {
      if (channel != null) {
        key.cancel();
        try {
          channel.close();
        } catch (IOException ignored) {
          // closing a connection we are done with
        }
        channel = null;
      }
    }
  }
}
