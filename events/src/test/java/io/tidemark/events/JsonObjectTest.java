package io.tidemark.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonObjectTest {
  private static final String CONTEXT = "{\"app\":{\"version\":\"2.1.0\",\"build\":417},\"os\":{\"name\":\"iOS\"},"
      + "\"device\":{\"type\":\"ios\",\"tablet\":false,\"ratio\":1.5,\"id\":null},\"page\":{\"path\":\"/caf\\u00e9\"},"
      + "\"list\":[1,2],\"esc\\\"aped\":\"tab\\there\",\"ünï\":\"cödé\",\"empty\":{}}";

  @Test
  void scalarText_onText_isWhatTheTreeGives_forEveryPath() throws Exception {
    String canonical = EventJson.mapper().readTree(CONTEXT).toString(); // Jackson prints é for \u00e9
    JsonObject text = JsonObject.parse(canonical);
    JsonObject tree = JsonObject.of((ObjectNode) EventJson.mapper().readTree(CONTEXT));
    List<String[]> paths = List.of(new String[] {"app", "version"}, new String[] {"app", "build"},
        new String[] {"os", "name"}, new String[] {"device", "type"}, new String[] {"device", "tablet"},
        new String[] {"device", "ratio"}, new String[] {"device", "id"}, new String[] {"device", "missing"},
        new String[] {"page", "path"}, new String[] {"list"}, new String[] {"list", "0"}, new String[] {"app"},
        new String[] {"esc\"aped"}, new String[] {"ünï"}, new String[] {"empty", "x"}, new String[] {"os", "name", "x"},
        new String[] {"nothing"}, new String[] {});
    for (String[] path : paths) {
      JsonNode n = tree.tree();
      for (String field : path) {
        n = n.path(field);
      }
      String expected = n.isValueNode() && !n.isNull() ? n.asText() : null;
      assertThat(text.scalarText(path)).as(String.join(".", path)).isEqualTo(expected);
      assertThat(tree.scalarText(path)).as(String.join(".", path)).isEqualTo(expected);
    }
    assertThat(text.scalarText("app", "version")).isEqualTo("2.1.0");
    assertThat(text.scalarText("page", "path")).isEqualTo("/café");
    assertThat(text.scalarText("esc\"aped")).isEqualTo("tab\there");
    assertThat(JsonObject.parse("{}").scalarText("a")).isNull();
    assertThat(JsonObject.parse("{\"a\":{}}").scalarText("a", "b")).isNull();
    assertThat(JsonObject.parse("{\"a\":[{\"b\":\"}\"}],\"b\":-1}").scalarText("b")).isEqualTo("-1");
  }

  @Test
  void parse_keepsCanonicalText_andCanonicalizesTheRest() {
    String canonical = "{\"a\":1,\"b\":[true,null],\"c\":\"ü\"}";
    assertThat(JsonObject.parse(canonical).text()).isEqualTo(canonical);
    assertThat(JsonObject.parse("{ \"a\" : 1 , \"b\":[ true,null ],\"c\":\"\\u00fc\"}").text()).isEqualTo(canonical);
    assertThat(JsonObject.parse("{\"a\":0,\"a\":1,\"b\":[true,null],\"c\":\"ü\"}").text())
        .as("a duplicate name: the last value wins, as in Jackson").isEqualTo(canonical);
    assertThat(JsonObject.parse("{}")).isSameAs(JsonObject.EMPTY);
    assertThat(JsonObject.EMPTY.isEmpty()).isTrue();
    assertThat(JsonObject.parse(" {}").isEmpty()).isTrue();
    assertThat(JsonObject.parse(canonical).isEmpty()).isFalse();
  }

  @Test
  void parse_refusesWhatIsNotAnObject() {
    assertThatThrownBy(() -> JsonObject.parse("[1]")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a JSON object");
    assertThatThrownBy(() -> JsonObject.parse("{\"a\":")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not JSON: ");
    byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};
    assertThatThrownBy(() -> JsonObject.parse(bad, 0, bad.length)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not JSON: ");
  }

  @Test
  void textAndTree_areMadeFromEachOther() throws Exception {
    ObjectNode tree = (ObjectNode) EventJson.mapper().readTree("{\"x\":{\"y\":[1.5,\"z\"]}}");
    assertThat(JsonObject.of(tree).text()).isEqualTo("{\"x\":{\"y\":[1.5,\"z\"]}}");
    assertThat(JsonObject.of(tree).utf8()).isEqualTo("{\"x\":{\"y\":[1.5,\"z\"]}}".getBytes(StandardCharsets.UTF_8));
    assertThat(JsonObject.parse("{\"x\":{\"y\":[1.5,\"z\"]}}").tree()).isEqualTo(tree);
    assertThat(JsonObject.of(null)).isSameAs(JsonObject.EMPTY);
    assertThat(JsonObject.EMPTY.tree().isEmpty()).isTrue();
  }

  @Test
  void equality_isTreeEquality() throws Exception {
    JsonObject ab = JsonObject.parse("{\"a\":1,\"b\":2}");
    JsonObject ba = JsonObject.parse("{\"b\":2,\"a\":1}");
    assertThat(ab).isEqualTo(ba).hasSameHashCodeAs(ba);
    assertThat(ab).isEqualTo(JsonObject.of((ObjectNode) EventJson.mapper().readTree("{\"a\":1,\"b\":2}")));
    assertThat(ab).isNotEqualTo(JsonObject.parse("{\"a\":1,\"b\":3}"));
    assertThat(JsonObject.EMPTY).isEqualTo(JsonObject.parse(" { } "));
  }
}
