package io.tidemark.experiment.stats;

/** Argument checks shared by the value types; messages name the argument. */
final class Checks {
  private Checks() {}

  static void units(String name, long n) {
    if (n < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + n);
    }
  }

  static void finite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number: " + value);
    }
  }

  static <T> T notNull(String name, T value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    return value;
  }

  static void sameKind(String what, MomentStatistics a, MomentStatistics b) {
    if (a.getClass() != b.getClass() || a.n() != b.n()) {
      throw new IllegalArgumentException(
          what + " must be of the same kind and count the same units: " + a + ", " + b);
    }
  }
}
