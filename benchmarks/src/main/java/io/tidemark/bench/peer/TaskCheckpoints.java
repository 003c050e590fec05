package io.tidemark.bench.peer;

import io.tidemark.engine.checkpoint.CheckpointLayout.Ref;
import io.tidemark.engine.checkpoint.CheckpointStorage;
import io.tidemark.engine.checkpoint.StateFile;
import io.tidemark.engine.checkpoint.TaskCheckpoint;
import io.tidemark.engine.snapshot.Snapshot;
import io.tidemark.engine.task.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One task's checkpoints, as the worker takes them (see the engine's {@code TaskCheckpointer}), minus
 * what this job has not got (transactional sinks, Kafka offsets, fencing): snapshot at a record
 * boundary (write-back caches and timers flushed, RocksDB checkpoint), incremental upload of the new
 * files to checkpoint storage, metadata written, local snapshot deleted, the last two kept.
 */
final class TaskCheckpoints {

  /** One completed checkpoint of the task. */
  record Taken(long id, long startNanos, long endNanos, long stateBytes, long uploadedBytes) {
    long millis() {
      return (endNanos - startNanos) / 1_000_000;
    }
  }

  private final CheckpointStorage storage;
  private final int taskIndex;
  private final Path localDir;
  private Map<String, StateFile> lastFiles = Map.of();

  TaskCheckpoints(CheckpointStorage storage, int taskIndex, Path localDir) {
    this.storage = storage;
    this.taskIndex = taskIndex;
    this.localDir = localDir;
  }

  Taken take(Task task, long id, long linesRead) {
    long start = System.nanoTime();
    try {
      Path dir = localDir.resolve("snapshot-" + id);
      Snapshot snapshot = task.snapshot(id, dir);
      CheckpointStorage.Upload upload = storage.uploadState(snapshot, new Ref(taskIndex, id, 1), lastFiles);
      storage.writeMetadata(new TaskCheckpoint(TaskCheckpoint.VERSION, storage.job(), taskIndex, id, 1, linesRead,
          snapshot.watermark(), false, System.currentTimeMillis(), upload.files(), Map.of()));
      Map<String, StateFile> files = new HashMap<>();
      upload.files().forEach(f -> files.put(f.name(), f));
      lastFiles = files;
      deleteRecursively(dir);
      storage.retain(taskIndex, 2);
      long stateBytes = upload.files().stream().mapToLong(StateFile::sizeBytes).sum();
      return new Taken(id, start, System.nanoTime(), stateBytes, upload.bytesCopied());
    } catch (IOException e) {
      throw new UncheckedIOException("checkpoint " + id + " of task " + taskIndex, e);
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
