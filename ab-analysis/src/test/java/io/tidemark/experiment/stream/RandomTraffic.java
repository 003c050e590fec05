package io.tidemark.experiment.stream;

import io.tidemark.events.Envelope;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Random devices over a few days: exposures to two experiments (some seen twice, some in both
 * variants), orders with revenue and latency samples before and after their exposures, and events
 * no metric reads.
 */
final class RandomTraffic {
  static final long START = 1_793_491_200_000L; // 2026-11-01T00:00:00Z
  static final long HOUR = 3_600_000L;
  static final long DAY = 24 * HOUR;

  private RandomTraffic() {}

  static List<Envelope> generate(long seed, int units, int days) {
    Random r = new Random(seed);
    List<Envelope> out = new ArrayList<>();
    long span = days * DAY;
    for (int i = 0; i < units; i++) {
      String unit = "dev-" + i;
      for (String x : List.of("exp-a", "exp-b")) {
        if (r.nextDouble() < 0.2) {
          continue;
        }
        String v = r.nextBoolean() ? "control" : "treatment";
        long t = START + (long) (r.nextDouble() * span);
        out.add(r.nextDouble() < 0.2 ? Envelopes.exposureCamelCase(unit, x, v, t) : Envelopes.exposure(unit, x, v, t));
        if (r.nextDouble() < 0.3) {
          // Seen again, usually later, sometimes earlier (becomes the first exposure), rarely in the other arm.
          String again = r.nextDouble() < 0.1 ? (v.equals("control") ? "treatment" : "control") : v;
          out.add(Envelopes.exposure(unit, x, again, t + (long) ((r.nextDouble() - 0.3) * 6 * HOUR)));
        }
      }
      int n = r.nextInt(12);
      long previous = START + (long) (r.nextDouble() * span);
      for (int k = 0; k < n; k++) {
        // Half the events follow the previous one within minutes: sessions of several events.
        long t = r.nextBoolean() ? previous + (long) (r.nextDouble() * 40 * 60_000L)
            : START + (long) (r.nextDouble() * span);
        previous = t;
        double p = r.nextDouble();
        if (p < 0.35) {
          out.add(Envelopes.order(unit, t, Math.round(r.nextDouble() * 10_000) / 100.0));
        } else if (p < 0.8) {
          out.add(Envelopes.latency(unit, t, 20 + r.nextDouble() * (r.nextDouble() < 0.02 ? 20_000 : 400)));
        } else {
          out.add(Envelopes.track(unit, "Product Viewed", t, java.util.Map.of("item_id", "i" + r.nextInt(50))));
        }
      }
    }
    out.sort(Comparator.comparingLong(Envelopes::time));
    return out;
  }

  /** The same events in an arrival order where each is up to {@code maxDelay} late, and never more. */
  static List<Envelope> delayed(List<Envelope> events, long seed, long maxDelay) {
    Random r = new Random(seed);
    record Arrival(Envelope e, long at) {}
    List<Arrival> arrivals = new ArrayList<>();
    for (Envelope e : events) {
      arrivals.add(new Arrival(e, Envelopes.time(e) + (long) (r.nextDouble() * maxDelay)));
    }
    arrivals.sort(Comparator.comparingLong(Arrival::at));
    return arrivals.stream().map(Arrival::e).toList();
  }
}
