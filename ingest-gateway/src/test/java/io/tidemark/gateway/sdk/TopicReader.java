package io.tidemark.gateway.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from its beginning with a plain consumer (no group), the way a worker without a
 * checkpoint would, and parses every value as a JSON envelope.
 *
 * <p>Reads are cumulative: each call continues where the last one stopped, so a test can wait for
 * its events and later read the rest.
 */
final class TopicReader implements AutoCloseable {
  /** One record of the topic: its key and its parsed envelope. */
  record Envelope(String key, int partition, long offset, JsonNode json) {
    String messageId() {
      return json.path("messageId").asText(null);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KafkaConsumer<String, String> consumer;
  private final List<Envelope> seen = new ArrayList<>();

  TopicReader(String bootstrapServers, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "sdk-test-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // Only committed data: what a worker would see.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .collect(Collectors.toList());
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Every envelope read so far. */
  List<Envelope> all() {
    return List.copyOf(seen);
  }

  /**
   * Polls until {@code done} holds for everything read so far, or the timeout passes; returns what
   * was read either way so the caller's assertion names what is missing.
   */
  List<Envelope> readUntil(Predicate<List<Envelope>> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.test(seen) && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
        seen.add(new Envelope(r.key(), r.partition(), r.offset(), parse(r.value())));
      }
    }
    return all();
  }

  /** Reads until every one of {@code messageIds} has been seen; returns them by messageId. */
  Map<String, Envelope> awaitMessageIds(Collection<String> messageIds, Duration timeout) {
    Set<String> wanted = Set.copyOf(messageIds);
    readUntil(all -> all.stream().map(Envelope::messageId).collect(Collectors.toSet()).containsAll(wanted), timeout);
    Map<String, Envelope> found = new LinkedHashMap<>();
    for (Envelope e : seen) {
      if (wanted.contains(e.messageId())) {
        found.putIfAbsent(e.messageId(), e);
      }
    }
    return found;
  }

  /** Reads until the end offsets as of now have been reached: the whole topic so far. */
  List<Envelope> readToEnd(Duration timeout) {
    Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(30));
    return readUntil(all -> end.entrySet().stream()
        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue()), timeout);
  }

  private static JsonNode parse(String value) {
    try {
      return JSON.readTree(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException("the topic holds a value that is not JSON: " + value, e);
    }
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
