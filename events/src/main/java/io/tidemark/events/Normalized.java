package io.tidemark.events;

import java.util.Objects;

/** The outcome of normalizing one raw event: an envelope, or a rejection with a stable code. */
public sealed interface Normalized permits Normalized.Accepted, Normalized.Rejected {

  /** The event is valid; here is its envelope. */
  record Accepted(Envelope envelope) implements Normalized {
    public Accepted {
      Objects.requireNonNull(envelope, "envelope");
    }
  }

  /**
   * The event is invalid.
   *
   * @param code an {@link ErrorCode.Scope#EVENT} code
   * @param message what is wrong, naming the field
   * @param messageId the event's own messageId when it had a usable one, else null
   */
  record Rejected(ErrorCode code, String message, String messageId) implements Normalized {
    public Rejected {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }
  }
}
