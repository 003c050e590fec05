package io.tidemark.gateway;

import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per write key, counted in events (see {@link GatewayConfig.RateLimit}).
 *
 * <p>A request is admitted when its bucket holds at least one token and takes one token per event,
 * possibly leaving the bucket in debt, so that a batch larger than the burst can pass once the
 * bucket is full rather than never. A refused request learns how long until a token is back.
 */
final class RateLimiter {
  private final GatewayConfig.RateLimit limit;
  private final InstantSource clock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimiter(GatewayConfig.RateLimit limit, InstantSource clock) {
    this.limit = limit;
    this.clock = clock;
  }

  /** 0 when admitted (tokens taken), else the whole seconds to wait (at least 1). */
  long acquire(String writeKey, int events) {
    if (!limit.enabled() || events == 0) {
      return 0;
    }
    Bucket b = buckets.computeIfAbsent(writeKey, k -> new Bucket(limit.burst(), clock.millis()));
    return b.acquire(events, clock.millis(), limit.eventsPerSecond(), limit.burst());
  }

  private static final class Bucket {
    private double tokens;
    private long lastMillis;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.lastMillis = now;
    }

    synchronized long acquire(int events, long now, double perSecond, long burst) {
      if (now > lastMillis) {
        tokens = Math.min(burst, tokens + (now - lastMillis) * perSecond / 1000.0);
        lastMillis = now;
      }
      if (tokens >= 1) {
        tokens -= events;
        return 0;
      }
      double missing = 1 - tokens;
      return Math.max(1, (long) Math.ceil(missing / perSecond));
    }
  }
}
