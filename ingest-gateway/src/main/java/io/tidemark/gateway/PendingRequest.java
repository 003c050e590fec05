package io.tidemark.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.events.ErrorCode;
import io.undertow.server.HttpServerExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.xnio.XnioExecutor;

/**
 * One ingest request between its first send and its answer. Kafka's callbacks count down; the
 * answer is 200 only when every record of the request (accepted envelopes and rejected records)
 * is acknowledged, 503 when a send fails or the produce timeout passes first. Exactly one answer
 * is sent, on the exchange's IO thread.
 */
final class PendingRequest implements Callback {
  private static final JsonFactory JSON = new JsonFactory();

  /** A per-event rejection as listed in the 200 body. */
  record Reject(int index, String messageId, ErrorCode code, String message) {}

  private final HttpServerExchange exchange;
  private final IngestHandler ingest;
  private final String source;
  private final List<Reject> rejects = new ArrayList<>();
  /** Records not yet acknowledged, plus 1 while the worker is still sending. */
  private final AtomicInteger pending;
  private final AtomicBoolean answered = new AtomicBoolean();
  private int accepted;
  private long startNanos;
  private volatile XnioExecutor.Key timeout;

  /**
   * @param records how many records the request will send, one per event (accepted or rejected):
   *     counted up front, so that sending costs no atomic update per record on the worker (each
   *     contended with the network thread's count-down)
   */
  PendingRequest(HttpServerExchange exchange, IngestHandler ingest, String source, int records) {
    this.exchange = exchange;
    this.ingest = ingest;
    this.source = source;
    this.pending = new AtomicInteger(records + 1);
  }

  /** At most this many rejections are listed in an answer; {@code rejectedCount} has them all. */
  static final int MAX_LISTED_REJECTS = 1000;
  private int rejectedCount;

  void reject(int index, String messageId, ErrorCode code, String message) {
    rejectedCount++;
    if (rejects.size() < MAX_LISTED_REJECTS) {
      rejects.add(new Reject(index, messageId, code, message));
    }
  }

  /**
   * Call before each of the request's sends (at most the {@code records} counted at construction).
   * Sending stops early only when the request is already answered (failed); the records never
   * sent then leave the count above zero, which no longer matters.
   */
  void sending(boolean acceptedEvent) {
    if (startNanos == 0) {
      startNanos = System.nanoTime();
    }
    if (acceptedEvent) {
      accepted++;
    }
  }

  boolean isAnswered() {
    return answered.get();
  }

  /** Call once after the last send: arms the timeout, or answers when everything is acknowledged. */
  void allSent(long timeoutMillis) {
    if (pending.get() > 1 && !answered.get()) {
      timeout = exchange.getIoThread().executeAfter(
          () -> fail(ErrorCode.KAFKA_UNAVAILABLE, "Kafka did not acknowledge the events within " + timeoutMillis + " ms"),
          timeoutMillis, TimeUnit.MILLISECONDS);
    }
    if (pending.decrementAndGet() == 0) {
      succeed();
    }
  }

  @Override
  public void onCompletion(RecordMetadata metadata, Exception exception) {
    if (exception != null) {
      fail(ErrorCode.KAFKA_UNAVAILABLE, "Kafka did not take the events: " + exception.getClass().getSimpleName()
          + (exception.getMessage() == null ? "" : ": " + exception.getMessage()));
    } else if (pending.decrementAndGet() == 0) {
      succeed();
    }
  }

  private void succeed() {
    if (!answered.compareAndSet(false, true)) {
      return;
    }
    cancelTimeout();
    if (startNanos != 0) {
      ingest.metrics().produceLatency(System.nanoTime() - startNanos);
    }
    ingest.metrics().accepted(source, accepted);
    // The body is written on the IO thread: this runs on the producer's one network thread, whose
    // time every request shares.
    exchange.getIoThread().execute(() -> Responses.json(exchange, 200, successBody()));
  }

  void fail(ErrorCode code, String message) {
    if (!answered.compareAndSet(false, true)) {
      return;
    }
    cancelTimeout();
    ingest.kafkaFailed(message);
    long retryAfter = ingest.retryAfterSeconds();
    exchange.getIoThread().execute(() -> Responses.error(exchange, code, message, retryAfter));
  }

  private void cancelTimeout() {
    XnioExecutor.Key t = timeout;
    if (t != null) {
      t.remove();
    }
  }

  private byte[] successBody() {
    if (rejects.isEmpty()) {
      // the common answer, as Jackson writes it below, without a generator per request
      return ("{\"success\":true,\"accepted\":" + accepted + ",\"rejectedCount\":" + rejectedCount
          + ",\"rejected\":[]}").getBytes(StandardCharsets.US_ASCII);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + rejects.size() * 128);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeBooleanField("success", true);
      g.writeNumberField("accepted", accepted);
      g.writeNumberField("rejectedCount", rejectedCount);
      g.writeArrayFieldStart("rejected");
      for (Reject r : rejects) {
        g.writeStartObject();
        g.writeNumberField("index", r.index());
        if (r.messageId() != null) {
          g.writeStringField("messageId", r.messageId());
        }
        g.writeStringField("code", r.code().code());
        g.writeStringField("message", r.message());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
