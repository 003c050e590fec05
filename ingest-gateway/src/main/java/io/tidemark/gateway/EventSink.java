package io.tidemark.gateway;

import io.tidemark.events.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The gateway's one Kafka producer, shared by all requests.
 *
 * <p>Tuning (overridable except the first two): {@code acks=all} and idempotence (the 2xx
 * guarantee), lz4, {@code linger.ms=5}, 256 KiB batches, a 64 MiB buffer, and {@code
 * max.block.ms=500} so that a full buffer or missing metadata fails a send quickly (the request
 * then gets 503) instead of parking a thread.
 */
final class EventSink implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;

  EventSink(GatewayConfig config) {
    this.producer = new KafkaProducer<>(properties(config), new ByteArraySerializer(), new ByteArraySerializer());
  }

  static Map<String, Object> properties(GatewayConfig config) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "tidemark-gateway");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 500);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    p.putAll(config.kafkaProducer());
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return p;
  }

  void sendEvent(byte[] key, byte[] envelope, Callback callback) {
    producer.send(new ProducerRecord<>(Topics.EVENTS, key, envelope), callback);
  }

  void sendRejected(byte[] record, Callback callback) {
    producer.send(new ProducerRecord<>(Topics.REJECTED, null, record), callback);
  }

  /**
   * Loads the producer's metadata for both topics, so that the first requests do not spend their
   * {@code max.block.ms} waiting for it; throws when Kafka cannot say.
   */
  void warmUp() {
    producer.partitionsFor(Topics.EVENTS);
    producer.partitionsFor(Topics.REJECTED);
  }

  @Override
  public void close() {
    producer.flush();
    producer.close(Duration.ofSeconds(10));
  }
}
