package io.tidemark.experiment.stats;

/**
 * How an experiment is analysed. Defaults follow gbstats {@code models/settings.py
 * AnalysisSettingsForStatsEngine}: Bayesian, relative, α = 0.05, two-sided, fixed horizon,
 * sequential tuning 5000, flat prior, no correction.
 *
 * @param alpha 1 − the interval's coverage; the frequentist significance level
 * @param alternative the frequentist alternative; the Bayesian engine always reports a two-sided
 *     credible interval
 * @param sequential always-valid inference (frequentist only)
 * @param sequentialTuning the sample size the confidence sequence is tightest at (ρ of eq. 161)
 * @param prior the Bayesian prior on the relative effect
 * @param correction the multiple-testing adjustment across metrics × variants (frequentist only)
 */
public record AnalysisSettings(
    Engine engine,
    DifferenceType difference,
    double alpha,
    Alternative alternative,
    boolean sequential,
    double sequentialTuning,
    Prior prior,
    Correction correction) {

  public static final double DEFAULT_ALPHA = 0.05;
  public static final double DEFAULT_SEQUENTIAL_TUNING = 5000;

  public AnalysisSettings {
    Checks.notNull("engine", engine);
    Checks.notNull("difference", difference);
    Checks.notNull("alternative", alternative);
    Checks.notNull("prior", prior);
    Checks.notNull("correction", correction);
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be between 0 and 1: " + alpha);
    }
    if (!(sequentialTuning > 0) || !Double.isFinite(sequentialTuning)) {
      throw new IllegalArgumentException(
          "sequentialTuning must be a positive number: " + sequentialTuning);
    }
    // gbstats frequentist/tests.py compute_result: ALPHA_GREATER_THAN_0.5_FOR_SEQUENTIAL_ONE_SIDED_TEST
    if (sequential && alternative != Alternative.TWO_SIDED && alpha >= 0.5) {
      throw new IllegalArgumentException(
          "alpha must be below 0.5 for a one-sided sequential test: " + alpha);
    }
  }

  public static AnalysisSettings defaults() {
    return new AnalysisSettings(
        Engine.BAYESIAN,
        DifferenceType.RELATIVE,
        DEFAULT_ALPHA,
        Alternative.TWO_SIDED,
        false,
        DEFAULT_SEQUENTIAL_TUNING,
        Prior.IMPROPER,
        Correction.NONE);
  }

  public AnalysisSettings withEngine(Engine value) {
    return new AnalysisSettings(
        value, difference, alpha, alternative, sequential, sequentialTuning, prior, correction);
  }

  public AnalysisSettings withDifference(DifferenceType value) {
    return new AnalysisSettings(
        engine, value, alpha, alternative, sequential, sequentialTuning, prior, correction);
  }

  public AnalysisSettings withAlpha(double value) {
    return new AnalysisSettings(
        engine, difference, value, alternative, sequential, sequentialTuning, prior, correction);
  }

  public AnalysisSettings withAlternative(Alternative value) {
    return new AnalysisSettings(
        engine, difference, alpha, value, sequential, sequentialTuning, prior, correction);
  }

  /** Sequential testing on, with the given tuning parameter. */
  public AnalysisSettings withSequential(double tuning) {
    return new AnalysisSettings(
        engine, difference, alpha, alternative, true, tuning, prior, correction);
  }

  public AnalysisSettings withPrior(Prior value) {
    return new AnalysisSettings(
        engine, difference, alpha, alternative, sequential, sequentialTuning, value, correction);
  }

  public AnalysisSettings withCorrection(Correction value) {
    return new AnalysisSettings(
        engine, difference, alpha, alternative, sequential, sequentialTuning, prior, value);
  }

  public boolean relative() {
    return difference == DifferenceType.RELATIVE;
  }
}
