package io.tidemark.experiment.stats;

/** How the treatment is compared with the control. */
public enum DifferenceType {
  /** (treatment − control) / |control|, gbstats {@code utils.py frequentist_diff}. */
  RELATIVE,
  /** treatment − control. */
  ABSOLUTE
}
