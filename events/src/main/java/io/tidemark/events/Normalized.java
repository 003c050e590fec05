package io.tidemark.events;

import java.util.Objects;

/** The outcome of normalizing one raw event: an envelope, or a rejection with a stable code. */
public sealed interface Normalized permits Normalized.Accepted, Normalized.Rejected {

  /**
   * The event is valid: here is its envelope, as the JSON that goes to Kafka, and the Kafka key.
   * Made from one of the two, the other on first use: the gateway's normalization writes the JSON
   * and {@link #envelope()} decodes it; a replay's ({@link Normalizer#normalizeToEnvelope}) builds
   * the envelope and {@link #json()} encodes it.
   */
  final class Accepted implements Normalized {
    private volatile byte[] json;
    private final String key;
    private final String messageId;
    private final long sentAtMillis;
    private volatile Envelope envelope;
    private final boolean builtWithoutJson;

    Accepted(byte[] json, String key, String messageId, long sentAtMillis, Envelope envelope) {
      this.json = Objects.requireNonNull(json, "json");
      this.key = Objects.requireNonNull(key, "key");
      this.messageId = Objects.requireNonNull(messageId, "messageId");
      this.sentAtMillis = sentAtMillis;
      this.envelope = envelope;
      this.builtWithoutJson = false;
    }

    /** An envelope built without its JSON. */
    Accepted(Envelope envelope, long sentAtMillis) {
      this.envelope = Objects.requireNonNull(envelope, "envelope");
      this.key = envelope.partitionKey();
      this.messageId = envelope.messageId();
      this.sentAtMillis = sentAtMillis;
      this.builtWithoutJson = true;
    }

    /** Whether the envelope was built without its JSON (tests of that path). */
    boolean builtWithoutJson() {
      return builtWithoutJson;
    }

    /**
     * The envelope as UTF-8 JSON (the value of the Kafka record). Do not modify. For an envelope
     * built without its JSON, {@link EventJson#encode} of it: the gateway's bytes for the same
     * event whenever its objects were canonical JSON as sent, and the same envelope when decoded
     * in any case.
     */
    public byte[] json() {
      byte[] j = json;
      if (j == null) {
        j = EventJson.encode(envelope);
        json = j;
      }
      return j;
    }

    /** The Kafka key: {@code anonymousId}, else {@code userId}. */
    public String key() {
      return key;
    }

    public String messageId() {
      return messageId;
    }

    /** The client's {@code sentAt} in epoch ms, or {@link Long#MIN_VALUE} when it sent none. */
    public long sentAtMillis() {
      return sentAtMillis;
    }

    /** The envelope as a record (decoded from {@link #json()} once). */
    public Envelope envelope() {
      Envelope e = envelope;
      if (e == null) {
        e = EventJson.decodeEnvelope(json);
        envelope = e;
      }
      return e;
    }

    @Override
    public String toString() {
      return "Accepted[" + new String(json(), java.nio.charset.StandardCharsets.UTF_8) + "]";
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
