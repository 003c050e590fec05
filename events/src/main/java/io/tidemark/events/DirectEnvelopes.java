package io.tidemark.events;

import java.time.Instant;

/**
 * Builds the {@link Envelope} of a validated {@link RawEvent} straight from the scan, for replays
 * of raw Segment logs: what {@link Normalizer} would write as JSON and {@link EventJson#decodeEnvelope}
 * would read back, without the writing and the reading (about a fifth of a log line's parsing).
 *
 * <p>Why it is the same envelope: the writer copies the strings it was given and the byte ranges of
 * the event's objects as sent, and the reader gives back those strings and {@link JsonObject#parse}
 * of those ranges; times go through {@link Timestamps#formatTo} and {@link Timestamps#parse}, which
 * round-trip every millisecond of years 0000–9999. So this takes the same values directly, and
 * returns null (the caller then writes and reads) wherever the writer would change a byte: an
 * event written over several lines (the writer drops the line breaks between tokens), a receipt
 * that merges a batch context or handles {@code context.ip}, or a time the writer cannot format.
 * {@code DirectEnvelopesTest} holds the two paths to equal envelopes and equal canonical texts.
 */
final class DirectEnvelopes {
  private static final long NONE = Long.MIN_VALUE;
  private static final long MIN_MILLIS = -62167219200000L; // 0000-01-01T00:00:00Z, Timestamps' range
  private static final long MAX_MILLIS = 253402300799999L; // 9999-12-31T23:59:59.999Z

  private DirectEnvelopes() {}

  /**
   * The envelope of {@code e} with the fields {@link Normalizer} decided (times in epoch ms,
   * {@link Long#MIN_VALUE} for none), or null when only writing and reading gives it exactly.
   */
  static Envelope of(RawEvent e, Receipt receipt, String messageId, EventType type, String event, String name,
      String category, String groupId, String previousId, long timestamp, long originalTimestamp, long sentAt,
      long receivedAt, boolean clamped) {
    if (e.multiLine || receipt.batchContext() != null || receipt.clientIp() != null || receipt.stripIp()
        || !inRange(timestamp) || !inRange(receivedAt)
        || (originalTimestamp != NONE && !inRange(originalTimestamp)) || (sentAt != NONE && !inRange(sentAt))) {
      return null;
    }
    JsonObject traits = e.traits.present() && !e.traits.empty ? object(e, e.traits) : JsonObject.EMPTY;
    return Envelope.ofJson(messageId, type, event, name, category, e.anonymousId, e.userId, groupId, previousId,
        Instant.ofEpochMilli(timestamp), instant(originalTimestamp), instant(sentAt), Instant.ofEpochMilli(receivedAt),
        clamped, receipt.source(), object(e, e.context), object(e, e.properties), traits, object(e, e.integrations));
  }

  /** The object as the reader makes it of the bytes the writer copies: the range, or {@code {}}. */
  private static JsonObject object(RawEvent e, RawEvent.Slice s) {
    return s.present() ? JsonObject.parse(e.src, s.start, s.end) : JsonObject.EMPTY;
  }

  private static boolean inRange(long millis) {
    return millis >= MIN_MILLIS && millis <= MAX_MILLIS;
  }

  private static Instant instant(long millis) {
    return millis == NONE ? null : Instant.ofEpochMilli(millis);
  }
}
