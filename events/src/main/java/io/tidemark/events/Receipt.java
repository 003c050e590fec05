package io.tidemark.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * What the receiver knows about the events of one request, beyond the events themselves.
 *
 * @param receivedAt when the request arrived (the gateway's clock)
 * @param source the source id the write key maps to
 * @param impliedType the type a single-event route implies ({@code /v1/track} → track), which wins
 *     over the event's own {@code type}; null on batch routes, where each event names its type
 * @param batchSentAt the batch-level {@code sentAt} as sent (text node), or null; an event's own
 *     {@code sentAt} wins
 * @param batchContext the batch-level {@code context} (analytics-java sends one), or null: merged
 *     into each event's context, the event's own keys winning
 * @param clientIp filled in as {@code context.ip} when the event has none, or null to fill nothing
 * @param stripIp remove {@code context.ip} from every event (privacy); wins over clientIp
 */
public record Receipt(
    Instant receivedAt,
    String source,
    EventType impliedType,
    JsonNode batchSentAt,
    ObjectNode batchContext,
    String clientIp,
    boolean stripIp) {

  public Receipt {
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(source, "source");
  }

  /** A receipt for events read from a file or a test: no batch fields, no IP handling. */
  public static Receipt of(Instant receivedAt, String source) {
    return new Receipt(receivedAt, source, null, null, null, null, false);
  }
}
