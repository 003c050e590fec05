package io.tidemark.bench.logs;

/**
 * A simulated device: what its SDK puts in {@code context}, how its clock is off, how active it is.
 *
 * @param platform web, ios or android
 * @param clockSkewMs how far the device's clock is ahead of true time (negative: behind)
 * @param meanSessionGapMs mean time between two of its sessions (Zipf-like by rank)
 */
record DeviceProfile(String anonymousId, String platform, String osName, String osVersion, String deviceType,
    String model, String manufacturer, String appVersion, String library, String libraryVersion,
    String userAgent, long clockSkewMs, long meanSessionGapMs, long flushIntervalMs, int batchSize) {

  boolean web() {
    return platform.equals("web");
  }
}
