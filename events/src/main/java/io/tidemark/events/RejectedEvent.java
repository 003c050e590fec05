package io.tidemark.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A record on {@link Topics#REJECTED}: what was refused, why, from where.
 *
 * <p>JSON layout ({@link EventJson#encodeRejected}): {@code code}, {@code message}, {@code source},
 * {@code receivedAt}, optional {@code messageId}, {@code index} (position in its request) and
 * {@code origin} (where a worker read it), {@code originalBytes}, and the input itself: {@code
 * original} as the JSON value it was, or {@code originalText} (a string) when it was not JSON or was
 * longer than {@link #MAX_ORIGINAL_BYTES} (then only its first {@link #TRUNCATED_TEXT_CHARS}
 * characters).
 *
 * @param original the input as sent (UTF-8 text)
 * @param originalIsJson true when {@code original} is one valid JSON value
 * @param code a stable {@link ErrorCode} string (workers may add their own codes)
 * @param message what is wrong
 * @param source the source id, or null when unknown
 * @param receivedAt when the gateway (or worker) received it
 * @param messageId the event's messageId if it had one, else null
 * @param index the event's position in its request, or null
 * @param origin where it was read (e.g. {@code tidemark.events/3/1234}), or null
 */
public record RejectedEvent(
    String original,
    boolean originalIsJson,
    String code,
    String message,
    String source,
    Instant receivedAt,
    String messageId,
    Integer index,
    String origin) {

  /** Originals up to this size are kept whole; longer ones are truncated to text. */
  public static final int MAX_ORIGINAL_BYTES = 256 * 1024;

  /** How much of a truncated original is kept. */
  public static final int TRUNCATED_TEXT_CHARS = 4096;

  public RejectedEvent {
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }
}
