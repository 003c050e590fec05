package io.tidemark.session.internals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.events.JsonObject;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-pass reader gives {@link JsonObject#scalarText} of each path, on text and on trees. */
class ContextFieldsTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] TOP = {"app", "os", "device", "page", "library", "userAgent", "locale", "network",
            "ap", "appx", "a\"pp", "\u00e5pp", "pa\\ge", "", "os\n"};
    private static final String[] INNER = {"version", "name", "type", "path", "model", "build", "versio", "nam\u00e9",
            "ty\"pe", "path2"};
    private static final String[] ALL = {"app.version", "os.name", "device.type", "page.path"};

    @Test
    void read_everyFieldEqualsScalarTextOfItsPath_onGeneratedObjects() {
        Random r = new Random(7);
        for (int n = 0; n < 20_000; n++) {
            ObjectNode tree = object(r, TOP, 0);
            JsonObject text = JsonObject.parse(tree.toString());
            for (JsonObject o : new JsonObject[]{text, JsonObject.of(tree)}) {
                for (int wanted = 0; wanted < 16; wanted++) {
                    ContextFields f = ContextFields.read(o, wanted);
                    String[] got = {f.appVersion(), f.osName(), f.deviceType(), f.pagePath()};
                    for (int k = 0; k < 4; k++) {
                        String[] path = ALL[k].split("\\.");
                        String expected = (wanted & (1 << k)) == 0 ? null : o.scalarText(path);
                        assertThat(got[k]).as("%s of %s, wanted %s", ALL[k], tree, wanted).isEqualTo(expected);
                    }
                }
            }
        }
    }

    @Test
    void read_findsTheFieldsOfARealMobileContext() {
        JsonObject ctx = JsonObject.parse("{\"library\":{\"name\":\"analytics-swift\",\"version\":\"1.6.1\"},"
                + "\"app\":{\"name\":\"Tidemark Shop\",\"version\":\"5.2.0\",\"build\":\"520\"},"
                + "\"os\":{\"name\":\"iOS\",\"version\":\"18.1\"},\"device\":{\"type\":\"ios\",\"model\":\"iPhone14,7\"},"
                + "\"network\":{\"wifi\":true},\"locale\":\"en-US\"}");
        assertThat(ContextFields.read(ctx, 15)).isEqualTo(new ContextFields("5.2.0", "iOS", "ios", null));
        assertThat(ContextFields.read(ctx, ContextFields.OS_NAME)).isEqualTo(new ContextFields(null, "iOS", null, null));
        assertThat(ContextFields.read(JsonObject.EMPTY, 15)).isEqualTo(ContextFields.NONE);
    }

    private static ObjectNode object(Random r, String[] names, int depth) {
        ObjectNode o = F.objectNode();
        int fields = r.nextInt(6);
        for (int i = 0; i < fields; i++) {
            String name = names[r.nextInt(names.length)];
            o.set(name, depth == 0 && r.nextInt(4) > 0 ? object(r, INNER, depth + 1) : value(r, depth + 1));
        }
        return o;
    }

    private static JsonNode value(Random r, int depth) {
        switch (r.nextInt(depth > 3 ? 9 : 11)) {
            case 0:
                return F.textNode("plain " + r.nextInt(1000));
            case 1:
                return F.textNode(String.valueOf(new char[]{'a', '"', '\\', '\n', '\u0001', '{', '}', '\u00e9', '\u4e2d'}[r.nextInt(9)])
                        + "x" + (r.nextBoolean() ? "\\\"" : ",]}"));
            case 2:
                return F.numberNode(r.nextInt() - r.nextInt(3));
            case 3:
                return F.numberNode(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
            case 4:
                return F.numberNode(r.nextLong());
            case 5:
                return F.booleanNode(r.nextBoolean());
            case 6:
                return F.nullNode();
            case 7:
                return F.textNode("");
            case 8:
                return F.textNode("a somewhat longer text, longer than eight bytes: " + r.nextInt());
            case 9:
                return object(r, r.nextBoolean() ? INNER : TOP, depth);
            default:
                ArrayNode a = F.arrayNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    a.add(value(r, depth + 1));
                }
                return a;
        }
    }
}
