package io.tidemark.benchmarks.gateway;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * How a producer of this JVM batched its records, from its JMX metrics (averages over the
 * producer's last sample windows, 30 s each by default): what the broker and the producer's network
 * thread spend per event falls as batches grow, so the two runs' batching explains part of their
 * difference in CPU per event.
 *
 * @param batchBytes the average batch size in bytes, as sent (compressed)
 * @param recordsPerRequest the average records per produce request
 * @param compressionRate the average compressed / uncompressed size of a batch
 */
record ProducerBatches(double batchBytes, double recordsPerRequest, double compressionRate) {
  /** The metrics of the producer with this {@code client.id}, or null when there is none. */
  static ProducerBatches of(String clientId) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      ObjectName name = new ObjectName("kafka.producer:type=producer-metrics,client-id=" + clientId);
      if (!server.isRegistered(name)) {
        return null;
      }
      return new ProducerBatches(number(server, name, "batch-size-avg"), number(server, name, "records-per-request-avg"),
          number(server, name, "compression-rate-avg"));
    } catch (JMException e) {
      return null;
    }
  }

  private static double number(MBeanServer server, ObjectName name, String attribute) throws JMException {
    return ((Number) server.getAttribute(name, attribute)).doubleValue();
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.0f KiB batches (compressed to %.0f %%), %.0f records per produce request",
        batchBytes / 1024, compressionRate * 100, recordsPerRequest);
  }
}
