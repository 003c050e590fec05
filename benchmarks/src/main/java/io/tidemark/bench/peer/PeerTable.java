package io.tidemark.bench.peer;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The table and the ratios of {@link EngineVsFlink}, in Markdown. */
final class PeerTable {

  private PeerTable() {
  }

  static void print(List<EngineVsFlink.Run> runs, PrintStream out) {
    out.println();
    out.println("| devices | system | events/s | wall s | CPU µs/event | sessions | checkpoints | checkpoint mean / max ms"
        + " | last checkpoint: state / uploaded MB | peak heap MB | live heap MB | load |");
    out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (EngineVsFlink.Run r : runs) {
      ChildJvm.Outcome o = r.outcome();
      out.printf(Locale.ROOT, "| %,d | %s | %,.0f | %.1f | %.1f | %,d | %d | %d / %d | %.1f / %.1f | %d | %s | %.1f |%n",
          r.devices(), r.side().label, o.doubleValue("eventsPerSec"), o.longValue("wallMs") / 1e3,
          o.doubleValue("cpuUsPerEvent"), o.longValue("sessions"), o.longValue("checkpoints"),
          o.longValue("checkpointMeanMs"), o.longValue("checkpointMaxMs"), mb(o.longValue("lastCheckpointStateBytes")),
          mb(o.longValue("lastCheckpointUploadedBytes")), o.longValue("peakHeapBytes") >> 20,
          o.result().has("liveHeapBytes") ? String.valueOf(o.longValue("liveHeapBytes") >> 20) : "–",
          o.doubleValue("loadAverage"));
    }
    out.println();
    for (int devices : runs.stream().map(EngineVsFlink.Run::devices).distinct().toList()) {
      ChildJvm.Outcome engine = find(runs, devices, EngineVsFlink.Side.ENGINE);
      for (EngineVsFlink.Side peer : List.of(EngineVsFlink.Side.FLINK_ROCKSDB, EngineVsFlink.Side.FLINK_HASHMAP)) {
        ChildJvm.Outcome p = find(runs, devices, peer);
        out.printf(Locale.ROOT, "%,d devices: tidemark / %s = %.2f× events/s, %.2f× less CPU per event%n", devices,
            peer.label, engine.doubleValue("eventsPerSec") / p.doubleValue("eventsPerSec"),
            p.doubleValue("cpuUsPerEvent") / engine.doubleValue("cpuUsPerEvent"));
      }
    }
  }

  private static ChildJvm.Outcome find(List<EngineVsFlink.Run> runs, int devices, EngineVsFlink.Side side) {
    return runs.stream().filter(r -> r.devices() == devices && r.side() == side).findFirst().orElseThrow()
        .outcome();
  }

  private static double mb(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
