package io.tidemark.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {
  @TempDir Path dir;

  @Test
  void defaults_areValidAndDocumented() {
    GatewayConfig c = GatewayConfig.defaults("localhost:9092");
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.writeKeys()).containsEntry(GatewayConfig.DEV_WRITE_KEY, "default");
    assertThat(c.corsOrigins()).containsExactly("*");
    assertThat(c.limits()).isEqualTo(new GatewayConfig.Limits(32 * 1024, 500 * 1024, 4 * 1024 * 1024, 64));
    assertThat(c.rateLimit().enabled()).isFalse();
    assertThat(c.produceTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.maxBytesInFlight()).isEqualTo(64L * 1024 * 1024);
    assertThat(c.ipPolicy()).isEqualTo(GatewayConfig.IpPolicy.FILL);
  }

  @Test
  void validation_listsEveryProblem() {
    GatewayConfig c = GatewayConfig.defaults("localhost:9092");
    assertThatThrownBy(() -> new GatewayConfig(" ", 70000, "", Map.of("a:b", ""), List.of("example.com"),
        new GatewayConfig.Limits(10, 100, 50, 1, 0), GatewayConfig.RateLimit.of(-1, 0), Duration.ZERO, 0,
        Duration.ZERO, null, Map.of("acks", "1"), -1, -1, null))
        .isInstanceOfSatisfying(GatewayConfigException.class, e -> assertThat(e.problems())
            .anyMatch(p -> p.startsWith("host"))
            .anyMatch(p -> p.startsWith("port"))
            .anyMatch(p -> p.startsWith("bootstrapServers"))
            .anyMatch(p -> p.contains("must not contain ':'"))
            .anyMatch(p -> p.contains("source id"))
            .anyMatch(p -> p.startsWith("corsOrigins"))
            .anyMatch(p -> p.startsWith("limits.maxEventBytes"))
            .anyMatch(p -> p.startsWith("limits.maxRequestBytes"))
            .anyMatch(p -> p.startsWith("limits.maxDecompressedBytes"))
            .anyMatch(p -> p.startsWith("limits.maxDepth"))
            .anyMatch(p -> p.startsWith("limits.maxEvents"))
            .anyMatch(p -> p.startsWith("rateLimit.eventsPerSecond"))
            .anyMatch(p -> p.startsWith("produceTimeout"))
            .anyMatch(p -> p.startsWith("maxBytesInFlight"))
            .anyMatch(p -> p.startsWith("retryAfter"))
            .anyMatch(p -> p.startsWith("ipPolicy"))
            .anyMatch(p -> p.contains("'acks' cannot be overridden"))
            .anyMatch(p -> p.startsWith("ioThreads"))
            .anyMatch(p -> p.startsWith("workerThreads"))
            .anyMatch(p -> p.startsWith("clock")));
    assertThatThrownBy(() -> c.withPort(-1)).isInstanceOf(GatewayConfigException.class);
    assertThatThrownBy(() -> c.withWriteKeys(Map.of())).isInstanceOf(GatewayConfigException.class);
    assertThatThrownBy(() -> c.withKafkaProducer(Map.of("enable.idempotence", "false")))
        .isInstanceOf(GatewayConfigException.class);
  }

  @Test
  void withers_copyAndChangeOneSetting() {
    GatewayConfig c = GatewayConfig.defaults("k:9092").withWriteKey("w1", "web").withPort(0)
        .withKafkaProducer(Map.of("linger.ms", "10")).withRateLimit(GatewayConfig.RateLimit.of(100, 200));
    assertThat(c.writeKeys()).containsEntry("w1", "web").containsEntry(GatewayConfig.DEV_WRITE_KEY, "default");
    assertThat(c.port()).isZero();
    assertThat(c.sourceOf("w1")).isEqualTo("web");
    assertThat(c.sourceOf("nope")).isNull();
    assertThat(c.toString()).doesNotContain("w1").contains("web");
  }

  @Test
  void load_yaml_withEverySetting() throws Exception {
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, String.join("\n",
        "host: 127.0.0.1",
        "port: 9000",
        "writeKeys:",
        "  key-web: web",
        "  key-ios: ios",
        "corsOrigins: [\"https://shop.example.com\"]",
        "limits:",
        "  maxEventBytes: 16KiB",
        "  maxRequestBytes: 256KiB",
        "  maxDecompressedBytes: 2MiB",
        "  maxDepth: 32",
        "  maxEvents: 2000",
        "rateLimit: {eventsPerSecond: 500, burst: 1000}",
        "produceTimeout: 3s",
        "maxBytesInFlight: 32MiB",
        "retryAfter: PT10S",
        "ipPolicy: drop",
        "threads: {io: 2, workers: 8}",
        "kafka:",
        "  bootstrapServers: kafka-1:9092",
        "  producer:",
        "    linger.ms: 10",
        "    compression.type: zstd",
        ""));
    GatewayConfig c = GatewayConfig.load(file, null);
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(9000);
    assertThat(c.bootstrapServers()).isEqualTo("kafka-1:9092");
    assertThat(c.writeKeys()).isEqualTo(Map.of("key-web", "web", "key-ios", "ios"));
    assertThat(c.corsOrigins()).containsExactly("https://shop.example.com");
    assertThat(c.limits()).isEqualTo(new GatewayConfig.Limits(16 * 1024, 256 * 1024, 2 * 1024 * 1024, 32, 2000));
    assertThat(c.rateLimit()).isEqualTo(GatewayConfig.RateLimit.of(500, 1000));
    assertThat(c.produceTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.maxBytesInFlight()).isEqualTo(32L * 1024 * 1024);
    assertThat(c.retryAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.ipPolicy()).isEqualTo(GatewayConfig.IpPolicy.DROP);
    assertThat(c.ioThreads()).isEqualTo(2);
    assertThat(c.workerThreads()).isEqualTo(8);
    assertThat(c.kafkaProducer()).isEqualTo(Map.of("linger.ms", "10", "compression.type", "zstd"));

    assertThat(GatewayConfig.load(file, "override:9092").bootstrapServers()).isEqualTo("override:9092");
  }

  @Test
  void load_json_overTheDefaults() throws Exception {
    Path file = dir.resolve("gateway.json");
    Files.writeString(file, "{\"writeKeys\": {\"k\": \"s\"}, \"produceTimeout\": 1500}");
    GatewayConfig c = GatewayConfig.load(file, "b:9092");
    assertThat(c.writeKeys()).isEqualTo(Map.of("k", "s"));
    assertThat(c.produceTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.port()).isEqualTo(8080);
  }

  @Test
  void load_reportsEveryProblemOfTheFile() throws Exception {
    Path file = dir.resolve("bad.yml");
    Files.writeString(file, String.join("\n",
        "prot: 8080",
        "port: eighty",
        "limits: {maxEventBytes: lots, maxDepth: 2}",
        "produceTimeout: soon",
        "ipPolicy: maybe",
        "kafka: {producer: {acks: \"1\"}}",
        ""));
    assertThatThrownBy(() -> GatewayConfig.load(file, null))
        .isInstanceOfSatisfying(GatewayConfigException.class, e -> assertThat(e.problems())
            .allMatch(p -> p.startsWith("bad.yml: "))
            .anyMatch(p -> p.contains("unknown setting 'prot'"))
            .anyMatch(p -> p.contains("port must be a whole number"))
            .anyMatch(p -> p.contains("limits.maxEventBytes must be a size"))
            .anyMatch(p -> p.contains("limits.maxDepth must be between"))
            .anyMatch(p -> p.contains("produceTimeout must be a duration"))
            .anyMatch(p -> p.contains("ipPolicy must be one of"))
            .anyMatch(p -> p.contains("kafka.bootstrapServers is not set"))
            .anyMatch(p -> p.contains("'acks' cannot be overridden")));
  }

  @Test
  void load_missingFile_isAProblemToo() {
    assertThatThrownBy(() -> GatewayConfig.load(dir.resolve("none.yaml"), "b:9092"))
        .isInstanceOfSatisfying(GatewayConfigException.class,
            e -> assertThat(e.problems()).singleElement().asString().contains("cannot read gateway config"));
  }

  @Test
  void sizesAndDurations_parse() {
    assertThat(ConfigFile.parseSize("32KiB")).isEqualTo(32768L);
    assertThat(ConfigFile.parseSize("500 KB")).isEqualTo(500_000L);
    assertThat(ConfigFile.parseSize("4MiB")).isEqualTo(4L * 1024 * 1024);
    assertThat(ConfigFile.parseSize("12")).isEqualTo(12L);
    assertThat(ConfigFile.parseSize("12 parsecs")).isNull();
    assertThat(ConfigFile.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(ConfigFile.parseDuration("5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(ConfigFile.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(ConfigFile.parseDuration("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    assertThat(ConfigFile.parseDuration("later")).isNull();
  }
}
