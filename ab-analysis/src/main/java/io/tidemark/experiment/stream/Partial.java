package io.tidemark.experiment.stream;

import io.tidemark.experiment.lake.SufficientSums;

/**
 * A task's cumulative partial as {@link PartialAccumulator} keeps it.
 *
 * @param version the version last written; the next write uses {@code version + 1}
 * @param dirty changed since the last write
 */
record Partial(PartialId id, SufficientSums sums, long version, boolean dirty) {}
