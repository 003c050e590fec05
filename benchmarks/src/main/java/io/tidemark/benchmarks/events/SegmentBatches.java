package io.tidemark.benchmarks.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** Request bodies of Segment's {@code /v1/batch}: {@code {"batch": [...], "sentAt": ...}}. */
public final class SegmentBatches {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SegmentBatches() {}

  /** The body for {@code events}, stamped with {@code sentAt} as an SDK stamps it at upload. */
  public static byte[] body(List<ObjectNode> events, Instant sentAt) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("batch").addAll(events);
    body.put("sentAt", sentAt.toString());
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
