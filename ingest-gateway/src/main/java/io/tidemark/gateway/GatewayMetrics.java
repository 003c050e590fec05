package io.tidemark.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tidemark.events.ErrorCode;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@code tidemark.gateway.requests} [{@code tidemark_gateway_requests_total}] by {@code route}
 *       and {@code status};
 *   <li>{@code tidemark.gateway.events.accepted} [{@code ..._total}] by {@code source};
 *   <li>{@code tidemark.gateway.events.rejected} [{@code ..._total}] by {@code code};
 *   <li>{@code tidemark.gateway.produce.latency} [{@code ..._seconds}]: from the first send of a
 *       request to Kafka's last acknowledgement;
 *   <li>{@code tidemark.gateway.bytes.in.flight} [{@code ..._bytes}]: request bytes held;
 *   <li>{@code tidemark.gateway.clock.skew} [{@code ..._seconds}] by {@code direction} (ahead /
 *       behind): |sentAt − receivedAt| once per request and distinct sentAt (the events of a batch
 *       share the batch's; recording it per event cost every event a contended histogram update
 *       and weighted a client's clock by its batch size).
 * </ul>
 */
final class GatewayMetrics {
  private final MeterRegistry registry;
  private final Map<ErrorCode, Counter> rejected = new EnumMap<>(ErrorCode.class);
  private final Map<String, Counter> accepted = new ConcurrentHashMap<>();
  private final Map<String, Counter> requests = new ConcurrentHashMap<>();
  private final Timer produceLatency;
  private final Timer skewAhead;
  private final Timer skewBehind;

  GatewayMetrics(MeterRegistry registry, ByteBudget budget) {
    this.registry = registry;
    for (ErrorCode code : ErrorCode.values()) {
      if (code.scope() == ErrorCode.Scope.EVENT) {
        rejected.put(code, Counter.builder("tidemark.gateway.events.rejected")
            .description("Events rejected one by one, by stable error code")
            .tag("code", code.code()).register(registry));
      }
    }
    produceLatency = Timer.builder("tidemark.gateway.produce.latency")
        .description("From a request's first send to Kafka's last acknowledgement")
        .serviceLevelObjectives(ms(2), ms(5), ms(10), ms(20), ms(50), ms(100), ms(200), ms(500),
            ms(1000), ms(2000), ms(5000), ms(10_000))
        .register(registry);
    skewAhead = skew("ahead");
    skewBehind = skew("behind");
    Gauge.builder("tidemark.gateway.bytes.in.flight", budget, ByteBudget::used)
        .description("Request bytes held by requests not yet answered").baseUnit("bytes").register(registry);
  }

  private Timer skew(String direction) {
    return Timer.builder("tidemark.gateway.clock.skew")
        .description("|sentAt - receivedAt| of events with a sentAt: the client clock's offset (plus transit)")
        .tag("direction", direction)
        .serviceLevelObjectives(ms(10), ms(100), ms(1000), ms(10_000), ms(60_000), ms(600_000),
            ms(3_600_000), ms(86_400_000))
        .register(registry);
  }

  private static java.time.Duration ms(long millis) {
    return java.time.Duration.ofMillis(millis);
  }

  void request(String route, int status) {
    String key = route + '\u0000' + status;
    Counter c = requests.get(key);
    if (c == null) {
      c = requests.computeIfAbsent(key, k -> Counter.builder("tidemark.gateway.requests")
          .description("HTTP requests by route and status")
          .tag("route", route).tag("status", Integer.toString(status)).register(registry));
    }
    c.increment();
  }

  void accepted(String source, int count) {
    if (count == 0) {
      return;
    }
    Counter c = accepted.get(source);
    if (c == null) {
      c = accepted.computeIfAbsent(source, s -> Counter.builder("tidemark.gateway.events.accepted")
          .description("Events Kafka acknowledged, by source").tag("source", s).register(registry));
    }
    c.increment(count);
  }

  void rejected(ErrorCode code) {
    Counter c = rejected.get(code);
    if (c != null) {
      c.increment();
    }
  }

  void produceLatency(long nanos) {
    produceLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** sentAt − receivedAt in ms: positive when the client's clock is ahead. */
  void skew(long millis) {
    if (millis >= 0) {
      skewAhead.record(millis, TimeUnit.MILLISECONDS);
    } else {
      skewBehind.record(-millis, TimeUnit.MILLISECONDS);
    }
  }
}
