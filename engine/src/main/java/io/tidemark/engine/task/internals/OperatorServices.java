package io.tidemark.engine.task.internals;

import io.micrometer.core.instrument.MeterRegistry;
import io.tidemark.engine.api.TaskInfo;
import io.tidemark.engine.state.CacheOptions;
import io.tidemark.engine.state.KvStore;
import io.tidemark.engine.time.Clock;
import io.tidemark.engine.time.internals.WatermarkTracker;

/** What the operators of one task share: its store, clock, watermark, metrics and taps. */
public record OperatorServices(TaskInfo task, KvStore store, CacheOptions cache, Clock clock,
                               WatermarkTracker watermark, MeterRegistry metrics, Taps taps) {
}
