package io.tidemark.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tidemark.events.BatchScanner;
import io.tidemark.events.ErrorCode;
import io.tidemark.events.JsonTrees;
import io.tidemark.events.RawEvent;
import java.io.CharConversionException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a request body once, streaming: batch bodies ({@code {batch: [...], sentAt, context,
 * writeKey}}) and single-event bodies. Each event is scanned into a {@link RawEvent} (its scalar
 * fields decoded, its objects kept as byte ranges); batch-level {@code sentAt} and {@code context}
 * become small trees, since they may come after the batch.
 */
final class BodyParser {
  private final JsonFactory factory;
  private final int maxEvents;
  private final int maxDepth;
  private final boolean fastPath;

  BodyParser(int maxDepth, int maxEvents) {
    this(maxDepth, maxEvents, true);
  }

  /** {@code fastPath=false}: Jackson only (tests hold {@link BatchScanner} to it). */
  BodyParser(int maxDepth, int maxEvents, boolean fastPath) {
    this.maxEvents = maxEvents;
    this.maxDepth = maxDepth;
    this.fastPath = fastPath;
    this.factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
        .build();
  }

  /** A parsed body; batch-level fields are null when absent (always null for single events). */
  record ParsedBody(String writeKey, JsonNode sentAt, ObjectNode context, List<RawEvent> events) {}

  ParsedBody parse(byte[] body, int length, Route route) throws RequestException {
    if (fastPath && route.isBatch()) {
      // The common batch body, scanned by hand; anything else (and every error) is Jackson's.
      BatchScanner.Batch b = BatchScanner.scan(body, length, maxDepth, maxEvents);
      if (b != null) {
        return new ParsedBody(b.writeKey(), b.sentAt() == null ? null : TextNode.valueOf(b.sentAt()), null, b.events());
      }
    }
    try (JsonParser p = factory.createParser(body, 0, length)) {
      return route.isBatch() ? parseBatch(p, body) : parseSingle(p, body);
    } catch (StreamConstraintsException e) {
      if (e.getMessage() != null && e.getMessage().contains("nesting depth")) {
        throw new RequestException(ErrorCode.TOO_DEEP, "JSON nesting deeper than the limit of "
            + factory.streamReadConstraints().getMaxNestingDepth() + at(e.getLocation()));
      }
      throw new RequestException(ErrorCode.MALFORMED_JSON, e.getOriginalMessage() + at(e.getLocation()));
    } catch (JsonProcessingException e) {
      String m = e.getOriginalMessage();
      if (m != null && m.startsWith("Invalid UTF-8")) {
        throw new RequestException(ErrorCode.INVALID_UTF8, "body is not valid UTF-8: " + m + at(e.getLocation()));
      }
      throw new RequestException(ErrorCode.MALFORMED_JSON, "malformed JSON: " + m + at(e.getLocation()));
    } catch (CharConversionException e) {
      throw new RequestException(ErrorCode.INVALID_UTF8, "body is not valid UTF-8: " + e.getMessage());
    } catch (IOException e) {
      throw new RequestException(ErrorCode.MALFORMED_JSON, "malformed JSON: " + e.getMessage());
    }
  }

  private ParsedBody parseSingle(JsonParser p, byte[] body) throws IOException, RequestException {
    JsonToken first = p.nextToken();
    if (first == null) {
      throw new RequestException(ErrorCode.MALFORMED_JSON, "empty body: expected a JSON object");
    }
    if (first != JsonToken.START_OBJECT) {
      throw new RequestException(ErrorCode.INVALID_BODY, "expected an event object, got " + describe(first) + at(p.currentTokenLocation()));
    }
    RawEvent event = RawEvent.scan(p, body);
    expectEnd(p);
    return new ParsedBody(event.writeKey(), null, null, List.of(event));
  }

  private ParsedBody parseBatch(JsonParser p, byte[] body) throws IOException, RequestException {
    JsonToken first = p.nextToken();
    if (first == null) {
      throw new RequestException(ErrorCode.MALFORMED_JSON, "empty body: expected {\"batch\": [...]}");
    }
    if (first != JsonToken.START_OBJECT) {
      throw new RequestException(ErrorCode.INVALID_BODY, "expected {\"batch\": [...]}, got " + describe(first) + at(p.currentTokenLocation()));
    }
    String writeKey = null;
    JsonNode sentAt = null;
    ObjectNode context = null;
    List<RawEvent> events = null;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "batch":
          if (value != JsonToken.START_ARRAY) {
            throw new RequestException(ErrorCode.INVALID_BODY, "batch must be an array, got " + describe(value) + at(p.currentTokenLocation()));
          }
          events = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            if (events.size() == maxEvents) {
              throw new RequestException(ErrorCode.TOO_MANY_EVENTS,
                  "the batch has more than the limit of " + maxEvents + " events");
            }
            events.add(RawEvent.scan(p, body));
          }
          break;
        case "writeKey":
          if (value == JsonToken.VALUE_STRING) {
            writeKey = p.getText();
          } else {
            p.skipChildren();
          }
          break;
        case "sentAt":
          sentAt = JsonTrees.read(p);
          break;
        case "context":
          if (value == JsonToken.START_OBJECT) {
            context = (ObjectNode) JsonTrees.read(p);
          } else {
            p.skipChildren();
          }
          break;
        default:
          p.skipChildren();
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new RequestException(ErrorCode.MALFORMED_JSON, "malformed JSON: unexpected " + describe(t) + at(p.currentTokenLocation()));
    }
    expectEnd(p);
    if (events == null) {
      throw new RequestException(ErrorCode.INVALID_BODY, "the body has no \"batch\" array");
    }
    return new ParsedBody(writeKey, sentAt, context, events);
  }

  private static void expectEnd(JsonParser p) throws IOException, RequestException {
    JsonToken extra = p.nextToken();
    if (extra != null) {
      throw new RequestException(ErrorCode.MALFORMED_JSON,
          "malformed JSON: unexpected content after the end of the body" + at(p.currentTokenLocation()));
    }
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "end of input";
    }
    switch (t) {
      case START_ARRAY: return "an array";
      case START_OBJECT: return "an object";
      case VALUE_STRING: return "a string";
      case VALUE_NUMBER_INT: case VALUE_NUMBER_FLOAT: return "a number";
      case VALUE_TRUE: case VALUE_FALSE: return "a boolean";
      case VALUE_NULL: return "null";
      default: return t.asString() == null ? t.name() : t.asString();
    }
  }

  private static String at(JsonLocation loc) {
    if (loc == null || loc == JsonLocation.NA) {
      return "";
    }
    return " at line " + loc.getLineNr() + ", column " + loc.getColumnNr() + " (byte " + loc.getByteOffset() + ")";
  }
}
