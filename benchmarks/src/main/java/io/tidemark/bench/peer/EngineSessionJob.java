package io.tidemark.bench.peer;

import io.tidemark.engine.api.OutputTag;
import io.tidemark.engine.api.Pipeline;
import io.tidemark.engine.api.TaskInfo;
import io.tidemark.engine.checkpoint.CheckpointStorage;
import io.tidemark.engine.config.EngineConfig;
import io.tidemark.engine.io.Sources;
import io.tidemark.engine.serde.Serdes;
import io.tidemark.engine.window.Aggregates;
import io.tidemark.engine.window.LateEvent;
import io.tidemark.engine.window.SessionWindows;
import io.tidemark.engine.window.WindowResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Our engine's side of the peer benchmark: per-device session windows over an NDJSON file of Segment
 * events, the job {@code FlinkSessionJob} runs on Apache Flink.
 *
 * <p>One reader thread splits the file's lines by key over {@code --parallelism} tasks
 * ({@link LinePartitioner}); each task, on its own thread, parses every line fully ({@link
 * SegmentLines}), assigns event time (watermark: 5 s bounded out-of-orderness, the engine default),
 * keys by device, and counts events per {@code SessionWindows.withGap(30 min)} window with {@code
 * --lateness-ms} of allowed lateness on RocksDB state. A coordinator asks for a checkpoint every
 * {@code --checkpoint-interval-ms}; each task takes it at its next record boundary and uploads the new
 * state files to a local {@code file://} checkpoint directory. The sessions are counted by a {@link
 * SessionTally}. Prints one {@code RESULT {json}} line.
 *
 * <pre>
 * java -cp ... io.tidemark.bench.peer.EngineSessionJob --input FILE [--parallelism 2]
 *     [--checkpoint-interval-ms 10000] [--gap-ms 1800000] [--lateness-ms 86400000] [--work-dir DIR]
 * </pre>
 */
public final class EngineSessionJob {

  static final String SOURCE = "lines";
  private static final OutputTag<LateEvent<LogEvent>> LATE = OutputTag.of("late");

  private EngineSessionJob() {
  }

  public static void main(String[] args) throws Exception {
    JobOptions o = JobOptions.parse(args, "EngineSessionJob");
    Path work = o.workDir() != null ? o.workDir() : Files.createTempDirectory("tidemark-peer");
    Files.createDirectories(work);
    try {
      run(o, work).print();
    } finally {
      TaskCheckpoints.deleteRecursively(work);
    }
  }

  static ResultLine run(JobOptions o, Path work) throws Exception {
    int n = o.parallelism();
    SessionTally[] tallies = new SessionTally[n];
    AtomicLong[] late = new AtomicLong[n];
    for (int i = 0; i < n; i++) {
      tallies[i] = new SessionTally(o.latenessMs());
      late[i] = new AtomicLong();
    }
    Pipeline p = new Pipeline("peer-sessions");
    var sessions = p.source(SOURCE, Sources.<LogEvent>empty(), LogEvent::eventTime)
        .keyBy(LogEvent::key, Serdes.STRING)
        .window(SessionWindows.withGap(Duration.ofMillis(o.gapMs())))
        .allowedLateness(Duration.ofMillis(o.latenessMs()))
        .lateDataTo(LATE)
        .aggregate("sessions", Aggregates.<LogEvent>count(), Serdes.LONG);
    sessions.sink("tally", task -> (WindowResult<String, Long> r, long ts) ->
        tallies[task.index()].emitted(r.key(), r.window().start(), r.window().end()));
    sessions.sideOutput(LATE).sink("late", task -> (e, ts) -> late[task.index()].incrementAndGet());

    EngineConfig config = EngineConfig.defaults().with(EngineConfig.OUT_OF_ORDERNESS_MS, o.outOfOrdernessMs());
    CheckpointStorage storage = CheckpointStorage.at(work.resolve("checkpoints").toUri().toString(), p.name());
    storage.list(0); // starts the file system before the clock does, as Flink's job start does
    AtomicLong requested = new AtomicLong();
    Map<Long, Long> triggeredAt = new ConcurrentHashMap<>();
    CountDownLatch drained = new CountDownLatch(n);
    CountDownLatch proceed = new CountDownLatch(1);
    @SuppressWarnings("unchecked")
    BlockingQueue<byte[][]>[] queues = new BlockingQueue[n];
    List<EngineTask> tasks = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      queues[i] = new ArrayBlockingQueue<>(64);
      Path dir = work.resolve("task-" + i);
      Files.createDirectories(dir);
      EngineTask t = new EngineTask(p, config, new TaskInfo(p.name(), i), dir, queues[i], requested,
          new TaskCheckpoints(storage, i, dir), tallies[i], drained, proceed);
      tasks.add(t);
      threads.add(new Thread(t, "task-" + i));
    }

    ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "checkpoint-coordinator");
      t.setDaemon(true);
      return t;
    });
    long liveHeap;
    long heapProbeNanos;
    long lines;
    long readerCpuNanos;
    JvmProbe probe = new JvmProbe().start();
    try (probe) {
      threads.forEach(Thread::start);
      coordinator.scheduleAtFixedRate(() -> {
        triggeredAt.put(requested.get() + 1, System.nanoTime());
        requested.incrementAndGet();
      }, o.checkpointIntervalMs(), o.checkpointIntervalMs(), TimeUnit.MILLISECONDS);
      long readerCpuStart = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      lines = new LinePartitioner(1024).run(o.input(), queues);
      readerCpuNanos = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()
          - readerCpuStart;
      drained.await();
      coordinator.shutdownNow();
      long probeStart = System.nanoTime();
      liveHeap = probe.liveHeapBytes(); // state and caches still held, before the last sessions fire
      heapProbeNanos = System.nanoTime() - probeStart;
      proceed.countDown();
      for (Thread t : threads) {
        t.join();
      }
      for (EngineTask t : tasks) {
        if (t.failure != null) {
          throw new IllegalStateException("task failed", t.failure);
        }
      }
      long wallNanos = probe.wallNanos() - heapProbeNanos;
      long cpuNanos = probe.cpuNanos();
      return result(o, lines, tallies, late, tasks, triggeredAt, wallNanos, cpuNanos, probe.peakHeapBytes(),
          liveHeap, probe.loadAverage())
          .put("readerThreadCpuMs", readerCpuNanos / 1_000_000)
          .put("taskThreadsCpuMs", tasks.stream().mapToLong(t -> t.cpuNanos).sum() / 1_000_000);
    } finally {
      coordinator.shutdownNow();
    }
  }

  private static ResultLine result(JobOptions o, long lines, SessionTally[] tallies, AtomicLong[] late,
      List<EngineTask> tasks, Map<Long, Long> triggeredAt, long wallNanos, long cpuNanos, long peakHeap,
      long liveHeap, double load) {
    long sessions = 0;
    long emissions = 0;
    long lateEvents = 0;
    for (int i = 0; i < tallies.length; i++) {
      sessions += tallies[i].sessions();
      emissions += tallies[i].emissions();
      lateEvents += late[i].get();
    }
    CheckpointSummary checkpoints = CheckpointSummary.of(tasks, triggeredAt);
    double seconds = wallNanos / 1e9;
    return new ResultLine()
        .put("system", "tidemark")
        .put("backend", "rocksdb")
        .put("parallelism", o.parallelism())
        .put("events", lines)
        .put("sessions", sessions)
        .put("emitted", emissions)
        .put("lateDropped", lateEvents)
        .put("wallMs", wallNanos / 1_000_000)
        .put("eventsPerSec", lines / seconds)
        .put("cpuMs", cpuNanos / 1_000_000)
        .put("cpuUsPerEvent", cpuNanos / 1e3 / lines)
        .put("checkpoints", checkpoints.complete())
        .put("checkpointMeanMs", checkpoints.meanMillis())
        .put("checkpointMaxMs", checkpoints.maxMillis())
        .put("taskCheckpointMeanMs", checkpoints.taskMeanMillis())
        .put("lastCheckpointStateBytes", checkpoints.lastStateBytes())
        .put("lastCheckpointUploadedBytes", checkpoints.lastUploadedBytes())
        .put("peakHeapBytes", peakHeap)
        .put("liveHeapBytes", liveHeap)
        .put("maxHeapBytes", Runtime.getRuntime().maxMemory())
        .put("loadAverage", load);
  }
}
