package io.tidemark.bench.flink;

import io.tidemark.bench.peer.JobOptions;
import io.tidemark.bench.peer.JvmProbe;
import io.tidemark.bench.peer.LogEvent;
import io.tidemark.bench.peer.ResultLine;
import io.tidemark.bench.peer.SegmentLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.windowing.assigners.EventTimeSessionWindows;
import org.apache.flink.util.OutputTag;

/**
 * Apache Flink's side of the peer benchmark: the session job of {@code EngineSessionJob}, on a local
 * MiniCluster, in a JVM of its own (Flink's frocksdbjni and our rocksdbjni share the package
 * org.rocksdb).
 *
 * <p>FileSource text lines (one file is one split: one reader) → rebalance (parsing in parallel)
 * → parse each line fully ({@link SegmentLines}, the parser our side uses) → timestamps and watermarks
 * with 5 s bounded out-of-orderness → keyBy device → {@code EventTimeSessionWindows.withGap(30 min)}
 * with the same allowed lateness → count per window → {@code SessionTally} → discarding sink.
 * Parallelism 2, checkpoints every 10 s to a temporary {@code file://} directory, state backend
 * {@code rocksdb} (incremental checkpoints) or {@code hashmap}. Prints one {@code RESULT {json}} line.
 *
 * <p>Flink's default of waiting, at the end of a bounded input, for one more checkpoint before the
 * tasks finish ({@code execution.checkpointing.checkpoints-after-tasks-finish}) is turned off: it would
 * add up to one checkpoint interval of idle time to Flink's wall time.
 */
public final class FlinkSessionJob {

  private static final OutputTag<DeviceEvent> LATE = new OutputTag<>("late") {
  };

  private FlinkSessionJob() {
  }

  public static void main(String[] args) throws Exception {
    JobOptions o = JobOptions.parse(args, "FlinkSessionJob");
    Path work = o.workDir() != null ? o.workDir() : Files.createTempDirectory("flink-peer");
    Files.createDirectories(work);
    try {
      run(o, work).print();
    } finally {
      try (Stream<Path> s = Files.walk(work)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    System.exit(0); // Flink leaves non-daemon threads behind
  }

  static Configuration configuration(JobOptions o, Path work) {
    Configuration conf = new Configuration();
    conf.set(StateBackendOptions.STATE_BACKEND, o.backend());
    conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, o.backend().equals("rocksdb"));
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, work.resolve("checkpoints").toUri().toString());
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(o.checkpointIntervalMs()));
    conf.set(CheckpointingOptions.ENABLE_CHECKPOINTS_AFTER_TASKS_FINISH, false);
    return conf;
  }

  static StreamGraph job(JobOptions o, Configuration conf) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(o.parallelism());
    long lateness = o.latenessMs();
    FileSource<String> lines = FileSource.forRecordStreamFormat(new TextLineInputFormat(),
        new org.apache.flink.core.fs.Path(o.input().toUri())).build();
    SingleOutputStreamOperator<DeviceEvent> events = env
        .fromSource(lines, WatermarkStrategy.noWatermarks(), "ndjson")
        .setParallelism(1) // one file is one split: a second reader would finish at once, and a finished task stops checkpoints
        .rebalance()
        .map(line -> {
          LogEvent e = SegmentLines.parse(line);
          return new DeviceEvent(e.key(), e.eventTime());
        })
        .name("parse")
        .assignTimestampsAndWatermarks(WatermarkStrategy
            .<DeviceEvent>forBoundedOutOfOrderness(Duration.ofMillis(o.outOfOrdernessMs()))
            .withTimestampAssigner((e, previous) -> e.eventTime));
    SingleOutputStreamOperator<SessionCount> sessions = events
        .keyBy(e -> e.key)
        .window(EventTimeSessionWindows.withGap(Duration.ofMillis(o.gapMs())))
        .allowedLateness(Duration.ofMillis(lateness))
        .sideOutputLateData(LATE)
        .aggregate(new SessionFunctions.Count(), new SessionFunctions.WithWindow())
        .name("sessions");
    sessions.process(new SessionFunctions.Tally(lateness)).name("tally").sinkTo(new DiscardingSink<>());
    sessions.getSideOutput(LATE).process(new SessionFunctions.CountLate()).name("late")
        .sinkTo(new DiscardingSink<>());
    return env.getStreamGraph();
  }

  static ResultLine run(JobOptions o, Path work) throws Exception {
    Configuration conf = configuration(o, work);
    MiniClusterConfiguration cluster = new MiniClusterConfiguration.Builder().setConfiguration(conf)
        .setNumTaskManagers(1).setNumSlotsPerTaskManager(o.parallelism()).build();
    try (MiniCluster mini = new MiniCluster(cluster)) {
      mini.start();
      StreamGraph graph = job(o, conf);
      graph.setJobId(new JobID());
      JvmProbe probe = new JvmProbe().start();
      try (probe) {
        JobID id = mini.submitJob(graph).get().getJobID();
        JobResult result = mini.requestJobResult(id).get();
        long wallNanos = probe.wallNanos();
        long cpuNanos = probe.cpuNanos();
        if (!result.isSuccess()) {
          throw new IllegalStateException("Flink job failed",
              result.getSerializedThrowable().map(t -> t.deserializeError(FlinkSessionJob.class.getClassLoader()))
                  .orElse(null));
        }
        JobExecutionResult r = result.toJobExecutionResult(FlinkSessionJob.class.getClassLoader());
        CheckpointStatsSnapshot stats = mini.getArchivedExecutionGraph(id).get().getCheckpointStatsSnapshot();
        CompletedCheckpointStats last = stats.getHistory().getLatestCompletedCheckpoint();
        long events = countLines(o.input());
        double seconds = wallNanos / 1e9;
        return new ResultLine()
            .put("system", "flink")
            .put("backend", o.backend())
            .put("parallelism", o.parallelism())
            .put("events", events)
            .put("sessions", counter(r, SessionFunctions.SESSIONS))
            .put("emitted", counter(r, SessionFunctions.EMITTED))
            .put("lateDropped", counter(r, SessionFunctions.LATE))
            .put("wallMs", wallNanos / 1_000_000)
            .put("netRuntimeMs", r.getNetRuntime())
            .put("eventsPerSec", events / seconds)
            .put("cpuMs", cpuNanos / 1_000_000)
            .put("cpuUsPerEvent", cpuNanos / 1e3 / events)
            .put("checkpoints", stats.getCounts().getNumberOfCompletedCheckpoints())
            .put("checkpointMeanMs", stats.getSummaryStats().getEndToEndDurationStats().getAverage())
            .put("checkpointMaxMs", stats.getSummaryStats().getEndToEndDurationStats().getMaximum())
            .put("lastCheckpointStateBytes", last == null ? 0 : last.getStateSize())
            .put("lastCheckpointUploadedBytes", last == null ? 0 : last.getCheckpointedSize())
            .put("peakHeapBytes", probe.peakHeapBytes())
            .put("maxHeapBytes", Runtime.getRuntime().maxMemory())
            .put("loadAverage", probe.loadAverage());
      }
    }
  }

  private static long counter(JobExecutionResult r, String name) {
    Object v = r.getAccumulatorResult(name);
    if (!(v instanceof Long n)) {
      throw new IllegalStateException("the job reported no " + name + " (got " + v + ")");
    }
    return n;
  }

  /** Lines of the input: what the source read (the file is read again after the timed run). */
  private static long countLines(Path file) throws java.io.IOException {
    try (Stream<String> s = Files.lines(file)) {
      return s.count();
    }
  }
}
