package io.tidemark.benchmarks.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Deterministic, realistic client events in the Segment wire format: the same seed gives the same
 * events, byte for byte, on every machine, so benchmark runs and peer comparisons see the same input.
 *
 * <p>The mix is what a consumer app's SDKs send: mostly {@code track}, some {@code page} (web) and
 * {@code screen} (mobile), each with a full {@code context} (app, os, device, library, locale; page
 * and sometimes the user agent on the web) and a handful of properties: about 500 bytes on the wire
 * and 600 to 700 as the gateway's envelope.
 * Devices come from a fixed pool, so keys (anonymousId) repeat as they do in real traffic; one device
 * in three is logged in. Event times advance from {@code start} by a few hundred milliseconds each.
 *
 * <p>Not thread-safe: one generator per thread, each with its own seed.
 */
public final class SyntheticEvents {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] TRACK_EVENTS = {
    "Product Viewed", "Product Added", "Checkout Started", "Order Completed", "Video Played",
    "Search Performed", "Experiment Viewed", "App Performance", "Button Clicked", "Error"
  };
  private static final String[] PAGES = {"/", "/pricing", "/docs/getting-started", "/product/42", "/cart", "/search"};
  private static final String[] SCREENS = {"Home", "Player", "Search", "Settings", "Details"};
  private static final String[] CATEGORIES = {"drama", "comedy", "documentary", "kids", "sports"};
  private static final String[][] DEVICES = {
    {"ios", "17.4.1", "Apple", "iPhone15,2", "ios"},
    {"android", "14", "Google", "Pixel 8", "android"},
    {"android", "13", "samsung", "SM-S911B", "android"},
    {"Mac OS X", "14.4", "Apple", "Macintosh", "web"},
    {"Windows", "10", "Microsoft", "PC", "web"},
  };
  private static final String USER_AGENT = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
      + "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

  private final SplittableRandom random;
  private final int devices;
  private long clockMillis;

  /** Events from a pool of {@code devices} devices, with event times starting at {@code start}. */
  public SyntheticEvents(long seed, int devices, Instant start) {
    if (devices < 1) {
      throw new IllegalArgumentException("devices must be at least 1, got " + devices);
    }
    this.random = new SplittableRandom(seed);
    this.devices = devices;
    this.clockMillis = start.toEpochMilli();
  }

  /** The next event as a wire-format JSON object (without {@code sentAt}: the sender stamps that). */
  public ObjectNode next() {
    clockMillis += 1 + random.nextInt(400);
    return event(random.nextInt(devices));
  }

  /** The next event of {@code device} (one of {@link #device()}'s), as {@link #next()}. */
  public ObjectNode next(int device) {
    if (device < 0 || device >= devices) {
      throw new IllegalArgumentException("device must be in [0, " + devices + "), got " + device);
    }
    clockMillis += 1 + random.nextInt(400);
    return event(device);
  }

  /** A device of the pool, drawn at random. */
  public int device() {
    return random.nextInt(devices);
  }

  private ObjectNode event(int device) {
    String[] d = DEVICES[device % DEVICES.length];
    boolean web = d[4].equals("web");
    int kind = random.nextInt(10);
    String type = kind < 7 ? "track" : web ? "page" : "screen";

    ObjectNode e = JSON.createObjectNode();
    e.put("type", type);
    e.put("messageId", new UUID(random.nextLong(), random.nextLong()).toString());
    e.put("anonymousId", String.format("anon-%08x", device * 2654435761L & 0xffffffffL));
    if (device % 3 == 0) {
      e.put("userId", "user-" + device);
    }
    e.put("timestamp", Instant.ofEpochMilli(clockMillis).toString());

    ObjectNode properties = e.putObject("properties");
    switch (type) {
      case "track" -> {
        String event = TRACK_EVENTS[random.nextInt(TRACK_EVENTS.length)];
        e.put("event", event);
        properties.put("item_id", "item-" + random.nextInt(5000));
        properties.put("category", CATEGORIES[random.nextInt(CATEGORIES.length)]);
        properties.put("value", Math.round(random.nextDouble() * 100_00) / 100.0);
        if (event.equals("Experiment Viewed")) {
          properties.put("experiment_id", "exp-" + random.nextInt(8));
          properties.put("variation_id", random.nextBoolean() ? "control" : "treatment");
        }
      }
      case "page" -> {
        String path = PAGES[random.nextInt(PAGES.length)];
        e.put("name", path.equals("/") ? "Home" : path.substring(1));
        properties.put("path", path);
        properties.put("referrer", "https://www.example.org/");
      }
      default -> {
        e.put("name", SCREENS[random.nextInt(SCREENS.length)]);
        properties.put("item_id", "item-" + random.nextInt(5000));
      }
    }

    ObjectNode context = e.putObject("context");
    ObjectNode app = context.putObject("app");
    app.put("name", "Tidemark Demo");
    app.put("version", "3." + (device % 4) + ".0");
    app.put("build", String.valueOf(300 + device % 4));
    ObjectNode os = context.putObject("os");
    os.put("name", d[0]);
    os.put("version", d[1]);
    ObjectNode dev = context.putObject("device");
    dev.put("manufacturer", d[2]);
    dev.put("model", d[3]);
    dev.put("type", d[4]);
    ObjectNode library = context.putObject("library");
    library.put("name", web ? "analytics.js" : d[0].equals("ios") ? "analytics-swift" : "analytics-kotlin");
    library.put("version", web ? "next-1.84.3" : "1.15.0");
    context.put("locale", device % 5 == 0 ? "de-DE" : "en-US");
    if (web) {
      ObjectNode page = context.putObject("page");
      String path = PAGES[device % PAGES.length];
      page.put("path", path);
      page.put("url", "https://shop.example.com" + path);
      page.put("title", "Shop");
      if (device % 4 == 0) {
        context.put("userAgent", USER_AGENT);
      }
    }
    return e;
  }
}
