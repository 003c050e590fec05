package io.tidemark.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a gateway configuration file into a {@link GatewayConfig}, collecting every problem.
 *
 * <pre>
 * host: 0.0.0.0                 # interface to bind
 * port: 8080                    # 0 = a free port
 * writeKeys:                    # write key: source id
 *   Xk29...: web-shop
 * corsOrigins: ["*"]            # or exact origins; [] = no CORS
 * limits:
 *   maxEventBytes: 32KiB        # sizes: bytes, or with KiB/MiB/GiB (also KB/MB/GB = 1000-based)
 *   maxRequestBytes: 500KiB
 *   maxDecompressedBytes: 4MiB
 *   maxDepth: 64
 *   maxEvents: 10000
 * rateLimit: {eventsPerSecond: 0, burst: 0}   # 0 = off
 * produceTimeout: 5s            # durations: 500ms, 5s, 2m, ISO-8601 (PT5S) or a number of ms
 * maxBytesInFlight: 64MiB
 * retryAfter: 2s
 * ipPolicy: fill                # fill | keep | drop
 * threads: {io: 0, workers: 0}  # 0 = automatic
 * kafka:
 *   bootstrapServers: kafka-1:9092     # --kafka wins
 *   producer: {linger.ms: 10}           # producer property overrides
 * </pre>
 */
final class ConfigFile {
  private static final Set<String> TOP = Set.of("host", "port", "writeKeys", "corsOrigins", "limits", "rateLimit",
      "produceTimeout", "maxBytesInFlight", "retryAfter", "ipPolicy", "threads", "kafka");
  private static final Set<String> LIMITS = Set.of("maxEventBytes", "maxRequestBytes", "maxDecompressedBytes", "maxDepth", "maxEvents");
  private static final Set<String> RATE = Set.of("eventsPerSecond", "burst");
  private static final Set<String> THREADS = Set.of("io", "workers");
  private static final Set<String> KAFKA = Set.of("bootstrapServers", "producer");

  private final List<String> problems = new ArrayList<>();

  private ConfigFile() {}

  static GatewayConfig load(Path file, String bootstrapServers) {
    return new ConfigFile().read(file, bootstrapServers);
  }

  private GatewayConfig read(Path file, String bootstrapOverride) {
    JsonNode root;
    try {
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml")
          ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
      root = mapper.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new GatewayConfigException(List.of("cannot read gateway config " + file + ": " + e.getMessage()));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      root = mapper().createObjectNode();
    }
    if (!root.isObject()) {
      throw new GatewayConfigException(List.of(file + ": the configuration must be an object of settings"));
    }
    unknown(root, TOP, "");
    GatewayConfig d = GatewayConfig.defaults(bootstrapOverride == null ? "unset" : bootstrapOverride);

    String host = text(root, "host", d.host());
    int port = (int) integer(root, "port", d.port());
    Map<String, String> writeKeys = stringMap(root.get("writeKeys"), "writeKeys", d.writeKeys());
    List<String> cors = stringList(root.get("corsOrigins"), "corsOrigins", d.corsOrigins());

    JsonNode l = object(root, "limits");
    unknown(l, LIMITS, "limits.");
    GatewayConfig.Limits dl = d.limits();
    GatewayConfig.Limits limits = new GatewayConfig.Limits(
        (int) size(l, "maxEventBytes", "limits.", dl.maxEventBytes()),
        (int) size(l, "maxRequestBytes", "limits.", dl.maxRequestBytes()),
        (int) size(l, "maxDecompressedBytes", "limits.", dl.maxDecompressedBytes()),
        (int) integer(l, "maxDepth", "limits.", dl.maxDepth()),
        (int) integer(l, "maxEvents", "limits.", dl.maxEvents()));

    JsonNode r = object(root, "rateLimit");
    unknown(r, RATE, "rateLimit.");
    GatewayConfig.RateLimit rate = new GatewayConfig.RateLimit(
        number(r, "eventsPerSecond", "rateLimit.", 0), integer(r, "burst", "rateLimit.", 0));

    Duration produceTimeout = duration(root, "produceTimeout", d.produceTimeout());
    long inFlight = size(root, "maxBytesInFlight", "", d.maxBytesInFlight());
    Duration retryAfter = duration(root, "retryAfter", d.retryAfter());
    GatewayConfig.IpPolicy ip = d.ipPolicy();
    String ipText = text(root, "ipPolicy", null);
    if (ipText != null) {
      try {
        ip = GatewayConfig.IpPolicy.valueOf(ipText.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add("ipPolicy must be one of fill, keep, drop, got '" + ipText + "'");
      }
    }
    JsonNode t = object(root, "threads");
    unknown(t, THREADS, "threads.");
    int io = (int) integer(t, "io", "threads.", 0);
    int workers = (int) integer(t, "workers", "threads.", 0);

    JsonNode k = object(root, "kafka");
    unknown(k, KAFKA, "kafka.");
    String bootstrap = bootstrapOverride != null ? bootstrapOverride : text(k, "bootstrapServers", "kafka.", null);
    if (bootstrap == null) {
      problems.add("kafka.bootstrapServers is not set (in the file or with --kafka)");
      bootstrap = "unset";
    }
    Map<String, String> producer = stringMap(k == null ? null : k.get("producer"), "kafka.producer", Map.of());

    GatewayConfig config = null;
    try {
      config = new GatewayConfig(host, port, bootstrap, writeKeys, cors, limits, rate, produceTimeout, inFlight,
          retryAfter, ip, producer, io, workers, d.clock());
    } catch (GatewayConfigException e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty()) {
      List<String> named = new ArrayList<>();
      for (String p : problems) {
        named.add(file.getFileName() + ": " + p);
      }
      throw new GatewayConfigException(named);
    }
    return config;
  }

  private static ObjectMapper mapper() {
    return new ObjectMapper();
  }

  private void unknown(JsonNode node, Set<String> known, String prefix) {
    if (node == null) {
      return;
    }
    node.fieldNames().forEachRemaining(f -> {
      if (!known.contains(f)) {
        problems.add("unknown setting '" + prefix + f + "' (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
      }
    });
  }

  private JsonNode object(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      problems.add(field + " must be an object");
      return null;
    }
    return n;
  }

  private String text(JsonNode node, String field, String fallback) {
    return text(node, field, "", fallback);
  }

  private String text(JsonNode node, String field, String prefix, String fallback) {
    JsonNode n = node == null ? null : node.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isValueNode() || n.isBoolean()) {
      problems.add(prefix + field + " must be a string");
      return fallback;
    }
    return n.asText();
  }

  private long integer(JsonNode node, String field, long fallback) {
    return integer(node, field, "", fallback);
  }

  private long integer(JsonNode node, String field, String prefix, long fallback) {
    JsonNode n = node == null ? null : node.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return n.longValue();
    }
    if (n.isTextual()) {
      try {
        return Long.parseLong(n.textValue().trim());
      } catch (NumberFormatException ignored) {
        // reported below
      }
    }
    problems.add(prefix + field + " must be a whole number, got " + n);
    return fallback;
  }

  private double number(JsonNode node, String field, String prefix, double fallback) {
    JsonNode n = node == null ? null : node.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isTextual()) {
      try {
        return Double.parseDouble(n.textValue().trim());
      } catch (NumberFormatException ignored) {
        // reported below
      }
    }
    problems.add(prefix + field + " must be a number, got " + n);
    return fallback;
  }

  /** A byte size: a number of bytes, or text with a unit (KiB, MiB, GiB, KB, MB, GB, B). */
  private long size(JsonNode node, String field, String prefix, long fallback) {
    JsonNode n = node == null ? null : node.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return n.longValue();
    }
    if (n.isTextual()) {
      Long parsed = parseSize(n.textValue());
      if (parsed != null) {
        return parsed;
      }
    }
    problems.add(prefix + field + " must be a size such as 32768, 32KiB or 4MiB, got " + n);
    return fallback;
  }

  static Long parseSize(String text) {
    String s = text.trim();
    int i = 0;
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      i++;
    }
    if (i == 0) {
      return null;
    }
    long value;
    try {
      value = Long.parseLong(s.substring(0, i));
    } catch (NumberFormatException e) {
      return null;
    }
    String unit = s.substring(i).trim().toLowerCase(Locale.ROOT);
    long factor;
    switch (unit) {
      case "": case "b": factor = 1; break;
      case "kib": case "k": factor = 1024; break;
      case "mib": case "m": factor = 1024 * 1024; break;
      case "gib": case "g": factor = 1024L * 1024 * 1024; break;
      case "kb": factor = 1000; break;
      case "mb": factor = 1000_000; break;
      case "gb": factor = 1000_000_000; break;
      default: return null;
    }
    try {
      return Math.multiplyExact(value, factor);
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private Duration duration(JsonNode node, String field, Duration fallback) {
    JsonNode n = node.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (n.isIntegralNumber()) {
      return Duration.ofMillis(n.longValue());
    }
    if (n.isTextual()) {
      Duration d = parseDuration(n.textValue());
      if (d != null) {
        return d;
      }
    }
    problems.add(field + " must be a duration such as 500ms, 5s, 2m or PT5S, got " + n);
    return fallback;
  }

  static Duration parseDuration(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (s.startsWith("pt") || s.startsWith("p")) {
      try {
        return Duration.parse(s.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    int i = 0;
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      i++;
    }
    if (i == 0) {
      return null;
    }
    long v;
    try {
      v = Long.parseLong(s.substring(0, i));
    } catch (NumberFormatException e) {
      return null;
    }
    switch (s.substring(i).trim()) {
      case "": case "ms": return Duration.ofMillis(v);
      case "s": return Duration.ofSeconds(v);
      case "m": case "min": return Duration.ofMinutes(v);
      case "h": return Duration.ofHours(v);
      default: return null;
    }
  }

  private Map<String, String> stringMap(JsonNode n, String field, Map<String, String> fallback) {
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isObject()) {
      problems.add(field + " must be an object of name: value");
      return fallback;
    }
    Map<String, String> out = new LinkedHashMap<>();
    n.properties().forEach(e -> {
      JsonNode v = e.getValue();
      if (v == null || v.isNull() || v.isContainerNode()) {
        problems.add(field + "." + e.getKey() + " must be a string");
      } else {
        out.put(e.getKey(), v.asText());
      }
    });
    return out;
  }

  private List<String> stringList(JsonNode n, String field, List<String> fallback) {
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (n.isTextual()) {
      return List.of(n.textValue());
    }
    if (!n.isArray()) {
      problems.add(field + " must be a list of strings");
      return fallback;
    }
    List<String> out = new ArrayList<>();
    for (JsonNode v : n) {
      if (!v.isTextual()) {
        problems.add(field + " must be a list of strings, has " + v);
      } else {
        out.add(v.textValue());
      }
    }
    return out;
  }
}
