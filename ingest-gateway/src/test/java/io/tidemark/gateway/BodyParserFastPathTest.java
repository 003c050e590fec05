package io.tidemark.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.events.BatchScanner;
import io.tidemark.events.Normalized;
import io.tidemark.events.Normalizer;
import io.tidemark.events.RawEvent;
import io.tidemark.events.Receipt;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchScanner} (the hand-written batch path) must give what Jackson's path gives: the same
 * events field for field, the same envelopes, the same error (code and message) for every body, over random bodies
 * with every field type, whitespace, escapes, non-ASCII, and random corruptions.
 */
class BodyParserFastPathTest {
  private static final String[] FIELDS = {"type", "messageId", "anonymousId", "userId", "groupId", "previousId",
      "event", "name", "category", "timestamp", "originalTimestamp", "sentAt", "receivedAt", "writeKey",
      "envelopeVersion", "context", "properties", "traits", "integrations", "other", "ip"};
  private static final String CORRUPTIONS = "{}[]:,\"\\ \n0-1.eE+tfnu\u00e9x";

  private static final Normalizer NORMALIZER = new Normalizer(32 * 1024, () -> "generated-id");
  private static final Receipt RECEIPT = Receipt.of(Instant.parse("2026-11-24T19:00:01Z"), "src");

  private final BodyParser fast = new BodyParser(12, 20, true);
  private final BodyParser jackson = new BodyParser(12, 20, false);

  @Test
  void plainBatches_takeTheFastPath_andMatchJackson() throws Exception {
    Random r = new Random(1);
    for (int k = 0; k < 2_000; k++) {
      byte[] body = body(r, false).getBytes(StandardCharsets.UTF_8);
      assertThat(BatchScanner.scan(body, body.length, 12, 20)).as(new String(body, StandardCharsets.UTF_8)).isNotNull();
      compare(body, body.length);
    }
  }

  @Test
  void anyBatch_sameOutcomeAsJackson() throws Exception {
    Random r = new Random(2);
    for (int k = 0; k < 30_000; k++) {
      byte[] body = body(r, true).getBytes(StandardCharsets.UTF_8);
      int length = body.length;
      int corruptions = r.nextInt(3);
      for (int c = 0; c < corruptions; c++) {
        byte[] x = String.valueOf(CORRUPTIONS.charAt(r.nextInt(CORRUPTIONS.length()))).getBytes(StandardCharsets.UTF_8);
        body[r.nextInt(length)] = x[r.nextInt(x.length)];
      }
      if (r.nextInt(10) == 0) {
        length = r.nextInt(length + 1); // truncated, with the rest of the buffer still there
      }
      compare(body, length);
    }
  }

  /**
   * Events of one batch that repeat a context (as one device's batch does), the scanner compares
   * each context with the previous one instead of scanning it: repeats, near-repeats, empty and
   * {@code ip}-holding contexts, and corruptions that land inside or just after a repeat must all
   * end as Jackson's path ends.
   */
  @Test
  void repeatedContexts_sameOutcomeAsJackson() throws Exception {
    Random r = new Random(4);
    int fast = 0;
    for (int k = 0; k < 20_000; k++) {
      boolean odd = r.nextInt(3) == 0;
      byte[] body = bodyWithRepeatedContexts(r).getBytes(StandardCharsets.UTF_8);
      int length = body.length;
      if (odd) {
        byte[] x = String.valueOf(CORRUPTIONS.charAt(r.nextInt(CORRUPTIONS.length()))).getBytes(StandardCharsets.UTF_8);
        body[r.nextInt(length)] = x[r.nextInt(x.length)];
        if (r.nextInt(4) == 0) {
          length = r.nextInt(length + 1);
        }
      } else {
        assertThat(BatchScanner.scan(body, length, 12, 50)).as(new String(body, StandardCharsets.UTF_8)).isNotNull();
        fast++;
      }
      compare(body, length);
    }
    assertThat(fast).isGreaterThan(10_000);
  }

  private static String bodyWithRepeatedContexts(Random r) {
    String[] pool = new String[2];
    for (int c = 0; c < pool.length; c++) {
      pool[c] = switch (r.nextInt(6)) {
        case 0 -> "{}";
        case 1 -> "{ }";
        default -> object(r, 1, false, r.nextBoolean());
      };
    }
    if (r.nextInt(4) == 0 && pool[0].endsWith("\"}")) { // a near-repeat: one more character in its last string
      pool[1] = pool[0].substring(0, pool[0].length() - 2) + "x\"}";
    }
    int events = 1 + r.nextInt(20);
    StringBuilder batch = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < events; i++) {
      List<String> parts = new ArrayList<>(List.of("\"type\":\"track\"", "\"event\":\"E\"",
          "\"messageId\":\"m-" + i + "\"", "\"anonymousId\":\"a-1\"",
          "\"context\":" + (r.nextInt(10) == 0 ? "null" : pool[r.nextInt(10) < 8 ? 0 : 1])));
      if (r.nextBoolean()) {
        parts.add("\"properties\":" + object(r, 1, false, false));
      }
      java.util.Collections.shuffle(parts, r);
      batch.append(i > 0 ? "," : "").append('{').append(String.join(",", parts)).append('}');
    }
    return batch.append("]}").toString();
  }

  /**
   * A log line (replays read one event per line) gives the same event through {@link
   * BatchScanner#scanEvent} as through Jackson, or the scanner leaves it to Jackson; the scanner
   * takes every plain line.
   */
  @Test
  void anyLine_sameEventAsJackson_orLeftToJackson() throws Exception {
    Random r = new Random(3);
    int scanned = 0;
    for (int k = 0; k < 30_000; k++) {
      boolean odd = r.nextBoolean();
      String text = (odd && r.nextInt(4) == 0 ? " " : "") + event(r, odd) + (odd && r.nextInt(4) == 0 ? "\r" : "");
      byte[] line = text.getBytes(StandardCharsets.UTF_8);
      if (odd && r.nextBoolean()) {
        byte[] x = String.valueOf(CORRUPTIONS.charAt(r.nextInt(CORRUPTIONS.length()))).getBytes(StandardCharsets.UTF_8);
        line[r.nextInt(line.length)] = x[r.nextInt(x.length)];
      }
      RawEvent fastEvent = BatchScanner.scanEvent(line, line.length, 64);
      if (!odd) {
        assertThat(fastEvent).as(text).isNotNull();
      }
      if (fastEvent == null) {
        continue;
      }
      scanned++;
      RawEvent jacksonEvent;
      try (com.fasterxml.jackson.core.JsonParser p =
          io.tidemark.events.EventJson.mapper().getFactory().createParser(line)) {
        p.nextToken();
        jacksonEvent = RawEvent.scan(p, line);
        assertThat(p.nextToken()).as("nothing after the event: %s", text).isNull();
      }
      String shown = new String(line, StandardCharsets.UTF_8);
      assertThat(fields(fastEvent)).as(shown).isEqualTo(fields(jacksonEvent));
      assertThat(NORMALIZER.normalize(fastEvent, RECEIPT).toString()).as(shown)
          .isEqualTo(NORMALIZER.normalize(jacksonEvent, RECEIPT).toString());
    }
    assertThat(scanned).isGreaterThan(15_000);
  }

  private static final String MULTI_LINE_EVENT = "{\"type\":\"track\",\"event\":\"Played\",\"anonymousId\":\"a-1\","
      + "\"messageId\":\"m-1\",\"properties\":{\"song\":\"x\",\r\n  \"plays\":3},\"timestamp\":\"2026-11-24T18:59:59.000Z\"}";

  @Test
  void aLineBreakInsideTheBody_takesJacksonsPath_andTheEnvelopeHasNone() throws Exception {
    byte[] body = ("{\"batch\":[" + MULTI_LINE_EVENT + "]}").getBytes(StandardCharsets.UTF_8);
    assertThat(BatchScanner.scan(body, body.length, 12, 20)).isNull();
    BodyParser.ParsedBody parsed = fast.parse(body, body.length, Route.BATCH);
    Normalized n = NORMALIZER.normalize(parsed.events().get(0), RECEIPT);
    assertThat(n).isInstanceOf(Normalized.Accepted.class);
    assertThat(new String(((Normalized.Accepted) n).json(), StandardCharsets.UTF_8))
        .contains("\"properties\":{\"song\":\"x\",  \"plays\":3}");
    compare(body, body.length);
  }

  @Test
  void lineBreaksBeforeAndAfterTheBodyObject_keepTheFastPath() throws Exception {
    String event = MULTI_LINE_EVENT.replace("\r\n", "");
    byte[] body = ("\n{\"batch\":[" + event + "]}\r\n").getBytes(StandardCharsets.UTF_8);
    assertThat(BatchScanner.scan(body, body.length, 12, 20)).isNotNull();
    compare(body, body.length);
  }

  private void compare(byte[] body, int length) throws Exception {
    String text = new String(body, 0, length, StandardCharsets.UTF_8);
    Object a = outcome(fast, body, length);
    Object b = outcome(jackson, body, length);
    assertThat(a).as(text).isEqualTo(b);
  }

  private static Object outcome(BodyParser parser, byte[] body, int length) throws Exception {
    try {
      BodyParser.ParsedBody p = parser.parse(body, length, Route.BATCH);
      List<Object> all = new ArrayList<>();
      all.add(p.writeKey());
      all.add(String.valueOf(p.sentAt()));
      all.add(String.valueOf(p.context()));
      for (RawEvent e : p.events()) {
        all.add(fields(e));
        all.add(NORMALIZER.normalize(e, RECEIPT).toString()); // the envelope (or rejection) too
      }
      return all;
    } catch (RequestException e) {
      return e.code() + ": " + e.getMessage();
    }
  }

  /**
   * Every field of the event (and of its slices), by reflection: nothing may differ but how the
   * strings were read ({@code plainStrings}: only the scanner vouches for them).
   */
  private static List<Object> fields(Object o) throws Exception {
    List<Object> values = new ArrayList<>();
    for (Field f : o.getClass().getDeclaredFields()) {
      if (java.lang.reflect.Modifier.isStatic(f.getModifiers()) || f.getName().equals("src") || f.getName().equals("plainStrings")) {
        continue;
      }
      f.setAccessible(true);
      Object v = f.get(o);
      if (v != null && v.getClass().getSimpleName().equals("Slice")) {
        values.add(f.getName() + "=" + fields(v));
      } else {
        values.add(f.getName() + "=" + v);
      }
    }
    return values;
  }

  private static String body(Random r, boolean odd) {
    StringBuilder b = new StringBuilder("{");
    String sep = odd && r.nextBoolean() ? "\n " : "";
    List<String> parts = new ArrayList<>();
    StringBuilder batch = new StringBuilder("\"batch\":[" + sep);
    int events = r.nextInt(odd ? 25 : 5) + (odd ? 0 : 1);
    for (int i = 0; i < events; i++) {
      if (i > 0) {
        batch.append(',').append(sep);
      }
      batch.append(odd && r.nextInt(30) == 0 ? value(r, 0, odd) : event(r, odd));
    }
    batch.append(']');
    parts.add(batch.toString());
    if (r.nextBoolean()) {
      parts.add("\"writeKey\":" + (odd && r.nextInt(4) == 0 ? value(r, 0, odd) : "\"key-" + r.nextInt(9) + "\""));
    }
    if (r.nextBoolean()) {
      parts.add("\"sentAt\":" + (odd && r.nextInt(4) == 0 ? value(r, 0, odd) : "\"2026-11-24T19:00:00.000Z\""));
    }
    if (odd && r.nextInt(5) == 0) {
      parts.add("\"context\":" + value(r, 0, odd));
    }
    if (odd && r.nextInt(5) == 0) {
      parts.add("\"batch\":[]");
    }
    java.util.Collections.shuffle(parts, r);
    b.append(String.join("," + sep, parts)).append(sep).append('}');
    if (odd && r.nextInt(10) == 0) {
      b.append(r.nextBoolean() ? " " : " {}");
    }
    return b.toString();
  }

  private static String event(Random r, boolean odd) {
    StringBuilder b = new StringBuilder("{");
    int n = r.nextInt(12);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        b.append(odd && r.nextInt(5) == 0 ? " ,\r\n" : ",");
      }
      String f = FIELDS[r.nextInt(FIELDS.length)];
      b.append('"').append(f).append("\":");
      boolean object = f.equals("context") || f.equals("properties") || f.equals("traits") || f.equals("integrations");
      if (odd && r.nextInt(3) == 0) {
        b.append(value(r, 0, true));
      } else if (object) {
        b.append(object(r, 1, odd, f.equals("context") && r.nextBoolean()));
      } else {
        b.append(r.nextInt(6) == 0 ? "null" : string(r, odd));
      }
    }
    return b.append('}').toString();
  }

  private static String object(Random r, int depth, boolean odd, boolean withIp) {
    StringBuilder b = new StringBuilder("{");
    int n = r.nextInt(5);
    if (withIp) {
      b.append("\"ip\":\"1.2.3.4\"").append(n > 0 ? "," : "");
    }
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        b.append(odd && r.nextInt(4) == 0 ? " , " : ",");
      }
      b.append(string(r, odd)).append(':').append(value(r, depth + 1, odd));
    }
    return b.append('}').toString();
  }

  private static String value(Random r, int depth, boolean odd) {
    int kind = r.nextInt(depth > (odd ? 12 : 4) ? 6 : 9);
    switch (kind) {
      case 0: return string(r, odd);
      case 1: return String.valueOf(r.nextInt(2000) - 1000);
      case 2: return r.nextBoolean() ? "1.5e-3" : "-0.25";
      case 3: return r.nextBoolean() ? "true" : "false";
      case 4: return "null";
      case 5: return odd && r.nextInt(4) == 0 ? "01" : "12345678901234567890";
      case 6: case 7: return object(r, depth + 1, odd, false);
      default: {
        StringBuilder b = new StringBuilder("[");
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          b.append(i > 0 ? "," : "").append(value(r, depth + 1, odd));
        }
        return b.append(']').toString();
      }
    }
  }

  private static String string(Random r, boolean odd) {
    String[] plain = {"track", "page", "Order Completed", "", "ip", "2026-11-24T18:59:59.123Z", "user-1", "a/b",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)"};
    String[] weird = {"caf\u00e9", "tab\\there", "quote\\\"d", "\\u0041", "\\ud83d\\ude00", "bad\\x", "line\nbreak", "\\u12",
        "a longer text with a quote: \\\" and more", "a longer text, then caf\u00e9", "a longer text\twith a tab"};
    String s = odd && r.nextInt(6) == 0 ? weird[r.nextInt(weird.length)] : plain[r.nextInt(plain.length)];
    return '"' + s + '"';
  }
}
