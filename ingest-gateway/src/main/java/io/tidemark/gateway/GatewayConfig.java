package io.tidemark.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every setting of the ingest gateway, validated as a whole: the constructor (and so every {@code
 * with...} copy and {@link #load}) checks all settings and throws one {@link
 * GatewayConfigException} listing every problem.
 *
 * <p>Start from {@link #defaults(String)} and change what you need with the withers, or {@link
 * #load(Path, String)} a JSON/YAML file (format in the README, "Gateway configuration").
 *
 * @param host interface to bind, default {@code 0.0.0.0}
 * @param port HTTP port, default 8080; 0 picks a free one ({@link GatewayServer#port()})
 * @param bootstrapServers Kafka {@code bootstrap.servers}
 * @param writeKeys write key → source id; a request whose key is not here gets 401
 * @param corsOrigins origins browsers may send from: {@code *} (default) or exact origins such as
 *     {@code https://shop.example.com}; empty turns CORS off
 * @param limits size and depth limits
 * @param rateLimit per write key token bucket, off by default
 * @param produceTimeout how long a request waits for Kafka's acknowledgements before it fails
 *     with 503, default 5 s
 * @param maxBytesInFlight request bytes (as received plus decompressed) held by requests not yet
 *     answered; beyond it new requests get 503 {@code overloaded}; default 64 MiB
 * @param retryAfter the {@code Retry-After} of 503 answers, default 2 s (whole seconds, at least 1)
 * @param ipPolicy what to do with {@code context.ip}, default {@link IpPolicy#FILL}
 * @param kafkaProducer Kafka producer properties that override the gateway's tuning (not {@code
 *     acks}, {@code enable.idempotence}, serializers or {@code bootstrap.servers})
 * @param ioThreads Undertow IO threads, 0 = one per core
 * @param workerThreads threads that parse and produce, 0 = twice the cores
 * @param clock the clock of {@code receivedAt} and the rate limiter (tests inject one)
 */
public record GatewayConfig(
    String host,
    int port,
    String bootstrapServers,
    Map<String, String> writeKeys,
    List<String> corsOrigins,
    Limits limits,
    RateLimit rateLimit,
    Duration produceTimeout,
    long maxBytesInFlight,
    Duration retryAfter,
    IpPolicy ipPolicy,
    Map<String, String> kafkaProducer,
    int ioThreads,
    int workerThreads,
    InstantSource clock) {

  /** The write key of {@link #defaults}: a development key, replace it in production. */
  public static final String DEV_WRITE_KEY = "tidemark-dev";

  /** Producer settings the gateway's guarantees depend on; they cannot be overridden. */
  static final Set<String> FIXED_PRODUCER_SETTINGS = Set.of(
      "acks", "enable.idempotence", "key.serializer", "value.serializer", "bootstrap.servers");

  /**
   * Size and depth limits.
   *
   * @param maxEventBytes one event's JSON as sent, default 32 KiB; larger events are rejected
   *     one by one ({@code event_too_large})
   * @param maxRequestBytes a request body as received (compressed or not), default 500 KiB; larger
   *     requests get 413 {@code body_too_large}
   * @param maxDecompressedBytes a compressed body once decompressed, default 4 MiB (gzip bombs);
   *     413 {@code decompressed_too_large}
   * @param maxDepth nesting depth of a request body's JSON (objects and arrays; the body itself is
   *     depth 1), default 64; deeper bodies get 400 {@code too_deep}
   * @param maxEvents events in one request, default 10,000; more get 413 {@code too_many_events}
   *     (tiny events would otherwise turn one body into millions of records and rejections)
   */
  public record Limits(int maxEventBytes, int maxRequestBytes, int maxDecompressedBytes, int maxDepth, int maxEvents) {
    public static final int DEFAULT_MAX_EVENTS = 10_000;

    /** Limits with the default {@code maxEvents}. */
    public Limits(int maxEventBytes, int maxRequestBytes, int maxDecompressedBytes, int maxDepth) {
      this(maxEventBytes, maxRequestBytes, maxDecompressedBytes, maxDepth, DEFAULT_MAX_EVENTS);
    }

    public static Limits defaults() {
      return new Limits(32 * 1024, 500 * 1024, 4 * 1024 * 1024, 64, DEFAULT_MAX_EVENTS);
    }

    public Limits withMaxEventBytes(int v) {
      return new Limits(v, maxRequestBytes, maxDecompressedBytes, maxDepth, maxEvents);
    }

    public Limits withMaxRequestBytes(int v) {
      return new Limits(maxEventBytes, v, maxDecompressedBytes, maxDepth, maxEvents);
    }

    public Limits withMaxDecompressedBytes(int v) {
      return new Limits(maxEventBytes, maxRequestBytes, v, maxDepth, maxEvents);
    }

    public Limits withMaxDepth(int v) {
      return new Limits(maxEventBytes, maxRequestBytes, maxDecompressedBytes, v, maxEvents);
    }

    public Limits withMaxEvents(int v) {
      return new Limits(maxEventBytes, maxRequestBytes, maxDecompressedBytes, maxDepth, v);
    }

    void check(List<String> problems) {
      if (maxEventBytes < 256 || maxEventBytes > 1024 * 1024) {
        problems.add("limits.maxEventBytes must be between 256 and 1048576, got " + maxEventBytes);
      }
      if (maxRequestBytes < 1024 || maxRequestBytes > 64 * 1024 * 1024) {
        problems.add("limits.maxRequestBytes must be between 1024 and 67108864, got " + maxRequestBytes);
      }
      if (maxDecompressedBytes < maxRequestBytes) {
        problems.add("limits.maxDecompressedBytes (" + maxDecompressedBytes
            + ") must be at least limits.maxRequestBytes (" + maxRequestBytes + ")");
      }
      if (maxEventBytes > maxDecompressedBytes) {
        problems.add("limits.maxEventBytes (" + maxEventBytes + ") must not exceed limits.maxDecompressedBytes ("
            + maxDecompressedBytes + ")");
      }
      if (maxDepth < 4 || maxDepth > 1000) {
        problems.add("limits.maxDepth must be between 4 and 1000, got " + maxDepth);
      }
      if (maxEvents < 1 || maxEvents > 1_000_000) {
        problems.add("limits.maxEvents must be between 1 and 1000000, got " + maxEvents);
      }
    }
  }

  /**
   * A token bucket per write key, counted in events: it holds up to {@code burst} tokens and refills
   * at {@code eventsPerSecond}. A request that finds tokens left is admitted and takes one token per
   * event (the bucket may go into debt for a large batch); one that finds none gets 429 with {@code
   * Retry-After}. {@code eventsPerSecond} 0 turns it off (the default).
   */
  public record RateLimit(double eventsPerSecond, long burst) {
    public static RateLimit off() {
      return new RateLimit(0, 0);
    }

    public static RateLimit of(double eventsPerSecond, long burst) {
      return new RateLimit(eventsPerSecond, burst);
    }

    public boolean enabled() {
      return eventsPerSecond > 0;
    }

    void check(List<String> problems) {
      if (!(eventsPerSecond >= 0) || Double.isInfinite(eventsPerSecond)) {
        problems.add("rateLimit.eventsPerSecond must be 0 (off) or positive, got " + eventsPerSecond);
      }
      if (eventsPerSecond > 0 && burst < 1) {
        problems.add("rateLimit.burst must be at least 1 when rateLimit.eventsPerSecond is set, got " + burst);
      }
      if (burst < 0) {
        problems.add("rateLimit.burst must not be negative, got " + burst);
      }
    }
  }

  /** What the gateway does with {@code context.ip}. */
  public enum IpPolicy {
    /** Fill {@code context.ip} with the client's address when the event has none (Segment does). */
    FILL,
    /** Keep what the event sent; add nothing. */
    KEEP,
    /** Remove {@code context.ip} from every event. */
    DROP
  }

  public GatewayConfig {
    List<String> problems = new ArrayList<>();
    if (host == null || host.isBlank()) {
      problems.add("host must not be blank");
    }
    if (port < 0 || port > 65535) {
      problems.add("port must be between 0 and 65535, got " + port);
    }
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      problems.add("bootstrapServers (the Kafka address) must not be blank");
    }
    if (writeKeys == null || writeKeys.isEmpty()) {
      problems.add("writeKeys must map at least one write key to a source id");
    } else {
      writeKeys.forEach((key, source) -> {
        if (key == null || key.isBlank()) {
          problems.add("writeKeys: a write key must not be blank");
        } else if (key.indexOf(':') >= 0) {
          problems.add("writeKeys: write key '" + key + "' must not contain ':' (it is a Basic-auth user name)");
        }
        if (source == null || source.isBlank()) {
          problems.add("writeKeys: the source id of write key '" + key + "' must not be blank");
        }
      });
    }
    if (corsOrigins == null) {
      problems.add("corsOrigins must not be null (empty turns CORS off)");
    } else {
      for (String origin : corsOrigins) {
        if (origin == null || !(origin.equals("*") || origin.startsWith("http://") || origin.startsWith("https://"))
            || origin.endsWith("/")) {
          problems.add("corsOrigins: '" + origin + "' must be * or an origin such as https://example.com (no path)");
        }
      }
    }
    if (limits == null) {
      problems.add("limits must not be null");
    } else {
      limits.check(problems);
    }
    if (rateLimit == null) {
      problems.add("rateLimit must not be null (use RateLimit.off())");
    } else {
      rateLimit.check(problems);
    }
    if (produceTimeout == null || produceTimeout.toMillis() < 1 || produceTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
      problems.add("produceTimeout must be between 1 ms and 10 min, got " + produceTimeout);
    }
    if (limits != null && maxBytesInFlight < (long) limits.maxRequestBytes() + limits.maxDecompressedBytes()) {
      problems.add("maxBytesInFlight (" + maxBytesInFlight + ") must hold at least one largest request: "
          + "limits.maxRequestBytes + limits.maxDecompressedBytes = "
          + ((long) limits.maxRequestBytes() + limits.maxDecompressedBytes()));
    }
    if (retryAfter == null || retryAfter.getSeconds() < 1 || retryAfter.compareTo(Duration.ofHours(1)) > 0) {
      problems.add("retryAfter must be between 1 s and 1 h, got " + retryAfter);
    }
    if (ipPolicy == null) {
      problems.add("ipPolicy must be one of fill, keep, drop");
    }
    if (kafkaProducer == null) {
      problems.add("kafkaProducer must not be null (empty for no overrides)");
    } else {
      for (String key : kafkaProducer.keySet()) {
        if (FIXED_PRODUCER_SETTINGS.contains(key)) {
          problems.add("kafkaProducer: '" + key + "' cannot be overridden (the gateway's acknowledgement guarantee depends on it)");
        } else if (kafkaProducer.get(key) == null) {
          problems.add("kafkaProducer: '" + key + "' has no value");
        }
      }
    }
    if (ioThreads < 0 || ioThreads > 256) {
      problems.add("ioThreads must be between 0 (one per core) and 256, got " + ioThreads);
    }
    if (workerThreads < 0 || workerThreads > 1024) {
      problems.add("workerThreads must be between 0 (twice the cores) and 1024, got " + workerThreads);
    }
    if (clock == null) {
      problems.add("clock must not be null");
    }
    if (!problems.isEmpty()) {
      throw new GatewayConfigException(problems);
    }
    writeKeys = Map.copyOf(writeKeys);
    corsOrigins = List.copyOf(corsOrigins);
    kafkaProducer = Map.copyOf(kafkaProducer);
  }

  /**
   * The defaults: {@code 0.0.0.0:8080}, the development write key {@value #DEV_WRITE_KEY} (source
   * {@code default}), CORS for every origin, {@link Limits#defaults()}, no rate limit, 5 s produce
   * timeout, 64 MiB in flight, Retry-After 2 s, {@link IpPolicy#FILL}, no producer overrides.
   */
  public static GatewayConfig defaults(String bootstrapServers) {
    return new GatewayConfig("0.0.0.0", 8080, bootstrapServers, Map.of(DEV_WRITE_KEY, "default"), List.of("*"),
        Limits.defaults(), RateLimit.off(), Duration.ofSeconds(5), 64L * 1024 * 1024, Duration.ofSeconds(2),
        IpPolicy.FILL, Map.of(), 0, 0, InstantSource.system());
  }

  /**
   * Reads a configuration file (JSON, or YAML when the name ends in {@code .yaml}/{@code .yml}),
   * every setting optional, over {@link #defaults}. {@code bootstrapServers}, when not null, wins
   * over the file's {@code kafka.bootstrapServers}.
   *
   * @throws GatewayConfigException listing every problem (unreadable file, unknown or mistyped
   *     settings, invalid values)
   */
  public static GatewayConfig load(Path file, String bootstrapServers) {
    return ConfigFile.load(file, bootstrapServers);
  }

  public GatewayConfig withHost(String v) {
    return new GatewayConfig(v, port, bootstrapServers, writeKeys, corsOrigins, limits, rateLimit, produceTimeout,
        maxBytesInFlight, retryAfter, ipPolicy, kafkaProducer, ioThreads, workerThreads, clock);
  }

  public GatewayConfig withPort(int v) {
    return new GatewayConfig(host, v, bootstrapServers, writeKeys, corsOrigins, limits, rateLimit, produceTimeout,
        maxBytesInFlight, retryAfter, ipPolicy, kafkaProducer, ioThreads, workerThreads, clock);
  }

  public GatewayConfig withBootstrapServers(String v) {
    return new GatewayConfig(host, port, v, writeKeys, corsOrigins, limits, rateLimit, produceTimeout,
        maxBytesInFlight, retryAfter, ipPolicy, kafkaProducer, ioThreads, workerThreads, clock);
  }

  /** Replaces all write keys: write key → source id. */
  public GatewayConfig withWriteKeys(Map<String, String> v) {
    return new GatewayConfig(host, port, bootstrapServers, v, corsOrigins, limits, rateLimit, produceTimeout,
        maxBytesInFlight, retryAfter, ipPolicy, kafkaProducer, ioThreads, workerThreads, clock);
  }

  /** Adds (or remaps) one write key. */
  public GatewayConfig withWriteKey(String writeKey, String sourceId) {
    Map<String, String> keys = new LinkedHashMap<>(writeKeys);
    keys.put(writeKey, sourceId);
    return withWriteKeys(keys);
  }

  public GatewayConfig withCorsOrigins(List<String> v) {
    return new GatewayConfig(host, port, bootstrapServers, writeKeys, v, limits, rateLimit, produceTimeout,
        maxBytesInFlight, retryAfter, ipPolicy, kafkaProducer, ioThreads, workerThreads, clock);
  }

  public GatewayConfig withLimits(Limits v) {
    return new GatewayConfig(host, port, bootstrapServers, writeKeys, corsOrigins, v, rateLimit, produceTimeout,
        maxBytesInFlight, retryAfter, ipPolicy, kafkaProducer, ioThreads, workerThreads, clock);
  }

  public GatewayConfig withRateLimit(RateLimit v) {
    return new GatewayConfig(host, port, bootstrapServers, writeKeys, corsOrigins, limits, v, produceTimeout,
        maxBytesInFlight, retryAfter, ipPolicy, kafkaProducer, ioThreads, workerThreads, clock);
  }

  public GatewayConfig withProduceTimeout(Duration v) {
    return new GatewayConfig(host, port, bootstrapServers, writeKeys, corsOrigins, limits, rateLimit, v,
        maxBytesInFlight, retryAfter, ipPolicy, kafkaProducer, ioThreads, workerThreads, clock);
  }

  public GatewayConfig withMaxBytesInFlight(long v) {
    return new GatewayConfig(host, port, bootstrapServers, writeKeys, corsOrigins, limits, rateLimit, produceTimeout,
        v, retryAfter, ipPolicy, kafkaProducer, ioThreads, workerThreads, clock);
  }

  public GatewayConfig withRetryAfter(Duration v) {
    return new GatewayConfig(host, port, bootstrapServers, writeKeys, corsOrigins, limits, rateLimit, produceTimeout,
        maxBytesInFlight, v, ipPolicy, kafkaProducer, ioThreads, workerThreads, clock);
  }

  public GatewayConfig withIpPolicy(IpPolicy v) {
    return new GatewayConfig(host, port, bootstrapServers, writeKeys, corsOrigins, limits, rateLimit, produceTimeout,
        maxBytesInFlight, retryAfter, v, kafkaProducer, ioThreads, workerThreads, clock);
  }

  /** Replaces the producer overrides (properties such as {@code linger.ms}). */
  public GatewayConfig withKafkaProducer(Map<String, String> v) {
    return new GatewayConfig(host, port, bootstrapServers, writeKeys, corsOrigins, limits, rateLimit, produceTimeout,
        maxBytesInFlight, retryAfter, ipPolicy, v, ioThreads, workerThreads, clock);
  }

  public GatewayConfig withThreads(int io, int workers) {
    return new GatewayConfig(host, port, bootstrapServers, writeKeys, corsOrigins, limits, rateLimit, produceTimeout,
        maxBytesInFlight, retryAfter, ipPolicy, kafkaProducer, io, workers, clock);
  }

  public GatewayConfig withClock(InstantSource v) {
    return new GatewayConfig(host, port, bootstrapServers, writeKeys, corsOrigins, limits, rateLimit, produceTimeout,
        maxBytesInFlight, retryAfter, ipPolicy, kafkaProducer, ioThreads, workerThreads, v);
  }

  /** The source id of a write key, or null when the key is unknown. */
  public String sourceOf(String writeKey) {
    return writeKey == null ? null : writeKeys.get(writeKey);
  }

  @Override
  public String toString() {
    // write keys are secrets: print the sources only
    return "GatewayConfig[host=" + host + ", port=" + port + ", bootstrapServers=" + bootstrapServers
        + ", sources=" + new java.util.TreeSet<>(writeKeys.values()) + ", corsOrigins=" + corsOrigins
        + ", limits=" + limits + ", rateLimit=" + rateLimit + ", produceTimeout=" + produceTimeout
        + ", maxBytesInFlight=" + maxBytesInFlight + ", retryAfter=" + retryAfter + ", ipPolicy=" + ipPolicy
        + ", kafkaProducer=" + kafkaProducer + ", ioThreads=" + ioThreads + ", workerThreads=" + workerThreads + "]";
  }
}
