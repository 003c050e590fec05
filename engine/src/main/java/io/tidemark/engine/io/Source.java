package io.tidemark.engine.io;

import io.tidemark.engine.api.TaskInfo;
import java.util.Iterator;

/**
 * Where a task's records come from in bounded mode: an iterator per task, exhausted = end of input.
 * The Kafka runtime instead pushes polled records into {@code Task.process}; the test driver
 * pushes records itself.
 */
@FunctionalInterface
public interface Source<T> {

    Iterator<T> open(TaskInfo task);
}
