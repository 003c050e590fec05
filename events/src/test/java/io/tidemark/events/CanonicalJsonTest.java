package io.tidemark.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What {@link CanonicalJson} accepts must be exactly what Jackson prints back for the tree it
 * reads, byte for byte: that is what lets an envelope keep its objects' text instead of trees
 * while the raw archive stores the same text as before. Checked against Jackson itself on
 * generated objects (every value kind, escapes, non-ASCII, numbers in many spellings, with and
 * without whitespace and duplicate names) and on hand-picked edge cases.
 */
class CanonicalJsonTest {

  @Test
  void whatItAccepts_isWhatJacksonPrintsForTheTree_onGeneratedObjects() throws Exception {
    Random random = new Random(7);
    int accepted = 0;
    for (int i = 0; i < 20_000; i++) {
      String text = new Generator(random).object(0);
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      int end = CanonicalJson.objectEnd(utf8, 0, utf8.length);
      if (end == utf8.length) {
        accepted++;
        assertThat(jackson(text)).as("accepted %s", text).isEqualTo(text);
        CanonicalJson.ObjectText object = CanonicalJson.object(utf8, 0, utf8.length);
        assertThat(object.end()).as(text).isEqualTo(end);
        assertThat(object.fields()).as("the fields found on the way: %s", text).isEqualTo(CanonicalPaths.fields(utf8));
      } else {
        assertThat(end).as("a partial object is never accepted: %s", text).isEqualTo(-1);
        assertThat(CanonicalJson.object(utf8, 0, utf8.length)).as(text).isNull();
      }
    }
    assertThat(accepted).as("most generated objects are canonical").isGreaterThan(5_000);
  }

  @Test
  void jacksonsOwnOutput_isAccepted_unlessItUsesUnicodeEscapesOrLongIntegers() throws Exception {
    Random random = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      String canonical = jackson(new Generator(random).object(0));
      if (canonical.contains("\\u") || canonical.matches(".*\\d{19,}.*")) {
        continue; // left to Jackson by design
      }
      byte[] utf8 = canonical.getBytes(StandardCharsets.UTF_8);
      assertThat(CanonicalJson.objectEnd(utf8, 0, utf8.length)).as(canonical).isEqualTo(utf8.length);
    }
  }

  @Test
  void acceptsCanonicalEdgeCases() throws Exception {
    for (String text : List.of("{}", "{\"a\":{}}", "{\"a\":[]}", "{\"\":\"\"}", "{\"a\":-1}", "{\"a\":0}",
        "{\"a\":1.0E10}", "{\"a\":-0.0}", "{\"a\":0.1}", "{\"a\":1.0E-5}", "{\"a\":123456789012345678}",
        "{\"a\":\"\\\"\\\\\\b\\t\\n\\f\\r\"}", "{\"a\":\"ü€😀\u007f\"}", "{\"a\":[1,\"x\",null,true,false,{\"b\":[]}]}",
        "{\"a\":{\"a\":1},\"b\":{\"a\":2}}")) {
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      assertThat(CanonicalJson.objectEnd(utf8, 0, utf8.length)).as(text).isEqualTo(utf8.length);
      assertThat(jackson(text)).as(text).isEqualTo(text);
    }
  }

  @Test
  void givesUpOnTextJacksonPrintsDifferently_orRejects() {
    for (String text : List.of("{ }", "{\"a\": 1}", "{\"a\":1 }", "{\"a\":1,\"a\":2}", "{\"a\":-0}", "{\"a\":1E5}",
        "{\"a\":1.50}", "{\"a\":1e-5}", "{\"a\":1234567890123456789}", "{\"a\":\"\\/\"}", "{\"a\":\"\\u0041\"}",
        "{\"a\":\"\\u0001\"}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":NaN}", "{\"a\":1,}",
        "{\"a\"}", "{\"a\":}", "{\"a\":tru}", "{\"a\":[1,]}", "{\"a\":\"x}", "{\"a\":1", "[1]", "{\"a\":\"\t\"}",
        "{'a':1}", "{\"a\":nul}")) {
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      assertThat(CanonicalJson.objectEnd(utf8, 0, utf8.length)).as(text).isEqualTo(-1);
    }
  }

  @Test
  void givesUpOnMalformedUtf8() {
    int[][] sequences = {{0x80}, {0xC0, 0x80}, {0xC1, 0xBF}, {0xE0, 0x80, 0x80}, {0xED, 0xA0, 0x80},
        {0xF0, 0x80, 0x80, 0x80}, {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}, {0xC3}, {0xE2, 0x82},
        {0xFF}};
    for (int[] sequence : sequences) {
      byte[] utf8 = new byte[sequence.length + 9];
      System.arraycopy("{\"a\":\"".getBytes(StandardCharsets.US_ASCII), 0, utf8, 0, 6);
      for (int i = 0; i < sequence.length; i++) {
        utf8[6 + i] = (byte) sequence[i];
      }
      utf8[6 + sequence.length] = 'x';
      utf8[7 + sequence.length] = '"';
      utf8[8 + sequence.length] = '}';
      assertThat(CanonicalJson.objectEnd(utf8, 0, utf8.length)).isEqualTo(-1);
    }
  }

  @Test
  void givesUpBeyondTheNestingLimit() {
    String deep = "{\"a\":".repeat(CanonicalJson.MAX_DEPTH + 1) + "1" + "}".repeat(CanonicalJson.MAX_DEPTH + 1);
    byte[] utf8 = deep.getBytes(StandardCharsets.UTF_8);
    assertThat(CanonicalJson.objectEnd(utf8, 0, utf8.length)).isEqualTo(-1);
    String limit = "{\"a\":".repeat(CanonicalJson.MAX_DEPTH) + "1" + "}".repeat(CanonicalJson.MAX_DEPTH);
    byte[] ok = limit.getBytes(StandardCharsets.UTF_8);
    assertThat(CanonicalJson.objectEnd(ok, 0, ok.length)).isEqualTo(ok.length);
  }

  @Test
  void stopsAtTheEndOfTheObject_withinTheGivenRange() {
    byte[] utf8 = "x{\"a\":[1,2]},\"b\":2}".getBytes(StandardCharsets.UTF_8);
    assertThat(CanonicalJson.objectEnd(utf8, 1, utf8.length)).isEqualTo(12);
    assertThat(CanonicalJson.objectEnd(utf8, 1, 11)).as("the range ends inside the object").isEqualTo(-1);
    CanonicalJson.ObjectText object = CanonicalJson.object(utf8, 1, utf8.length);
    assertThat(object.end()).isEqualTo(12);
    assertThat(object.fields()).as("relative to the object's brace").containsExactly(1, 5);
  }

  private static String jackson(String text) throws Exception {
    JsonNode tree = EventJson.mapper().readTree(text);
    return tree.toString();
  }

  /** Random JSON objects, canonical or not: the spellings a client or a hand-written file may use. */
  private static final class Generator {
    private static final String[] NUMBERS = {"0", "-0", "7", "-12", "1.5", "1.50", "0.1", "-0.0", "1e5", "1E5",
        "1.0E5", "1.0E-5", "2.5e-3", "123456789", "12345678901234567890", "9007199254740993", "1.7976931348623157E308",
        "4.9E-324", "100.0", "1.0", "3.14159"};
    private static final String[] STRINGS = {"", "a", "path", "/products/77", "ü", "€", "😀", "\\\"", "\\\\", "\\n",
        "\\t", "\\r", "\\b", "\\f", "\\/", "\\u0041", "\\u0001", "\\u00e9", "\u007f", "tab\\tand\\\"quote"};
    private final Random random;

    Generator(Random random) {
      this.random = random;
    }

    String object(int depth) {
      int fields = random.nextInt(depth == 0 ? 6 : 4);
      List<String> names = new ArrayList<>();
      StringBuilder sb = new StringBuilder("{");
      for (int i = 0; i < fields; i++) {
        String name = random.nextInt(20) == 0 && !names.isEmpty() ? names.get(0) : string();
        names.add(name);
        sb.append(i > 0 ? "," : "").append(space()).append(name).append(space()).append(':').append(space())
            .append(value(depth)).append(space());
      }
      return sb.append('}').toString();
    }

    private String value(int depth) {
      int kind = random.nextInt(depth < 3 ? 8 : 6);
      return switch (kind) {
        case 0, 1 -> string();
        case 2 -> NUMBERS[random.nextInt(NUMBERS.length)];
        case 3 -> random.nextBoolean() ? "true" : "false";
        case 4 -> "null";
        case 5 -> Long.toString(random.nextLong() >> random.nextInt(64));
        case 6 -> object(depth + 1);
        default -> array(depth + 1);
      };
    }

    private String array(int depth) {
      int n = random.nextInt(4);
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < n; i++) {
        sb.append(i > 0 ? "," : "").append(value(depth));
      }
      return sb.append(']').toString();
    }

    private String string() {
      StringBuilder sb = new StringBuilder("\"");
      int parts = random.nextInt(3);
      for (int i = 0; i < parts; i++) {
        sb.append(STRINGS[random.nextInt(STRINGS.length)]);
      }
      return sb.append('"').toString();
    }

    private String space() {
      return random.nextInt(30) == 0 ? " " : "";
    }
  }
}
