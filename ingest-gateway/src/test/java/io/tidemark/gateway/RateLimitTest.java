package io.tidemark.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.events.EventJson;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The per-key token bucket: 429 with Retry-After, refilled by (injected) time, keys independent. */
class RateLimitTest {
  static GatewayHarness harness;
  static GatewayHarness.Gateway gateway;
  static final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));

  @BeforeAll
  static void start() {
    harness = GatewayHarness.shared();
    gateway = harness.start(harness.config().withClock(clock).withRateLimit(GatewayConfig.RateLimit.of(5, 10)));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static String batch(int events) {
    StringBuilder sb = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < events; i++) {
      sb.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"event\":\"E\",\"anonymousId\":\"rate\"}");
    }
    return sb.append("]}").toString();
  }

  @Test
  void keyOverItsRate_gets429WithRetryAfter_untilTheBucketRefills() throws Exception {
    HttpResponse<String> first = gateway.postJson("/v1/batch", batch(10));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);

    HttpResponse<String> limited = gateway.postJson("/v1/batch", batch(1));
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(EventJson.mapper().readTree(limited.body()).at("/error/code").asText()).isEqualTo("rate_limited");
    assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");

    // another key has its own bucket
    HttpResponse<String> other = gateway.post("/v1/batch", "application/json",
        batch(1).getBytes(java.nio.charset.StandardCharsets.UTF_8), "Authorization", GatewayHarness.basic("other-key"));
    assertThat(other.statusCode()).isEqualTo(200);

    clock.advance(Duration.ofMillis(400)); // 2 tokens back
    assertThat(gateway.postJson("/v1/batch", batch(2)).statusCode()).isEqualTo(200);
    assertThat(gateway.postJson("/v1/batch", batch(1)).statusCode()).isEqualTo(429);

    // a batch larger than what is left passes once there is a token, leaving the bucket in debt
    clock.advance(Duration.ofSeconds(2)); // full again (10)
    assertThat(gateway.postJson("/v1/batch", batch(25)).statusCode()).isEqualTo(200);
    HttpResponse<String> inDebt = gateway.postJson("/v1/batch", batch(1));
    assertThat(inDebt.statusCode()).isEqualTo(429);
    assertThat(inDebt.headers().firstValue("Retry-After")).hasValue("4"); // (1 - (10 - 25)) / 5 per s = 3.2 s
  }
}
