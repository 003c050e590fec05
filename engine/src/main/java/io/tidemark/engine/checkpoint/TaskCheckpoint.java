package io.tidemark.engine.checkpoint;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The metadata of one task's checkpoint, written last and atomically: once it exists, the
 * checkpoint is complete. It is the truth about the task: where to resume reading
 * ({@code offset}, the next offset to read), which state files rebuild its store, and what each
 * transactional sink pre-committed ({@code sinks}, by {@link TransactionalSink#stateName()}).
 *
 * @param epoch    the ownership epoch of the worker that wrote it (see {@link TaskFence})
 * @param finished bounded mode: the task reached its end offset and drained its outputs
 */
public record TaskCheckpoint(int version, String job, int task, long id, long epoch, long offset,
                             long watermark, boolean finished, long createdAtMillis,
                             List<StateFile> files, Map<String, String> sinks) {

    public static final int VERSION = 1;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false).build();

    public TaskCheckpoint {
        Objects.requireNonNull(job, "job");
        if (task < 0 || id < 0 || epoch < 0 || offset < 0) {
            throw new IllegalArgumentException("task, id, epoch and offset must not be negative: "
                    + task + ", " + id + ", " + epoch + ", " + offset);
        }
        files = List.copyOf(files);
        sinks = Map.copyOf(sinks);
    }

    public byte[] toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException if the bytes are not a checkpoint of a known version */
    public static TaskCheckpoint fromJson(byte[] json) {
        TaskCheckpoint c;
        try {
            c = JSON.readValue(json, TaskCheckpoint.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a task checkpoint: " + e.getMessage(), e);
        }
        if (c.version() != VERSION) {
            throw new IllegalArgumentException("unsupported checkpoint version " + c.version());
        }
        return c;
    }
}
