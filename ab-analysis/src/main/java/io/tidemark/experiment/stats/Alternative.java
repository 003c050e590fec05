package io.tidemark.experiment.stats;

/** The alternative hypothesis of a frequentist test, on the treatment − control effect. */
public enum Alternative {
  TWO_SIDED,
  /** The treatment is greater: gbstats {@code OneSidedTreatmentGreaterTTest}. */
  GREATER,
  /** The treatment is less: gbstats {@code OneSidedTreatmentLesserTTest}. */
  LESS
}
