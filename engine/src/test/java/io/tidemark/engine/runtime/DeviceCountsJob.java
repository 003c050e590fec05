package io.tidemark.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.engine.api.DataStream;
import io.tidemark.engine.api.Pipeline;
import io.tidemark.engine.io.Sources;
import io.tidemark.engine.lake.LakeSink;
import io.tidemark.engine.serde.Serdes;
import io.tidemark.engine.window.Aggregates;
import io.tidemark.engine.window.TumblingWindows;
import io.tidemark.lake.schema.Dataset;
import io.tidemark.lake.write.LakeWriterConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * The job of the exactly-once tests: every event into an archive dataset, and per-device counts in
 * tumbling one-minute event-time windows into a counts dataset. Input records are JSON
 * {@code {"messageId":..,"device":..,"ts":..}} keyed by device.
 */
final class DeviceCountsJob {

    record DeviceEvent(String messageId, String device, long ts) {
    }

    record ArchiveRow(String messageId, String device, Instant ts) {
        static final Dataset<ArchiveRow> DATASET = Dataset.<ArchiveRow>builder("device_events")
                .requiredString("message_id", ArchiveRow::messageId)
                .requiredString("device", ArchiveRow::device)
                .requiredTimestamp("ts", ArchiveRow::ts)
                .partitionedByDateOf(ArchiveRow::ts)
                .rows(v -> new ArchiveRow(v.string("message_id"), v.string("device"), v.instant("ts")))
                .build();
    }

    record CountRow(String device, Instant windowStart, long events) {
        static final Dataset<CountRow> DATASET = Dataset.<CountRow>builder("device_counts")
                .requiredString("device", CountRow::device)
                .requiredTimestamp("window_start", CountRow::windowStart)
                .requiredInt64("events", CountRow::events)
                .partitionedByDateOf(CountRow::windowStart)
                .rows(v -> new CountRow(v.string("device"), v.instant("window_start"), v.requiredInt64("events")))
                .build();
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeviceCountsJob() {
    }

    /** {@code nanosPerRecord} slows processing down so that kills land mid-run. */
    static Job<DeviceEvent> create(String name, String topic, String lake, long nanosPerRecord) {
        LakeWriterConfig lakeConfig = LakeWriterConfig.DEFAULTS.withRollInterval(Duration.ofMillis(500));
        Pipeline p = new Pipeline(name);
        DataStream<DeviceEvent> events = p.source("events", Sources.<DeviceEvent>empty(), DeviceEvent::ts)
                .map(e -> {
                    if (nanosPerRecord > 0) {
                        LockSupport.parkNanos(nanosPerRecord);
                    }
                    return e;
                });
        events.sink("archive-lake", LakeSink.<DeviceEvent, ArchiveRow>to(ArchiveRow.DATASET,
                e -> new ArchiveRow(e.messageId(), e.device(), Instant.ofEpochMilli(e.ts())))
                .lake(lake).config(lakeConfig).build());
        events.keyBy(DeviceEvent::device, Serdes.STRING)
                .window(TumblingWindows.of(Duration.ofMinutes(1)))
                .aggregate("device-counts", Aggregates.<DeviceEvent>count(), Serdes.LONG)
                .sink("counts-lake", LakeSink.<io.tidemark.engine.window.WindowResult<String, Long>, CountRow>to(
                        CountRow.DATASET,
                        r -> new CountRow(r.key(), Instant.ofEpochMilli(r.window().start()), r.value()))
                        .lake(lake).config(lakeConfig).build());
        return new Job<>(p, "events", topic, DeviceCountsJob::decode);
    }

    static DeviceEvent decode(byte[] key, byte[] value) throws Exception {
        JsonNode n = JSON.readTree(value);
        if (n == null || !n.hasNonNull("messageId") || !n.hasNonNull("device") || !n.path("ts").canConvertToLong()) {
            throw new IllegalArgumentException("not a device event");
        }
        return new DeviceEvent(n.get("messageId").asText(), n.get("device").asText(), n.get("ts").asLong());
    }
}
