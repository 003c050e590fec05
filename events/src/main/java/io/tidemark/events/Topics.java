package io.tidemark.events;

/** The Kafka topics of the event contract (DESIGN.md, "Command line"). */
public final class Topics {
  /** Accepted events as JSON envelopes, keyed by anonymousId (else userId). */
  public static final String EVENTS = "tidemark.events";

  /** Rejected input: the original payload with a stable reason code and message. */
  public static final String REJECTED = "tidemark.events.rejected";

  private Topics() {}
}
