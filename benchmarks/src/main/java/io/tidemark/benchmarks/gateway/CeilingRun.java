package io.tidemark.benchmarks.gateway;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The ceiling: one raw producer thread writing the gateway's own envelope bytes (same keys, same
 * values) as fast as the broker acknowledges them, with the durability the gateway promises (acks=all,
 * idempotent). No HTTP, no parsing, no normalization: what the gateway could reach if those cost
 * nothing.
 */
final class CeilingRun {
  private final String bootstrapServers;
  private final String topic;
  private final List<ProducerRecord<byte[], byte[]>> envelopes;

  CeilingRun(String bootstrapServers, String topic, List<ProducerRecord<byte[], byte[]>> envelopes) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.envelopes = List.copyOf(envelopes);
  }

  static Properties producerConfig(String bootstrapServers) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    return p;
  }

  RunResult run(int warmupSeconds, int seconds) {
    AtomicLong acked = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(producerConfig(bootstrapServers), new ByteArraySerializer(), new ByteArraySerializer())) {
      long warmupEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
      long end = warmupEnd + seconds * 1_000_000_000L;
      long ackedAtStart = -1;
      long start = 0;
      for (int i = 0; ; i++) {
        if ((i & 1023) == 0) {
          long now = System.nanoTime();
          if (ackedAtStart < 0 && now >= warmupEnd) {
            ackedAtStart = acked.get();
            start = now;
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
      double measured = (System.nanoTime() - start) / 1e9;
      producer.flush();
      return new RunResult("ceiling (raw producer)", measured, ackedAtEnd - ackedAtStart, 0,
          Map.of(-1, failed.get()), 0, 0);
    }
  }
}
