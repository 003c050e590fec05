package io.tidemark.gateway.sdk;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One client sending batches of track events in a loop over a keep-alive HTTP/1.1 connection, the
 * way a server-side SDK does: a batch that does not get a 2xx is sent again, unchanged (same
 * messageIds), after a pause that honours {@code Retry-After} (capped at one second to keep the test
 * short).
 */
final class LoadClient {
  /** One HTTP request: when it started and ended (System.nanoTime), and what came back. */
  record Attempt(long batch, int attempt, long startNanos, long endNanos, int status, String retryAfter, String error) {
    long latencyMillis() {
      return (endNanos - startNanos) / 1_000_000;
    }

    /** Retry-After as seconds (delta-seconds or an HTTP-date), null when absent or unreadable. */
    Long retryAfterSeconds() {
      if (retryAfter == null) {
        return null;
      }
      try {
        return Long.parseLong(retryAfter.trim());
      } catch (NumberFormatException e) {
        try {
          Instant at = ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
          return Math.max(0, Duration.between(Instant.now(), at).toSeconds());
        } catch (DateTimeParseException notADate) {
          return null;
        }
      }
    }
  }

  /** A batch that was finally acknowledged, and how many attempts that took. */
  record Batch(long seq, List<String> messageIds, int attempts, long ackedAttemptStartNanos) {}

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private final String url;
  private final String authorization;
  private final String name;
  private final int batchSize;
  private final Duration requestTimeout;
  private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
  private final List<Batch> acked = new CopyOnWriteArrayList<>();
  private final List<List<String>> unfinished = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean stopping;

  LoadClient(String gatewayUrl, String authorization, String name, int batchSize, Duration requestTimeout) {
    this.url = gatewayUrl + "/v1/batch";
    this.authorization = authorization;
    this.name = name;
    this.batchSize = batchSize;
    this.requestTimeout = requestTimeout;
    this.thread = new Thread(this::run, "load-client-" + name);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Lets the client finish (retry until acknowledged) the batch it is on, then stop. */
  void stopAfterCurrentBatch() {
    stopping = true;
  }

  boolean join(Duration timeout) throws InterruptedException {
    thread.join(timeout.toMillis());
    return !thread.isAlive();
  }

  String name() {
    return name;
  }

  List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  List<Batch> acked() {
    return List.copyOf(acked);
  }

  /** Batches the client gave up on (it gives up only when its thread is interrupted). */
  List<List<String>> unfinished() {
    return List.copyOf(unfinished);
  }

  long ackedBatchesSince(long nanos) {
    return acked.stream().filter(b -> b.ackedAttemptStartNanos() >= nanos).count();
  }

  private void run() {
    long seq = 0;
    while (!stopping) {
      seq++;
      List<String> ids = new ArrayList<>(batchSize);
      for (int i = 0; i < batchSize; i++) {
        ids.add(name + "-" + seq + "-" + i);
      }
      String body = body(seq, ids);
      for (int attempt = 1; ; attempt++) {
        Attempt a = send(seq, attempt, body);
        attempts.add(a);
        if (a.status() >= 200 && a.status() < 300) {
          acked.add(new Batch(seq, List.copyOf(ids), attempt, a.startNanos()));
          break;
        }
        Long retryAfter = a.retryAfterSeconds();
        if (!pause(retryAfter == null ? 250 : Math.min(1000, retryAfter * 1000))) {
          unfinished.add(ids);
          return;
        }
      }
      if (!pause(20)) {
        return;
      }
    }
  }

  private Attempt send(long seq, int attempt, String body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .timeout(requestTimeout)
        .header("Authorization", authorization)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new Attempt(seq, attempt, start, System.nanoTime(), response.statusCode(),
          response.headers().firstValue("Retry-After").orElse(null), null);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return new Attempt(seq, attempt, start, System.nanoTime(), -1, null, e.toString());
    }
  }

  private String body(long seq, List<String> ids) {
    String now = Instant.now().toString();
    StringBuilder json = new StringBuilder("{\"sentAt\":\"").append(now).append("\",\"batch\":[");
    for (int i = 0; i < ids.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"type\":\"track\",\"event\":\"Fault Test\",\"messageId\":\"").append(ids.get(i))
          .append("\",\"anonymousId\":\"").append(name).append("-anon-").append(i % 8)
          .append("\",\"timestamp\":\"").append(now)
          .append("\",\"properties\":{\"client\":\"").append(name).append("\",\"batch\":").append(seq)
          .append(",\"i\":").append(i).append("}}");
    }
    return json.append("]}").toString();
  }

  private static boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public String toString() {
    return name + "{attempts=" + attempts.size() + ", acked=" + acked.size() + "}";
  }
}
