package io.tidemark.bench.peer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checkpoints of a run of {@link EngineSessionJob}, summed up as Flink reports its own. A
 * checkpoint is complete when every task has taken it; its duration runs from the coordinator's
 * trigger to the last task's metadata, as Flink's end-to-end duration runs from the trigger to the
 * last acknowledgement. The sizes are those of the last complete checkpoint, over all tasks.
 */
record CheckpointSummary(long complete, long meanMillis, long maxMillis, long taskMeanMillis, long lastStateBytes,
    long lastUploadedBytes) {

  static CheckpointSummary of(List<EngineTask> tasks, Map<Long, Long> triggeredAtNanos) {
    Map<Long, Long> lastEnd = new HashMap<>();
    Map<Long, Integer> acks = new HashMap<>();
    long taskMillis = 0;
    int taskCount = 0;
    for (EngineTask t : tasks) {
      for (TaskCheckpoints.Taken c : t.taken) {
        lastEnd.merge(c.id(), c.endNanos(), Math::max);
        acks.merge(c.id(), 1, Integer::sum);
        taskMillis += c.millis();
        taskCount++;
      }
    }
    long complete = 0;
    long sumMs = 0;
    long maxMs = 0;
    long lastId = -1;
    for (Map.Entry<Long, Integer> e : acks.entrySet()) {
      Long trigger = triggeredAtNanos.get(e.getKey());
      if (e.getValue() == tasks.size() && trigger != null) {
        long ms = (lastEnd.get(e.getKey()) - trigger) / 1_000_000;
        complete++;
        sumMs += ms;
        maxMs = Math.max(maxMs, ms);
        lastId = Math.max(lastId, e.getKey());
      }
    }
    long stateBytes = 0;
    long uploadedBytes = 0;
    for (EngineTask t : tasks) {
      for (TaskCheckpoints.Taken c : t.taken) {
        if (c.id() == lastId) {
          stateBytes += c.stateBytes();
          uploadedBytes += c.uploadedBytes();
        }
      }
    }
    return new CheckpointSummary(complete, complete == 0 ? 0 : sumMs / complete, maxMs,
        taskCount == 0 ? 0 : taskMillis / taskCount, stateBytes, uploadedBytes);
  }
}
