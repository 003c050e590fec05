package io.tidemark.lake.testing;

import io.tidemark.lake.datasets.LateRow;
import io.tidemark.lake.datasets.RawRow;
import io.tidemark.lake.datasets.SessionRow;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/** Realistic rows with about 600 bytes of JSON, reproducible from a seed. */
public final class TestRows {

  private static final String[] EVENTS = {"Product Viewed", "Order Completed", "Experiment Viewed", "App Performance",
      "Produkt angesehen — ü", "商品を見た"};
  private static final String[] TYPES = {"track", "page", "screen", "identify"};

  private final SplittableRandom random;

  public TestRows(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** Row {@code n} of a stream whose event times start at {@code start} and step by {@code step}. */
  public RawRow raw(long n, Instant start, Duration step) {
    Instant timestamp = start.plus(step.multipliedBy(n));
    String anon = "anon-" + random.nextInt(50_000);
    String event = EVENTS[random.nextInt(EVENTS.length)];
    String context = "{\"app\":{\"name\":\"Tidemark Shop\",\"version\":\"4." + random.nextInt(20) + ".1\",\"build\":\""
        + random.nextInt(9999) + "\"},\"os\":{\"name\":\"iOS\",\"version\":\"18.1\"},\"device\":{\"type\":\"ios\","
        + "\"model\":\"iPhone16,2\",\"manufacturer\":\"Apple\"},\"locale\":\"de-DE\",\"timezone\":\"Europe/Berlin\","
        + "\"library\":{\"name\":\"analytics-swift\",\"version\":\"1.5.11\"},\"page\":{\"path\":\"/p/"
        + random.nextInt(100_000) + "\",\"title\":\"Kühlschrank – Größe L ✓\"},\"ip\":\"10.1." + random.nextInt(255)
        + "." + random.nextInt(255) + "\"}";
    String properties = "{\"item_id\":\"sku-" + random.nextInt(1_000_000) + "\",\"category\":\"kitchen\",\"price\":"
        + random.nextInt(100_000) / 100.0 + ",\"currency\":\"EUR\",\"experiment_id\":\"exp-" + random.nextInt(40)
        + "\",\"variation_id\":\"v" + random.nextInt(3) + "\",\"label\":\"日本語 🌊 tidemark\"}";
    String integrations = "{\"All\":true,\"Mixpanel\":false}";
    return new RawRow(
        "msg-" + n + "-" + Long.toHexString(random.nextLong()),
        TYPES[random.nextInt(TYPES.length)],
        event,
        random.nextInt(4) == 0 ? "Product Detail" : null,
        random.nextInt(8) == 0 ? "Kitchen" : null,
        anon,
        random.nextInt(3) == 0 ? null : "user-" + random.nextInt(10_000),
        random.nextInt(16) == 0 ? "group-" + random.nextInt(100) : null,
        random.nextInt(32) == 0 ? "anon-" + random.nextInt(50_000) : null,
        timestamp,
        timestamp.minusMillis(random.nextInt(2000)),
        timestamp.plusMillis(random.nextInt(5000)),
        timestamp.plusMillis(5000 + random.nextInt(1000)),
        random.nextInt(50) == 0,
        "src-ios",
        context,
        properties,
        random.nextInt(5) == 0 ? "{\"plan\":\"pro\",\"name\":\"Jöran\"}" : "{}",
        integrations,
        "tidemark.events",
        3,
        n);
  }

  public SessionRow session(long n, Instant start) {
    Instant begin = start.plusSeconds(n * 37);
    long duration = random.nextInt(3_600_000);
    long events = 1 + random.nextInt(200);
    return new SessionRow("sess-" + n, random.nextInt(3), n % 17 == 0, "anon-" + n, n % 2 == 0 ? null : "user-" + n,
        begin, begin.plusMillis(duration), duration, events, events / 2, events / 4, events - events / 2 - events / 4,
        "/start/ü/" + n, "/end/" + n, events == 1, "4.2.0", "iOS", "phone", "src-ios");
  }

  public LateRow late(long n, Instant start, Instant watermark) {
    return new LateRow(raw(n, start, Duration.ofSeconds(1)), "behind-allowed-lateness", "sessionizer", watermark);
  }
}
