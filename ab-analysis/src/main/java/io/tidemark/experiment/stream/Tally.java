package io.tidemark.experiment.stream;

/**
 * One base metric's events for one unit: how many and their total, after the first exposure
 * (within the metric's window) and in the pre-exposure period (for the CUPED covariate).
 */
record Tally(long postCount, double postSum, long preCount, double preSum) {

  static final Tally ZERO = new Tally(0, 0, 0, 0);

  Tally plus(Tally o) {
    return new Tally(postCount + o.postCount, postSum + o.postSum, preCount + o.preCount, preSum + o.preSum);
  }

  /**
   * What one event at {@code time} with {@code value} adds for a unit first exposed at {@code
   * firstExposure}: post when {@code firstExposure <= time < firstExposure + window} (no window:
   * any time from the exposure on), pre when {@code firstExposure - lookback <= time <
   * firstExposure} (no lookback: never).
   */
  static Tally of(long time, double value, long firstExposure, Long windowMillis, Long lookbackMillis) {
    if (time >= firstExposure) {
      if (windowMillis == null || time - firstExposure < windowMillis) {
        return new Tally(1, value, 0, 0);
      }
      return ZERO;
    }
    if (lookbackMillis != null && firstExposure - time <= lookbackMillis) {
      return new Tally(0, 0, 1, value);
    }
    return ZERO;
  }
}
