package io.tidemark.benchmarks.gateway;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The ceiling: one raw producer thread writing the gateway's own envelope bytes (same keys, same
 * values) as fast as the broker acknowledges them, with the gateway's own producer configuration
 * (acks=all, idempotence, compression, linger, batch size: whatever the gateway uses, so the two
 * cannot drift apart). No HTTP, no parsing, no normalization: what the gateway could reach if those
 * cost nothing.
 */
final class CeilingRun {
  private static final String CLIENT_ID = "tidemark-benchmark-ceiling";
  private final Map<String, Object> producerConfig;
  private final String topic;
  private final List<ProducerRecord<byte[], byte[]>> envelopes;

  /** {@code gatewayProducerConfig}: the properties of the gateway's producer (client id and max.block.ms replaced). */
  CeilingRun(Map<String, Object> gatewayProducerConfig, String topic, List<ProducerRecord<byte[], byte[]>> envelopes) {
    this.producerConfig = new HashMap<>(gatewayProducerConfig);
    this.producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
    // A send loop's only backpressure is a send that waits for buffer space: let it wait, as a raw
    // producer does by default, instead of failing after the gateway's 500 ms (which exists to
    // answer 503 quickly, not for throughput).
    this.producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
    this.topic = topic;
    this.envelopes = List.copyOf(envelopes);
  }

  RunResult run(int warmupSeconds, int seconds, LongSupplier cpuNanos) {
    AtomicLong acked = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
      long warmupEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
      long end = warmupEnd + seconds * 1_000_000_000L;
      long ackedAtStart = -1;
      long start = 0;
      long cpuAtStart = 0;
      for (int i = 0; ; i++) {
        if ((i & 1023) == 0) {
          long now = System.nanoTime();
          if (ackedAtStart < 0 && now >= warmupEnd) {
            ackedAtStart = acked.get();
            start = now;
            cpuAtStart = cpuNanos.getAsLong();
          }
          if (now >= end) {
            break;
          }
        }
        ProducerRecord<byte[], byte[]> e = envelopes.get(i % envelopes.size());
        producer.send(new ProducerRecord<>(topic, e.key(), e.value()), (metadata, error) -> {
          if (error == null) {
            acked.incrementAndGet();
          } else {
            failed.incrementAndGet();
          }
        });
      }
      long ackedAtEnd = acked.get();
      long cpu = cpuNanos.getAsLong() - cpuAtStart;
      double measured = (System.nanoTime() - start) / 1e9;
      ProducerBatches batches = ProducerBatches.of(CLIENT_ID);
      producer.flush();
      System.out.println("ceiling producer: " + batches);
      return new RunResult("ceiling (raw producer)", measured, ackedAtEnd - ackedAtStart, 0,
          Map.of(-1, failed.get()), 0, 0, cpu);
    }
  }
}
