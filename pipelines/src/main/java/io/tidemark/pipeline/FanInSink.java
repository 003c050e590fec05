package io.tidemark.pipeline;

import io.tidemark.engine.api.TaskInfo;
import io.tidemark.engine.checkpoint.TransactionalSink;
import io.tidemark.engine.checkpoint.TransactionalSinkFactory;
import io.tidemark.engine.io.Sink;
import io.tidemark.engine.io.SinkFactory;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One transactional sink fed by several streams: the engine's graph has no union, and two sinks
 * of one lake dataset would write the same file names and checkpoint entry. Declare {@code this}
 * as the sink of one stream (it takes part in checkpoints as the target does) and {@link
 * #secondInput()} as the sink of each other stream: those write into the same task's target sink
 * and are invisible to checkpoints. All inputs of a task run on the task's thread.
 */
final class FanInSink<T> implements TransactionalSinkFactory<T> {
  private final TransactionalSinkFactory<T> target;
  private final Map<TaskInfo, Sink<T>> current = new ConcurrentHashMap<>();

  FanInSink(TransactionalSinkFactory<T> target) {
    this.target = Objects.requireNonNull(target, "target");
  }

  @Override
  public Sink<T> create(TaskInfo task) {
    Sink<T> sink = target.create(task);
    current.put(task, sink);
    return sink;
  }

  @Override
  public TransactionalSink transactional(TaskInfo task) {
    return target.transactional(task);
  }

  /**
   * A sink factory whose sinks write into the target sink most recently created for their task
   * (looked up on each write: a recovered task gets a new target). Closing one does nothing; the
   * target is closed by its own node.
   */
  SinkFactory<T> secondInput() {
    return task -> (value, timestamp) -> {
      Sink<T> sink = current.get(task);
      if (sink == null) {
        throw new IllegalStateException("no sink was created for task " + task.id() + " before its second input wrote");
      }
      sink.write(value, timestamp);
    };
  }
}
