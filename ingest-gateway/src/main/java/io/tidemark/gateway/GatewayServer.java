package io.tidemark.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.HttpContinueReadHandler;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest gateway: Segment's HTTP tracking API on Undertow, into Kafka with acknowledged
 * delivery. {@link #start} binds and returns; {@link #close} stops HTTP, then flushes and closes the
 * producer.
 *
 * <p>Endpoints: {@code POST /v1/batch /v1/import /v1/track /v1/page /v1/screen /v1/identify
 * /v1/group /v1/alias} and the short forms {@code /v1/b /v1/t /v1/p /v1/s /v1/i /v1/g /v1/a} (also
 * without {@code /v1}); {@code GET /v1/projects/{writeKey}/settings}; {@code GET /healthz /readyz
 * /metrics}; {@code OPTIONS} anywhere (CORS).
 */
public final class GatewayServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

  /** Undertow's read and write buffer size (see {@link #start}). */
  static final int BUFFER_BYTES = 64 * 1024;

  private final Undertow undertow;
  private final EventSink sink;
  private final Readiness readiness;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();

  private GatewayServer(Undertow undertow, EventSink sink, Readiness readiness, int port) {
    this.undertow = undertow;
    this.sink = sink;
    this.readiness = readiness;
    this.port = port;
  }

  /** Starts a gateway; its meters go to {@code registry}, which {@code /metrics} serves. */
  public static GatewayServer start(GatewayConfig config, PrometheusMeterRegistry registry) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(registry, "registry");
    ByteBudget budget = new ByteBudget(config.maxBytesInFlight());
    GatewayMetrics metrics = new GatewayMetrics(registry, budget);
    EventSink sink = new EventSink(config);
    Readiness readiness = null;
    try {
      readiness = new Readiness(config, sink);
      IngestHandler ingest = new IngestHandler(config, sink, metrics, budget);
      Router router = new Router(new Cors(config.corsOrigins()), ingest, new SettingsHandler(config), readiness,
          registry, metrics);
      int cores = Runtime.getRuntime().availableProcessors();
      Undertow undertow = Undertow.builder()
          .addHttpListener(config.port(), config.host())
          .setIoThreads(config.ioThreads() > 0 ? config.ioThreads() : Math.max(2, cores))
          .setWorkerThreads(config.workerThreads() > 0 ? config.workerThreads() : Math.max(4, cores * 2))
          // 64 KiB read buffers: an SDK batch of up to ~64 KiB arrives in one read and one chunk,
          // which IngestHandler keeps as the body without another copy (16 KiB: 2-4 reads and a copy)
          .setBufferSize(BUFFER_BYTES)
          .setServerOption(UndertowOptions.MAX_ENTITY_SIZE,
              (long) IngestHandler.DRAIN_FACTOR * config.limits().maxRequestBytes() + 65_536)
          .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, 30_000)
          .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 120_000)
          .setHandler(new HttpContinueReadHandler(router))
          .build();
      undertow.start();
      int bound = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
      readiness.start();
      log.info("gateway listening on {}:{} ({} write keys) -> Kafka {}", config.host(), bound,
          config.writeKeys().size(), config.bootstrapServers());
      return new GatewayServer(undertow, sink, readiness, bound);
    } catch (RuntimeException e) {
      if (readiness != null) {
        readiness.close();
      }
      sink.close();
      throw e;
    }
  }

  /**
   * The Kafka producer properties a gateway with {@code config} uses (its tuning, then the
   * configuration's overrides, then the guarantees): benchmarks give the same to a raw producer.
   */
  public static Map<String, Object> producerProperties(GatewayConfig config) {
    return Map.copyOf(EventSink.properties(Objects.requireNonNull(config, "config")));
  }

  /** The bound HTTP port (the chosen one when the configuration asked for 0). */
  public int port() {
    return port;
  }

  /** Stops HTTP, then flushes and closes the producer. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      undertow.stop();
    } finally {
      readiness.close();
      sink.close();
    }
  }
}
