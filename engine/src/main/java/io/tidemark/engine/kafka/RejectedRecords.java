package io.tidemark.engine.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends undecodable input records to the rejected topic: the original key and payload, with
 * headers {@code tidemark.reason} (a stable code), {@code tidemark.message}, {@code tidemark.topic},
 * {@code tidemark.partition} and {@code tidemark.offset}. At least once: the runtime flushes before
 * each checkpoint's metadata is written, so a rejected record is never lost, and may be sent again
 * after a crash (its coordinates identify duplicates). Thread-safe; one per worker.
 */
public final class RejectedRecords implements AutoCloseable {

    public static final String REASON_UNDECODABLE = "undecodable";
    private static final Logger LOG = LoggerFactory.getLogger(RejectedRecords.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final Counter rejected;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public RejectedRecords(String bootstrapServers, String topic, MeterRegistry metrics, String job) {
        this.topic = Objects.requireNonNull(topic, "topic");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.rejected = Counter.builder("tidemark.engine.records.rejected").tag("job", job)
                .tag("reason", REASON_UNDECODABLE).description("Input records sent to the rejected topic")
                .register(metrics);
    }

    public void reject(ConsumerRecord<byte[], byte[]> record, String reason, String message) {
        LOG.warn("rejected {}-{}@{}: {}: {}", record.topic(), record.partition(), record.offset(), reason, message);
        RecordHeaders h = new RecordHeaders();
        h.add("tidemark.reason", bytes(reason));
        h.add("tidemark.message", bytes(message == null ? "" : message));
        h.add("tidemark.topic", bytes(record.topic()));
        h.add("tidemark.partition", bytes(Integer.toString(record.partition())));
        h.add("tidemark.offset", bytes(Long.toString(record.offset())));
        producer.send(new ProducerRecord<>(topic, null, record.key(), record.value(), h), (md, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
        rejected.increment();
    }

    /** Waits until every rejected record is in Kafka; fails if one could not be sent. */
    public void flush() {
        producer.flush();
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("a rejected record could not be sent to " + topic, e);
        }
    }

    public double count() {
        return rejected.count();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
