package io.tidemark.benchmarks.gateway;

import java.util.Map;

/**
 * What one measured run achieved.
 *
 * @param events events acknowledged within the measured window (by Kafka for the ceiling, by a 2xx
 *     for the gateway)
 * @param requests requests answered within the window (0 for the ceiling)
 * @param statuses answers by HTTP status (-1 = transport error)
 * @param p50Micros median request latency
 * @param p99Micros 99th-percentile request latency
 * @param cpuNanos CPU time this JVM (broker, gateway, load generator) used within the window
 */
record RunResult(String name, double seconds, long events, long requests, Map<Integer, Long> statuses,
    long p50Micros, long p99Micros, long cpuNanos) {
  double eventsPerSecond() {
    return events / seconds;
  }

  double requestsPerSecond() {
    return requests / seconds;
  }

  /** CPU time per acknowledged event: robust to how busy the machine is, unlike events/s. */
  double cpuMicrosPerEvent() {
    return cpuNanos / 1e3 / events;
  }
}
