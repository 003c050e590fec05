package io.tidemark.experiment.stream;

/**
 * An event counts toward base metric {@code metric} with {@code value}: 1 for conversion and
 * count metrics, the property value (after a per-event cap) for sum and mean metrics.
 */
record Hit(String metric, double value) {}
