package io.tidemark.experiment.report;

import java.time.Instant;

/**
 * How far the data reaches: the minimum over tasks of each task's highest watermark in {@code
 * experiment_stats}. Every result up to {@code watermark} (event time) is in; later events may
 * still change the numbers. Null when there are no rows.
 *
 * @param tasks how many tasks wrote rows
 */
public record Freshness(Instant watermark, int tasks) {}
