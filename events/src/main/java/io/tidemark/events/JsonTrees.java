package io.tidemark.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;

/**
 * Reads and writes Jackson trees straight from and to the streaming API.
 *
 * <p>{@code ObjectMapper.readTree(parser)} and {@code writeTree(generator, node)} set up a
 * deserialization or serialization context on every call; called per event and per sub-object
 * that overhead was the larger part of the gateway's per-event cost. These do the same work (same
 * node types, duplicate keys: the last wins, floats as doubles) without it. Recursion depth is
 * bounded by the parser's {@code StreamReadConstraints} nesting limit.
 */
public final class JsonTrees {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonTrees() {}

  /** Reads the value starting at the parser's current token (which must be set). */
  public static JsonNode read(JsonParser p) throws IOException {
    return read(p, p.currentToken());
  }

  private static JsonNode read(JsonParser p, JsonToken t) throws IOException {
    if (t == null) {
      throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected end of input");
    }
    switch (t) {
      case START_OBJECT: {
        ObjectNode o = NODES.objectNode();
        JsonToken next;
        while ((next = p.nextToken()) == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          o.replace(name, read(p, p.nextToken()));
        }
        if (next != JsonToken.END_OBJECT) {
          throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected token " + next + " in an object");
        }
        return o;
      }
      case START_ARRAY: {
        ArrayNode a = NODES.arrayNode();
        JsonToken next;
        while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
          a.add(read(p, next));
        }
        return a;
      }
      case VALUE_STRING:
        return NODES.textNode(p.getText());
      case VALUE_NUMBER_INT:
        switch (p.getNumberType()) {
          case INT:
            return NODES.numberNode(p.getIntValue());
          case LONG:
            return NODES.numberNode(p.getLongValue());
          default:
            return NODES.numberNode(p.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(p.getDoubleValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      case VALUE_EMBEDDED_OBJECT:
        return NODES.pojoNode(p.getEmbeddedObject());
      default:
        throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected token " + t);
    }
  }

  /** Writes {@code node} at the generator's position. */
  public static void write(JsonGenerator g, JsonNode node) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT:
        g.writeStartObject();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          g.writeFieldName(e.getKey());
          write(g, e.getValue());
        }
        g.writeEndObject();
        return;
      case ARRAY:
        g.writeStartArray();
        for (int i = 0, n = node.size(); i < n; i++) {
          write(g, node.get(i));
        }
        g.writeEndArray();
        return;
      case STRING:
        g.writeString(node.textValue());
        return;
      case NUMBER:
        switch (node.numberType()) {
          case INT:
            g.writeNumber(node.intValue());
            return;
          case LONG:
            g.writeNumber(node.longValue());
            return;
          case BIG_INTEGER:
            g.writeNumber(node.bigIntegerValue());
            return;
          case FLOAT:
            g.writeNumber(node.floatValue());
            return;
          case BIG_DECIMAL:
            g.writeNumber(node.decimalValue());
            return;
          default:
            g.writeNumber(node.doubleValue());
            return;
        }
      case BOOLEAN:
        g.writeBoolean(node.booleanValue());
        return;
      case BINARY:
        g.writeBinary(node.binaryValue());
        return;
      case POJO:
        g.writeString(node.asText());
        return;
      default: // NULL, MISSING
        g.writeNull();
    }
  }
}
