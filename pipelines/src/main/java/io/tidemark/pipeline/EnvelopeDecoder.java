package io.tidemark.pipeline;

import io.tidemark.engine.kafka.KafkaCoordinates;
import io.tidemark.engine.kafka.RecordDecoder;
import io.tidemark.events.EventJson;

/**
 * Decodes records of {@code tidemark.events}: the value is an envelope ({@link
 * EventJson#decodeEnvelope}), kept with the record's coordinates for the raw archive. A value that
 * is not an envelope throws, so the runtime sends the record to the rejected topic and goes on.
 */
final class EnvelopeDecoder implements RecordDecoder<LoggedEvent> {

  @Override
  public LoggedEvent decode(KafkaCoordinates at, byte[] key, byte[] value) {
    return new LoggedEvent(EventJson.decodeEnvelope(value), at);
  }

  @Override
  public LoggedEvent decode(byte[] key, byte[] value) {
    return LoggedEvent.of(EventJson.decodeEnvelope(value));
  }
}
