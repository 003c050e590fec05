package io.tidemark.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) running in this JVM.
 *
 * <p>It is the broker of {@code tidemark up} and of every test. Its log directory survives {@link
 * #stop()} and {@link #start()}, and the ports stay the same, so a test can take the broker away
 * under load and bring it back: clients reconnect to the same address and find their data.
 *
 * <p>Not thread-safe: one owner starts and stops it.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final Path logDir;
  private final int brokerPort;
  private final int controllerPort;
  private final Map<String, String> overrides;
  private KafkaRaftServer server;

  private EmbeddedKafka(Path logDir, int brokerPort, int controllerPort, Map<String, String> overrides) {
    this.logDir = logDir;
    this.brokerPort = brokerPort;
    this.controllerPort = controllerPort;
    this.overrides = Map.copyOf(overrides);
  }

  /** Starts a broker on {@code brokerPort} (0 picks a free one) with its log under {@code dataDir}. */
  public static EmbeddedKafka start(Path dataDir, int brokerPort) {
    return start(dataDir, brokerPort, Map.of());
  }

  /** As {@link #start(Path, int)}, with extra broker properties (they win over the defaults). */
  public static EmbeddedKafka start(Path dataDir, int brokerPort, Map<String, String> overrides) {
    int port = brokerPort == 0 ? freePort() : brokerPort;
    EmbeddedKafka kafka = new EmbeddedKafka(dataDir.toAbsolutePath(), port, freePort(), overrides);
    kafka.start();
    return kafka;
  }

  /** host:port for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  public int port() {
    return brokerPort;
  }

  public boolean isRunning() {
    return server != null;
  }

  /** Starts the broker again after {@link #stop()}, on the same ports and data. */
  public synchronized void start() {
    if (server != null) {
      return;
    }
    Properties props = properties();
    format(props);
    KafkaRaftServer raftServer = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
    raftServer.startup();
    server = raftServer;
    log.info("Kafka broker up at {} (log dir {})", bootstrapServers(), logDir);
  }

  /** Stops the broker, keeping its data; clients see it as unavailable until {@link #start()}. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    server.shutdown();
    server.awaitShutdown();
    server = null;
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Creates the topics if they do not exist yet, and waits until each has a leader for every
   * partition, so that a producer started right after does not see UnknownTopicOrPartition.
   */
  public void createTopics(int partitions, String... names) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      for (String name : names) {
        try {
          admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("could not create topic " + name, e.getCause());
          }
        }
      }
      awaitLeaders(admin, List.of(names), Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("broker did not create topics within 30 s", e);
    }
  }

  private static void awaitLeaders(Admin admin, List<String> names, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        boolean ready = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
            .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        if (ready) {
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        // metadata not propagated yet: retry until the deadline
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topics " + names + " have no leader after " + timeout);
      }
      Thread.sleep(100);
    }
  }

  private Properties properties() {
    Properties p = new Properties();
    String broker = "PLAINTEXT://127.0.0.1:" + brokerPort;
    String controller = "CONTROLLER://127.0.0.1:" + controllerPort;
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
    p.put("listeners", broker + "," + controller);
    p.put("advertised.listeners", broker + "," + controller);
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("num.partitions", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("min.insync.replicas", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
    p.put("message.max.bytes", String.valueOf(8 * 1024 * 1024));
    p.putAll(overrides);
    return p;
  }

  /** Formats the log directory once; a directory that has been formatted keeps its cluster id. */
  private void format(Properties props) {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    try {
      Files.createDirectories(logDir);
      Path config = Files.createTempFile("tidemark-kafka", ".properties");
      try (var out = Files.newOutputStream(config)) {
        props.store(out, "tidemark embedded broker");
      }
      ByteArrayOutputStream errors = new ByteArrayOutputStream();
      String clusterId = Uuid.randomUuid().toString();
      int code = kafka.tools.StorageTool.execute(
          new String[] {"format", "--standalone", "-t", clusterId, "-c", config.toString()},
          new PrintStream(errors, true, StandardCharsets.UTF_8));
      Files.deleteIfExists(config);
      if (code != 0) {
        throw new IllegalStateException("formatting the Kafka log dir " + logDir + " failed: "
            + errors.toString(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Kafka log dir " + logDir, e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free local port", e);
    }
  }
}
