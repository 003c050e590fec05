package io.tidemark.bench.peer;

import io.tidemark.engine.api.Pipeline;
import io.tidemark.engine.api.TaskInfo;
import io.tidemark.engine.config.EngineConfig;
import io.tidemark.engine.state.StateBackends;
import io.tidemark.engine.task.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One task of the engine side on its own thread: parses each line of its partition fully, pushes the
 * event into the task, and between two batches (a record boundary) takes the checkpoint the
 * coordinator asked for. At the end of its input it reports {@code drained}, waits for {@code
 * proceed} (the parent measures the live heap meanwhile), then ends the input so every session fires.
 */
final class EngineTask implements Runnable {

  private final Pipeline pipeline;
  private final EngineConfig config;
  private final TaskInfo info;
  private final Path workDir;
  private final BlockingQueue<byte[][]> queue;
  private final AtomicLong checkpointRequested;
  private final TaskCheckpoints checkpoints;
  private final SessionTally tally;
  private final CountDownLatch drained;
  private final CountDownLatch proceed;
  final List<TaskCheckpoints.Taken> taken = new ArrayList<>();
  volatile long lines;
  volatile long cpuNanos;
  volatile Throwable failure;

  EngineTask(Pipeline pipeline, EngineConfig config, TaskInfo info, Path workDir, BlockingQueue<byte[][]> queue,
      AtomicLong checkpointRequested, TaskCheckpoints checkpoints, SessionTally tally, CountDownLatch drained,
      CountDownLatch proceed) {
    this.pipeline = pipeline;
    this.config = config;
    this.info = info;
    this.workDir = workDir;
    this.queue = queue;
    this.checkpointRequested = checkpointRequested;
    this.checkpoints = checkpoints;
    this.tally = tally;
    this.drained = drained;
    this.proceed = proceed;
  }

  @Override
  public void run() {
    boolean reportedDrained = false;
    try (Task task = Task.builder(pipeline).config(config).backend(StateBackends.rocksDb(config.rocksDbOptions()))
        .task(info).workDir(workDir.resolve("task")).build()) {
      Task.Input<LogEvent> in = task.input(EngineSessionJob.SOURCE);
      long lastCheckpoint = checkpointRequested.get();
      long n = 0;
      for (byte[][] batch = queue.take(); batch != LinePartitioner.END; batch = queue.take()) {
        for (byte[] line : batch) {
          LogEvent e = SegmentLines.parse(line, 0, line.length);
          in.push(e, e.eventTime());
        }
        n += batch.length;
        lines = n;
        tally.watermark(task.watermark());
        long requested = checkpointRequested.get();
        if (requested > lastCheckpoint) {
          taken.add(checkpoints.take(task, requested, n));
          lastCheckpoint = requested;
        }
      }
      drained.countDown();
      reportedDrained = true;
      proceed.await();
      task.endOfInput();
      tally.watermark(task.watermark());
      cpuNanos = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    } catch (Throwable t) {
      failure = t;
      if (!reportedDrained) {
        discardUntilEnd(); // so that the reader never blocks on this task's full queue
        drained.countDown();
      }
    }
  }

  private void discardUntilEnd() {
    try {
      while (queue.take() != LinePartitioner.END) {
        // the run has failed; its result is the failure
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
