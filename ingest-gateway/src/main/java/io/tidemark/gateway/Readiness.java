package io.tidemark.gateway;

import io.tidemark.events.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Kafka can take events, checked in the background (every 2 s) and cached, so {@code
 * /readyz} never waits on Kafka: ready when the events topic exists and every partition has a
 * leader.
 */
final class Readiness implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Readiness.class);
  static final long INTERVAL_MILLIS = 2000;

  private final Admin admin;
  private final EventSink sink;
  private final ScheduledExecutorService scheduler;
  private volatile String problem = "not checked yet";
  private volatile boolean warmed;

  Readiness(GatewayConfig config, EventSink sink) {
    Map<String, Object> p = new HashMap<>();
    config.kafkaProducer().forEach((k, v) -> {
      if (AdminClientConfig.configNames().contains(k) && !k.equals("client.id")) {
        p.put(k, v);
      }
    });
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "tidemark-gateway-readiness");
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
    this.admin = Admin.create(p);
    this.sink = sink;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tidemark-gateway-readiness");
      t.setDaemon(true);
      return t;
    });
  }

  /** Checks once now (bounded), then every {@link #INTERVAL_MILLIS}. */
  void start() {
    check();
    scheduler.scheduleWithFixedDelay(this::check, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Null when ready, else why not. */
  String problem() {
    return problem;
  }

  private void check() {
    String before = problem;
    try {
      TopicDescription d = admin.describeTopics(List.of(Topics.EVENTS)).allTopicNames()
          .get(3, TimeUnit.SECONDS).get(Topics.EVENTS);
      boolean leaders = d.partitions().stream().allMatch(pi -> pi.leader() != null && !pi.leader().isEmpty());
      problem = leaders ? null : "topic " + Topics.EVENTS + " has partitions without a leader";
      if (problem == null && !warmed) {
        sink.warmUp();
        warmed = true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problem = "interrupted";
    } catch (Exception e) {
      Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
      problem = "Kafka is not reachable or has no topic " + Topics.EVENTS + ": " + cause.getClass().getSimpleName()
          + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")");
    }
    if (before != null && problem == null) {
      log.info("ready: Kafka reachable, topic {} has leaders", Topics.EVENTS);
    } else if (problem != null && !problem.equals(before)) {
      log.warn("not ready: {}", problem);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    admin.close(java.time.Duration.ofSeconds(2));
  }
}
