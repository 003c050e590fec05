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
 * guarantee), lz4, {@link #LINGER_MS}, 256 KiB batches, {@code max.in.flight.requests.per.connection=5}
 * (the most idempotence allows while keeping order), a 64 MiB buffer, and {@code max.block.ms=500}
 * so that a full buffer or missing metadata fails a send quickly (the request then gets 503)
 * instead of parking a thread.
 *
 * <p>Why linger 5 ms: every request waits for the ack of its last record before it is answered,
 * so at light load linger adds to each request's latency (p50 about 3 ms at 2 ms linger, 7 ms at
 * 5 ms, 8 connections). Under load it is what keeps batches large, and the batch size decides what
 * the broker and the producer's network thread spend per event: in the gateway benchmark (64
 * connections) linger 0 cost ~10 µs of CPU per event, 1 ms ~7, and at 2 ms the broker
 * and the network thread alone spent ~1.1–1.7 µs per event against ~0.7–1.0 at 5 ms, the setting
 * the raw-producer ceiling of FACTS.md was measured with. SDKs send in the background, so a few
 * milliseconds of latency cost no user anything, while CPU per event is what bounds a gateway's
 * throughput. {@code linger.ms} stays overridable per deployment.
 */
final class EventSink implements AutoCloseable {
  /** The default {@code linger.ms}: see the class comment. */
  static final int LINGER_MS = 5;

  private final KafkaProducer<byte[], byte[]> producer;

  EventSink(GatewayConfig config) {
    this.producer = new KafkaProducer<>(properties(config), new ByteArraySerializer(), new ByteArraySerializer());
  }

  static Map<String, Object> properties(GatewayConfig config) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "tidemark-gateway");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
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
