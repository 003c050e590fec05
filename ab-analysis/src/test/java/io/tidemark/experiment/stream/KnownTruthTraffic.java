package io.tidemark.experiment.stream;

import static io.tidemark.experiment.stream.RandomTraffic.DAY;
import static io.tidemark.experiment.stream.RandomTraffic.HOUR;
import static io.tidemark.experiment.stream.RandomTraffic.START;

import io.tidemark.events.Envelope;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Traffic whose truth is known by construction. Every device is randomized 50/50 into four
 * experiments, each exposure at its own random time:
 * <ul>
 *   <li>{@code exp-lift}: treatment raises the chance of an order within 60 h of the exposure from
 *       {@link #CONTROL_CONVERSION} to {@link #TREATMENT_CONVERSION};
 *   <li>{@code exp-latency}: treatment adds {@link #LATENCY_REGRESSION_MS} to every API call after
 *       the exposure;
 *   <li>{@code exp-null}: no effect on anything;
 *   <li>{@code exp-srm}: no effect, but {@link #LOST_TREATMENT_EXPOSURES} of the treatment
 *       exposures are never logged (a broken exposure split).
 * </ul>
 * Devices also order and call APIs before their exposures (the CUPED pre-period), view products,
 * and now and then log an exposure twice. Shared (test-jar) with app's end-to-end test, which
 * sends the same traffic through the gateway and the live worker.
 */
public final class KnownTruthTraffic {
  public static final double CONTROL_CONVERSION = 0.20;
  public static final double TREATMENT_CONVERSION = 0.26;
  public static final double LATENCY_REGRESSION_MS = 25;
  public static final double LOST_TREATMENT_EXPOSURES = 0.15;
  public static final String METRICS = """
      {"metrics": [
        {"id": "purchase", "kind": "conversion", "event": "Order Completed", "window": "72h", "cuped": true},
        {"id": "revenue", "kind": "sum", "event": "Order Completed", "property": "revenue", "cuped": true},
        {"id": "api_latency", "kind": "mean", "event": "App Performance", "property": "value",
         "where": {"metric": "api_latency_ms"}, "cap": {"absolute": 5000}, "inverse": true, "cuped": true}
      ],
      "experiments": [
        {"id": "exp-lift", "variants": ["control", "treatment"], "metrics": ["purchase", "revenue"]},
        {"id": "exp-latency", "variants": ["control", "treatment"], "metrics": ["api_latency"]},
        {"id": "exp-null", "variants": ["control", "treatment"], "metrics": ["purchase", "revenue", "api_latency"]},
        {"id": "exp-srm", "variants": ["control", "treatment"], "metrics": ["purchase"]}
      ]}""";

  private KnownTruthTraffic() {}

  public static List<Envelope> generate(long seed, int devices) {
    Random r = new Random(seed);
    List<Envelope> out = new ArrayList<>();
    for (int i = 0; i < devices; i++) {
      String unit = "device-" + i;
      Map<String, Long> exposedAt = new java.util.HashMap<>();
      Map<String, Boolean> treated = new java.util.HashMap<>();
      for (String x : List.of("exp-lift", "exp-latency", "exp-null", "exp-srm")) {
        long t = START + 3 * DAY + (long) (r.nextDouble() * 4 * DAY);
        boolean treatment = r.nextBoolean();
        exposedAt.put(x, t);
        treated.put(x, treatment);
        if (x.equals("exp-srm") && treatment && r.nextDouble() < LOST_TREATMENT_EXPOSURES) {
          continue;
        }
        String v = treatment ? "treatment" : "control";
        out.add(Envelopes.exposure(unit, x, v, t));
        if (r.nextDouble() < 0.1) {
          out.add(Envelopes.exposure(unit, x, v, t + (long) (r.nextDouble() * DAY)));
        }
      }
      // Pre-period behaviour, the same in every arm: some orders and API calls in the days before.
      double propensity = r.nextDouble();
      if (r.nextDouble() < 0.3 * propensity + 0.05) {
        out.add(Envelopes.order(unit, START + (long) (r.nextDouble() * 3 * DAY), revenue(r)));
      }
      double deviceLatency = 150 + r.nextGaussian() * 30;
      for (int k = 0; k < 2; k++) {
        out.add(Envelopes.latency(unit, START + (long) (r.nextDouble() * 3 * DAY), latency(r, deviceLatency, 0)));
      }
      // The conversion, driven by exp-lift only.
      long liftAt = exposedAt.get("exp-lift");
      double p = treated.get("exp-lift") ? TREATMENT_CONVERSION : CONTROL_CONVERSION;
      if (r.nextDouble() < p) {
        out.add(Envelopes.order(unit, liftAt + (long) (r.nextDouble() * 60 * HOUR), revenue(r)));
      }
      // API calls after the exp-latency exposure, slower in its treatment.
      long latencyAt = exposedAt.get("exp-latency");
      double extra = treated.get("exp-latency") ? LATENCY_REGRESSION_MS : 0;
      int calls = 2 + r.nextInt(5);
      for (int k = 0; k < calls; k++) {
        out.add(Envelopes.latency(unit, latencyAt + (long) (r.nextDouble() * 2 * DAY),
            latency(r, deviceLatency, extra)));
      }
      out.add(Envelopes.track(unit, "Product Viewed", START + (long) (r.nextDouble() * 8 * DAY),
          Map.of("item_id", "i" + r.nextInt(100))));
    }
    out.sort(Comparator.comparingLong(Envelopes::time));
    return out;
  }

  private static double revenue(Random r) {
    return Math.round((10 + r.nextDouble() * 90) * 100) / 100.0;
  }

  private static double latency(Random r, double deviceMean, double extra) {
    return Math.max(1, deviceMean + extra + r.nextGaussian() * 40);
  }
}
