package io.tidemark.experiment.stream;

import io.tidemark.events.Envelope;
import java.time.Instant;
import java.util.Objects;

/**
 * An exposure or metric event that arrived further behind the units operator's watermark than the
 * allowed lateness: it changed nothing. The pipeline writes it to {@code lake/late} with reason
 * {@link ExperimentStream#LATE_REASON}.
 *
 * @param watermark the operator's watermark when the event arrived
 */
public record LateEvent(Envelope event, Instant watermark) {
  public LateEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(watermark, "watermark");
  }
}
