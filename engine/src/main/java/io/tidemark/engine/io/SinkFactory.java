package io.tidemark.engine.io;

import io.tidemark.engine.api.TaskInfo;

/** Makes the sink instance of a task (each task writes its own files or transactions). */
@FunctionalInterface
public interface SinkFactory<T> {
    Sink<T> create(TaskInfo task);
}
