package io.tidemark.gateway;

import io.tidemark.events.ErrorCode;
import io.tidemark.events.EventJson;
import io.tidemark.events.Normalized;
import io.tidemark.events.Normalizer;
import io.tidemark.events.RawEvent;
import io.tidemark.events.Receipt;
import io.tidemark.events.RejectedEvent;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Segment tracking routes: read a bounded body, parse it once, normalize each event, produce
 * accepted envelopes to {@code tidemark.events} and rejected events to {@code
 * tidemark.events.rejected}, answer when Kafka has acknowledged them all.
 *
 * <p>Threads: header checks and body reading happen on the IO thread; decompression, parsing,
 * normalization and the (non-blocking, bounded by {@code max.block.ms}) sends on a worker thread;
 * Kafka's callbacks count down a {@link PendingRequest}, which answers on the IO thread.
 */
final class IngestHandler {
  private static final Logger log = LoggerFactory.getLogger(IngestHandler.class);

  private final GatewayConfig config;
  private final BodyParser parser;
  private final Normalizer normalizer;
  private final EventSink sink;
  private final GatewayMetrics metrics;
  private final ByteBudget budget;
  private final RateLimiter limiter;
  private final AtomicLong lastKafkaWarning = new AtomicLong();

  private static final byte[] EMPTY = new byte[0];

  /** An oversized body is read (and dropped) up to this many times the limit before the cut-off. */
  static final int DRAIN_FACTOR = 8;

  IngestHandler(GatewayConfig config, EventSink sink, GatewayMetrics metrics, ByteBudget budget) {
    this.config = config;
    this.parser = new BodyParser(config.limits().maxDepth(), config.limits().maxEvents());
    this.normalizer = new Normalizer(config.limits().maxEventBytes());
    this.sink = sink;
    this.metrics = metrics;
    this.budget = budget;
    this.limiter = new RateLimiter(config.rateLimit(), config.clock());
  }

  GatewayMetrics metrics() {
    return metrics;
  }

  long retryAfterSeconds() {
    return Math.max(1, config.retryAfter().getSeconds());
  }

  /** IO thread: checks what the headers allow, reserves memory, reads the body, dispatches. */
  void handle(HttpServerExchange exchange, Route route) {
    Instant receivedAt = config.clock().instant();
    HeaderMap headers = exchange.getRequestHeaders();
    Decompression encoding;
    String headerKey;
    try {
      checkContentType(headers.getFirst(Headers.CONTENT_TYPE));
      encoding = Decompression.of(headers.getFirst(Headers.CONTENT_ENCODING));
      headerKey = writeKeyFromHeaderOrQuery(exchange);
      if (headerKey != null && config.sourceOf(headerKey) == null) {
        throw new RequestException(ErrorCode.UNAUTHORIZED, "unknown write key");
      }
    } catch (RequestException e) {
      Responses.error(exchange, e.code(), e.getMessage(), e.retryAfterSeconds());
      return;
    }
    int max = config.limits().maxRequestBytes();
    long contentLength = exchange.getRequestContentLength();
    if (contentLength > max) {
      Responses.error(exchange, ErrorCode.BODY_TOO_LARGE,
          "the body is " + contentLength + " bytes, the limit is " + max);
      return;
    }
    long[] reserved = {contentLength >= 0 ? contentLength : max};
    if (!budget.tryReserve(reserved[0])) {
      Responses.error(exchange, ErrorCode.OVERLOADED,
          "the gateway holds too many request bytes; retry later", retryAfterSeconds());
      return;
    }
    exchange.addExchangeCompleteListener((ex, next) -> {
      budget.release(reserved[0]);
      next.proceed();
    });
    // The body is counted here, not by Undertow (whose limit, set at DRAIN_FACTOR times ours in
    // GatewayServer, drops the connection without an answer). Past the limit the rest is read and
    // dropped, then answered 413: answering while the client still sends makes most clients see a
    // reset instead of the answer. Whoever sends more than DRAIN_FACTOR times the limit is cut off.
    BodyBuffer buffer = new BodyBuffer(contentLength >= 0 ? (int) contentLength : 16 * 1024);
    exchange.getRequestReceiver().receivePartialBytes(
        (ex, chunk, last) -> {
          buffer.seen += chunk.length;
          if (!buffer.failed && buffer.seen > max) {
            buffer.failed = true;
            buffer.bytes = null;
          }
          if (buffer.failed) {
            if (last || buffer.seen > (long) DRAIN_FACTOR * max) {
              ex.getRequestReceiver().pause();
              Responses.error(ex, ErrorCode.BODY_TOO_LARGE, "the body is larger than the limit of " + max + " bytes");
            }
            return;
          }
          buffer.append(chunk);
          if (last) {
            byte[] body = buffer.bytes;
            int length = buffer.length;
            if (reserved[0] > length) {
              budget.release(reserved[0] - length);
              reserved[0] = length;
            }
            ex.dispatch(() -> process(ex, route, body, length, encoding, headerKey, receivedAt, reserved));
          }
        },
        (ex, error) -> {
          log.debug("reading a request body failed", error);
          ex.setPersistent(false);
          ex.endExchange();
        });
  }

  /**
   * The body as it arrives. The first chunk (a fresh array from Undertow) is kept as it is, so a
   * body read whole is never copied again; a second chunk starts an own array, grown by doubling,
   * never beyond the request limit.
   */
  private static final class BodyBuffer {
    private final int initial;
    byte[] bytes = EMPTY;
    int length;
    long seen;
    boolean failed;
    private boolean owned;

    BodyBuffer(int initial) {
      this.initial = Math.max(initial, 64);
    }

    void append(byte[] chunk) {
      if (chunk.length == 0) {
        return;
      }
      if (length == 0) {
        bytes = chunk;
        length = chunk.length;
        return;
      }
      if (!owned) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(initial, length + chunk.length));
        owned = true;
      } else if (length + chunk.length > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(length + chunk.length, bytes.length * 2));
      }
      System.arraycopy(chunk, 0, bytes, length, chunk.length);
      length += chunk.length;
    }
  }

  /** Worker thread: decompress, parse, authenticate, rate-limit, normalize, send. */
  private void process(HttpServerExchange exchange, Route route, byte[] raw, int rawLength, Decompression encoding,
      String headerKey, Instant receivedAt, long[] reserved) {
    PendingRequest pending = null;
    try {
      Decompression.Body body;
      if (encoding == Decompression.IDENTITY) {
        body = new Decompression.Body(raw, rawLength);
      } else {
        int limit = config.limits().maxDecompressedBytes();
        if (!budget.tryReserve(limit)) {
          throw new RequestException(ErrorCode.OVERLOADED,
              "the gateway holds too many request bytes; retry later", retryAfterSeconds());
        }
        reserved[0] += limit;
        body = encoding.decompress(raw, rawLength, limit);
        budget.release(limit - body.length());
        reserved[0] -= limit - body.length();
      }
      BodyParser.ParsedBody parsed = parser.parse(body.bytes(), body.length(), route);
      String writeKey = headerKey != null ? headerKey : parsed.writeKey();
      if (writeKey == null) {
        throw new RequestException(ErrorCode.UNAUTHORIZED,
            "no write key: send it as the Basic-auth user name, as ?writeKey= or as writeKey in the body");
      }
      String source = config.sourceOf(writeKey);
      if (source == null) {
        throw new RequestException(ErrorCode.UNAUTHORIZED, "unknown write key");
      }
      List<RawEvent> events = parsed.events();
      long wait = limiter.acquire(writeKey, events.size());
      if (wait > 0) {
        throw new RequestException(ErrorCode.RATE_LIMITED,
            "this write key sends more than " + config.rateLimit().eventsPerSecond() + " events/s", wait);
      }
      Receipt receipt = new Receipt(receivedAt, source, route.impliedType(), parsed.sentAt(), parsed.context(),
          config.ipPolicy() == GatewayConfig.IpPolicy.FILL ? clientIp(exchange) : null,
          config.ipPolicy() == GatewayConfig.IpPolicy.DROP);
      Normalizer.Request normalizing = normalizer.request(receipt);
      pending = new PendingRequest(exchange, this, source, events.size());
      long skewRecordedFor = Long.MIN_VALUE; // the skew is a client clock's: once per sentAt, not per event
      for (int i = 0; i < events.size() && !pending.isAnswered(); i++) {
        RawEvent event = events.get(i);
        Normalized n = normalizing.normalize(event);
        if (n instanceof Normalized.Accepted a) {
          if (a.sentAtMillis() != Long.MIN_VALUE && a.sentAtMillis() != skewRecordedFor) {
            skewRecordedFor = a.sentAtMillis();
            metrics.skew(a.sentAtMillis() - receivedAt.toEpochMilli());
          }
          pending.sending(true);
          sink.sendEvent(a.key().getBytes(StandardCharsets.UTF_8), a.json(), pending);
        } else {
          Normalized.Rejected r = (Normalized.Rejected) n;
          rejectEvent(pending, event, i, r.messageId(), r.code(), r.message(), source, receivedAt);
        }
      }
      pending.allSent(config.produceTimeout().toMillis());
    } catch (RequestException e) {
      Responses.error(exchange, e.code(), e.getMessage(), e.retryAfterSeconds());
    } catch (RuntimeException | Error e) {
      // Every path must answer: an exception escaping a dispatched task would leave the client waiting.
      if (pending != null) {
        // a send threw instead of calling back (producer closing, fatal producer error)
        log.warn("a send failed without a callback", e);
        pending.fail(ErrorCode.KAFKA_UNAVAILABLE, "Kafka did not take the events: " + e);
      } else {
        log.error("unexpected failure handling {}", exchange.getRequestPath(), e);
        Responses.error(exchange, ErrorCode.INTERNAL_ERROR, "internal error: " + e.getClass().getSimpleName());
      }
    }
  }

  private void rejectEvent(PendingRequest pending, RawEvent event, int index,
      String messageId, ErrorCode code, String message, String source, Instant receivedAt) {
    pending.reject(index, messageId, code, message);
    metrics.rejected(code);
    String original = event.text();
    byte[] record = EventJson.encodeRejected(
        new RejectedEvent(original, true, code.code(), message, source, receivedAt, messageId, index, null));
    pending.sending(false);
    sink.sendRejected(record, pending);
  }

  void kafkaFailed(String message) {
    long now = System.currentTimeMillis();
    long last = lastKafkaWarning.get();
    if (now - last > 10_000 && lastKafkaWarning.compareAndSet(last, now)) {
      log.warn("answering 503: {}", message);
    }
  }

  private static void checkContentType(String contentType) throws RequestException {
    if (contentType == null) {
      return; // lenient: a body without a type is read as JSON
    }
    int semi = contentType.indexOf(';');
    String mime = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    boolean ok = mime.equals("application/json") || mime.equals("text/plain")
        || mime.equals("application/x-www-form-urlencoded") || mime.isEmpty()
        || (mime.startsWith("application/") && mime.endsWith("+json"));
    if (!ok) {
      throw new RequestException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type '" + mime
          + "' is not supported; send JSON as application/json, text/plain or application/x-www-form-urlencoded");
    }
    if (semi >= 0) {
      String params = contentType.substring(semi + 1).toLowerCase(Locale.ROOT);
      int cs = params.indexOf("charset=");
      if (cs >= 0) {
        String charset = params.substring(cs + 8).trim();
        int end = charset.indexOf(';');
        charset = (end < 0 ? charset : charset.substring(0, end)).trim().replace("\"", "");
        if (!charset.equals("utf-8") && !charset.equals("utf8") && !charset.equals("us-ascii")) {
          throw new RequestException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
              "charset '" + charset + "' is not supported; send UTF-8");
        }
      }
    }
  }

  /** The Basic-auth user, else {@code ?writeKey=}; null when neither is given. */
  static String writeKeyFromHeaderOrQuery(HttpServerExchange exchange) throws RequestException {
    String auth = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new RequestException(ErrorCode.UNAUTHORIZED, "the Authorization header is not valid Basic auth");
      }
      int colon = decoded.indexOf(':');
      String user = colon < 0 ? decoded : decoded.substring(0, colon);
      if (!user.isEmpty()) {
        return user;
      }
    }
    Deque<String> q = exchange.getQueryParameters().get("writeKey");
    if (q != null && !q.isEmpty() && !q.peekFirst().isEmpty()) {
      return q.peekFirst();
    }
    return null;
  }

  private static String clientIp(HttpServerExchange exchange) {
    InetSocketAddress address = exchange.getSourceAddress();
    return address == null || address.getAddress() == null ? null : address.getAddress().getHostAddress();
  }
}
