package io.tidemark.gateway.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.MessageBuilder;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.ScreenMessage;
import com.segment.analytics.messages.TrackMessage;
import io.tidemark.gateway.sdk.TopicReader.Envelope;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Segment Java SDK ({@code com.segment.analytics.java:analytics}), pointed at the gateway
 * with nothing but {@code endpoint(...)}: it posts batches to {@code /v1/import/} with Basic auth and
 * a batch-level {@code context} (its library name and version) that the gateway must merge into
 * every event.
 */
class AnalyticsJavaSdkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The simulated client's clock runs this far ahead of the true (gateway's) clock. */
  private static final Duration SKEW = Duration.ofHours(1);

  @TempDir static Path dir;
  private static GatewayFixture fixture;

  @BeforeAll
  static void start() {
    fixture = GatewayFixture.start(dir);
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  /**
   * A client whose clock is an hour fast stamps its events and its {@code sentAt} an hour ahead. The
   * gateway must keep the client's raw {@code originalTimestamp} and correct {@code timestamp} the
   * Segment way, {@code receivedAt − (sentAt − originalTimestamp)}, which puts the event back at the
   * true time it happened (up to the network delay).
   */
  @Test
  void deliversEveryMessageTypeWithItsPropertiesMergedContextAndSkewCorrectedTime() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Instant trueStart = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<Sent> sent = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Instant happened = trueStart.minus(Duration.ofMinutes(10)).plusSeconds(i);
      sent.add(new Sent(run + "-" + i, "java-anon-" + (i % 4), happened, message(i, run)));
    }

    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch delivered = new CountDownLatch(sent.size());
    Analytics analytics = Analytics.builder(GatewayFixture.WRITE_KEY)
        .endpoint(fixture.url())
        .client(new OkHttpClient.Builder().addInterceptor(clockRunningAhead(SKEW)).build())
        .flushQueueSize(15) // several batches, not one
        .flushInterval(1, TimeUnit.SECONDS) // the SDK minimum; flush() below sends the rest at once
        .callback(new Callback() {
          @Override
          public void success(Message message) {
            delivered.countDown();
          }

          @Override
          public void failure(Message message, Throwable cause) {
            failures.add(message.messageId() + ": " + cause);
            delivered.countDown();
          }
        })
        .build();
    Instant sendStart = Instant.now();
    try {
      for (Sent s : sent) {
        analytics.enqueue(s.builder()
            .messageId(s.messageId())
            .anonymousId(s.anonymousId())
            .timestamp(Date.from(s.happened().plus(SKEW))) // read off the client's fast clock
            .context(Map.of("app", Map.of("name", "java-sdk-test", "version", "4.5.6"))));
      }
      analytics.flush();
      assertThat(delivered.await(30, TimeUnit.SECONDS))
          .as("the SDK reported an outcome for every message within 30 s").isTrue();
    } finally {
      analytics.shutdown();
    }
    Instant sendEnd = Instant.now();
    assertThat(failures).as("messages the SDK could not deliver").isEmpty();

    Map<String, Envelope> found;
    try (TopicReader reader = fixture.events()) {
      found = reader.awaitMessageIds(sent.stream().map(Sent::messageId).toList(), Duration.ofSeconds(20));
    }
    assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(sent.stream().map(Sent::messageId).toList());

    for (int i = 0; i < sent.size(); i++) {
      Sent s = sent.get(i);
      Envelope record = found.get(s.messageId());
      JsonNode e = record.json();
      String what = "envelope of " + s.messageId() + ": " + e;
      assertThat(e.path("type").asText()).as(what).isEqualTo(TYPES[i % 4]);
      assertThat(e.path("anonymousId").asText()).as(what).isEqualTo(s.anonymousId());
      assertThat(record.key()).as("record key = anonymousId, " + what).isEqualTo(s.anonymousId());
      assertThat(e.path("source").asText()).as(what).isEqualTo(GatewayFixture.SOURCE);
      if (i % 4 == 0) {
        assertThat(e.path("event").asText()).as(what).isEqualTo("Order Completed");
      }
      if (i % 4 != 1) { // identify carries traits, the others properties
        assertThat(e.path("properties")).as(what).isEqualTo(JSON.valueToTree(properties(i, run)));
      }
      // Batch-level context from the SDK merged with the event's own.
      assertThat(e.at("/context/library/name").asText()).as(what).isEqualTo("analytics-java");
      assertThat(e.at("/context/app/name").asText()).as(what).isEqualTo("java-sdk-test");

      Instant original = Times.instant(e, "originalTimestamp");
      Instant sentAt = Times.instant(e, "sentAt");
      Instant receivedAt = Times.instant(e, "receivedAt");
      Instant timestamp = Times.instant(e, "timestamp");
      assertThat(original).as("raw client time kept, " + what).isEqualTo(s.happened().plus(SKEW));
      assertThat(receivedAt).as("receivedAt is the gateway's clock, " + what)
          .isBetween(sendStart.truncatedTo(ChronoUnit.MILLIS), sendEnd.plusMillis(1));
      assertThat(timestamp).as("timestamp = receivedAt - (sentAt - originalTimestamp), " + what)
          .isEqualTo(receivedAt.minus(Duration.between(original, sentAt)));
      assertThat(timestamp).as("corrected time lands on the true event time (plus transit), " + what)
          .isBetween(s.happened(), s.happened().plus(Duration.between(sendStart, sendEnd)).plusMillis(1));
    }
  }

  private static final String[] TYPES = {"track", "identify", "page", "screen"};

  private static MessageBuilder<?, ?> message(int i, String run) {
    return switch (i % 4) {
      case 0 -> TrackMessage.builder("Order Completed").properties(properties(i, run));
      case 1 -> IdentifyMessage.builder().userId("user-" + i).traits(properties(i, run));
      case 2 -> PageMessage.builder("Pricing").properties(properties(i, run));
      default -> ScreenMessage.builder("Home").properties(properties(i, run));
    };
  }

  private static Map<String, Object> properties(int i, String run) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("index", i);
    p.put("run", run);
    p.put("revenue", 42.5);
    p.put("currency", "EUR");
    p.put("items", List.of("sku-1", "sku-2"));
    p.put("coupon", Map.of("code", "WINTER", "percent", 10));
    return p;
  }

  private record Sent(String messageId, String anonymousId, Instant happened, MessageBuilder<?, ?> builder) {}

  /**
   * Shifts the batch's {@code sentAt} (and any per-message one) as a client whose clock runs {@code
   * skew} ahead would have written it: the SDK reads the JVM clock, which the test cannot move.
   */
  private static Interceptor clockRunningAhead(Duration skew) {
    return chain -> {
      Request request = chain.request();
      if (request.body() == null) {
        return chain.proceed(request);
      }
      Buffer buffer = new Buffer();
      request.body().writeTo(buffer);
      ObjectNode body = (ObjectNode) JSON.readTree(buffer.readUtf8());
      shift(body, "sentAt", skew);
      for (JsonNode message : body.path("batch")) {
        shift((ObjectNode) message, "sentAt", skew);
      }
      RequestBody shifted = RequestBody.create(JSON.writeValueAsBytes(body), request.body().contentType());
      return chain.proceed(request.newBuilder().method(request.method(), shifted).build());
    };
  }

  private static void shift(ObjectNode node, String field, Duration skew) throws IOException {
    if (node.hasNonNull(field)) {
      Instant instant = Times.instant(node, field);
      node.put(field, DateTimeFormatter.ISO_INSTANT.format(instant.plus(skew)));
    }
  }
}
