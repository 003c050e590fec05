package io.tidemark.app;

import io.tidemark.engine.checkpoint.CheckpointStorage;
import io.tidemark.engine.checkpoint.TaskCheckpoint;
import io.tidemark.pipeline.LiveJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code tidemark worker} in its own JVM (the app's main class and classpath), as an operator
 * runs it, with its output in a log file. {@link #kill9()} is SIGKILL: no shutdown hook runs.
 */
record WorkerProcess(Process process, Path log) {

  static WorkerProcess start(String bootstrap, Path dir, String name) throws IOException {
    Path log = dir.resolve(name + ".log");
    Process p = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Tidemark.class.getName(),
        "worker", "--kafka", bootstrap, "--lake", lake(dir), "--checkpoints", checkpoints(dir),
        "--work-dir", dir.resolve("work-" + name).toString(),
        "--checkpoint-interval", "2s", "--file-roll-interval", "1s")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new WorkerProcess(p, log);
  }

  static String lake(Path dir) {
    return dir.resolve("lake").toString();
  }

  static String checkpoints(Path dir) {
    return dir.resolve("checkpoints").toString();
  }

  /** The newest complete checkpoint of each of the job's {@code partitions} tasks, if any. */
  static List<Optional<TaskCheckpoint>> newestCheckpoints(Path dir, int partitions) throws IOException {
    CheckpointStorage storage = CheckpointStorage.at(checkpoints(dir), LiveJob.NAME);
    List<Optional<TaskCheckpoint>> out = new java.util.ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      Optional<TaskCheckpoint> newest = Optional.empty();
      for (var ref : storage.list(p)) {
        Optional<TaskCheckpoint> c = storage.read(ref);
        if (c.isPresent() && (newest.isEmpty() || c.get().id() > newest.get().id())) {
          newest = c;
        }
      }
      out.add(newest);
    }
    return out;
  }

  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, as a service manager stops it; waits for the exit. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
    return process.exitValue();
  }

  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
