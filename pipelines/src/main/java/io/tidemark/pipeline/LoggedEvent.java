package io.tidemark.pipeline;

import io.tidemark.engine.kafka.KafkaCoordinates;
import io.tidemark.events.Envelope;
import java.util.Iterator;
import java.util.Objects;

/**
 * What the live job's source emits: an envelope and where it was read, which the raw archive
 * keeps so that a replay of the archive can read each Kafka partition in offset order again.
 *
 * @param envelope the event
 * @param readAt the record's Kafka coordinates, or null when it was not read from Kafka (a replay
 *     of NDJSON files)
 */
public record LoggedEvent(Envelope envelope, KafkaCoordinates readAt) {

  public LoggedEvent {
    Objects.requireNonNull(envelope, "envelope");
  }

  /** An envelope that was not read from Kafka. */
  public static LoggedEvent of(Envelope envelope) {
    return new LoggedEvent(envelope, null);
  }

  /** Envelopes that were not read from Kafka (e.g. lines of NDJSON logs), lazily wrapped. */
  public static Iterator<LoggedEvent> all(Iterator<Envelope> envelopes) {
    Objects.requireNonNull(envelopes, "envelopes");
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return envelopes.hasNext();
      }

      @Override
      public LoggedEvent next() {
        return of(envelopes.next());
      }
    };
  }
}
