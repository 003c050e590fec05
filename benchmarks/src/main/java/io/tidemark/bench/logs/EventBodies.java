package io.tidemark.bench.logs;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * What one device does at one moment, as the open JSON body of a Segment event: browsers send
 * {@code page} and {@code track}, apps {@code screen} and {@code track}; an app session opens with
 * {@code Application Opened}; a device now and then logs in ({@code identify}) and keeps its
 * {@code userId} afterwards.
 */
final class EventBodies {

  private EventBodies() {
  }

  /** The body of the device's next event; may set the device's userId (a login). */
  static String next(ClientLogGenerator.DeviceState d, boolean sessionStart, SplittableRandom r) {
    DeviceProfile p = d.profile;
    String messageId = Devices.uuid(r);
    double u = r.nextDouble();
    if (!sessionStart && d.userId == null && u < 0.02) {
      d.userId = "user-" + Devices.uuid(r).substring(0, 8);
      return body(d, messageId, "identify", g -> g.writeObjectFieldStart("traits"), r, true);
    }
    if (p.web() && (sessionStart || u < 0.55)) {
      int page = r.nextInt(Vocabulary.PAGES.length);
      String path = Vocabulary.PAGES[page];
      String title = Vocabulary.PAGE_TITLES[page];
      String referrer = sessionStart ? Vocabulary.REFERRERS[r.nextInt(Vocabulary.REFERRERS.length)] : "";
      return body(d, messageId, "page", g -> {
        g.writeStringField("name", title);
        g.writeObjectFieldStart("properties");
        g.writeStringField("path", path);
        g.writeStringField("url", "https://shop.example" + path);
        g.writeStringField("title", title);
        g.writeStringField("referrer", referrer);
      }, r, false, path, title, referrer);
    }
    if (!p.web() && sessionStart) {
      return track(d, messageId, "Application Opened", r);
    }
    if (!p.web() && u < 0.45) {
      String screen = Vocabulary.SCREENS[r.nextInt(Vocabulary.SCREENS.length)];
      return body(d, messageId, "screen", g -> {
        g.writeStringField("name", screen);
        g.writeObjectFieldStart("properties");
      }, r, false);
    }
    return track(d, messageId, Vocabulary.TRACKS[r.nextInt(Vocabulary.TRACKS.length)], r);
  }

  private static String track(ClientLogGenerator.DeviceState d, String messageId, String event, SplittableRandom r) {
    return body(d, messageId, "track", g -> {
      g.writeStringField("event", event);
      g.writeObjectFieldStart("properties");
      switch (event) {
        case "Product Viewed", "Product Added" -> {
          g.writeStringField("item_id", "sku-" + (1000 + r.nextInt(400)));
          g.writeStringField("category", Vocabulary.CATEGORIES[r.nextInt(Vocabulary.CATEGORIES.length)]);
          g.writeNumberField("price", 5 + r.nextInt(300));
        }
        case "Experiment Viewed" -> {
          g.writeStringField("experiment_id", "checkout-button");
          g.writeStringField("variation_id", r.nextBoolean() ? "control" : "green");
        }
        case "App Performance" -> {
          g.writeStringField("metric", d.profile.web() ? "page_load_ms" : "app_start_ms");
          g.writeNumberField("value", 200 + r.nextInt(3000));
        }
        default -> g.writeStringField("label", "x" + r.nextInt(20));
      }
    }, r, false);
  }

  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  /** {@code fields} writes the type-specific fields and opens the properties (or traits) object. */
  private static String body(ClientLogGenerator.DeviceState d, String messageId, String type, Fields fields,
      SplittableRandom r, boolean identify, String... page) {
    DeviceProfile p = d.profile;
    return EventLines.open(g -> {
      g.writeStringField("messageId", messageId);
      g.writeStringField("type", type);
      g.writeStringField("anonymousId", p.anonymousId());
      if (d.userId != null) {
        g.writeStringField("userId", d.userId);
      }
      fields.write(g);
      if (identify) {
        g.writeStringField("plan", "free");
      }
      g.writeEndObject();
      g.writeObjectFieldStart("context");
      g.writeObjectFieldStart("library");
      g.writeStringField("name", p.library());
      g.writeStringField("version", p.libraryVersion());
      g.writeEndObject();
      if (p.web()) {
        g.writeStringField("userAgent", p.userAgent());
        if (page.length == 3) {
          g.writeObjectFieldStart("page");
          g.writeStringField("path", page[0]);
          g.writeStringField("url", "https://shop.example" + page[0]);
          g.writeStringField("title", page[1]);
          g.writeStringField("referrer", page[2]);
          g.writeEndObject();
        }
      } else {
        g.writeObjectFieldStart("app");
        g.writeStringField("name", "Tidemark Shop");
        g.writeStringField("version", p.appVersion());
        g.writeStringField("build", p.appVersion().replace(".", ""));
        g.writeEndObject();
        g.writeObjectFieldStart("os");
        g.writeStringField("name", p.osName());
        g.writeStringField("version", p.osVersion());
        g.writeEndObject();
        g.writeObjectFieldStart("device");
        g.writeStringField("type", p.deviceType());
        g.writeStringField("model", p.model());
        g.writeStringField("manufacturer", p.manufacturer());
        g.writeEndObject();
        g.writeObjectFieldStart("network");
        g.writeBooleanField("wifi", r.nextInt(3) > 0);
        g.writeEndObject();
      }
      g.writeStringField("locale", "en-US");
      g.writeEndObject();
    });
  }
}
