package io.tidemark.bench.logs;

import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The device population. Activity is Zipf-like (exponent 1) by rank: device {@code i}'s sessions
 * come {@code (i + 1)} times less often than device 0's, so a few devices send much of the traffic
 * and most send little, as in real client logs. Half are browsers, the rest iOS and Android apps;
 * one in seven has a clock that is minutes off (the gateway's skew correction removes it).
 */
final class Devices {

  private static final long MIN = 60_000;
  private static final long HOUR = 60 * MIN;
  /** Mean time between sessions of an average device. */
  private static final long MEAN_SESSION_GAP = 6 * HOUR;

  private Devices() {
  }

  static DeviceProfile[] create(int count, SplittableRandom r) {
    double harmonic = 0;
    for (int i = 1; i <= count; i++) {
      harmonic += 1.0 / i;
    }
    DeviceProfile[] out = new DeviceProfile[count];
    for (int i = 0; i < count; i++) {
      double activity = (1.0 / (i + 1)) / harmonic * count;
      long gap = (long) Math.min(14 * 24 * HOUR, Math.max(10 * MIN, MEAN_SESSION_GAP / activity));
      out[i] = profile(r, gap);
    }
    return out;
  }

  static String uuid(SplittableRandom r) {
    return new UUID(r.nextLong(), r.nextLong()).toString();
  }

  private static DeviceProfile profile(SplittableRandom r, long meanSessionGap) {
    String anon = uuid(r);
    long skew = r.nextInt(7) == 0 ? r.nextLong(-10 * MIN, 10 * MIN) : r.nextLong(-2_000, 2_000);
    double u = r.nextDouble();
    String version = Vocabulary.APP_VERSIONS[r.nextInt(Vocabulary.APP_VERSIONS.length)];
    if (u < 0.5) {
      String ua = Vocabulary.USER_AGENTS[r.nextInt(Vocabulary.USER_AGENTS.length)];
      return new DeviceProfile(anon, "web", null, null, null, null, null, null, "analytics.js", "npm:next-1.76.0",
          ua, skew, meanSessionGap, 10_000, 1 + r.nextInt(10));
    }
    if (u < 0.8) {
      String model = Vocabulary.IOS_MODELS[r.nextInt(Vocabulary.IOS_MODELS.length)];
      return new DeviceProfile(anon, "ios", "iOS", "18." + r.nextInt(3), "ios", model, "Apple", version,
          "analytics-swift", "1.6.1", null, skew, meanSessionGap, 30_000, 20);
    }
    String model = Vocabulary.ANDROID_MODELS[r.nextInt(Vocabulary.ANDROID_MODELS.length)];
    return new DeviceProfile(anon, "android", "Android", String.valueOf(13 + r.nextInt(3)), "android", model,
        model.startsWith("Pixel") ? "Google" : model.startsWith("moto") ? "motorola" : "samsung", version,
        "analytics-kotlin", "1.18.1", null, skew, meanSessionGap, 30_000, 20);
  }
}
