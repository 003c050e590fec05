package io.tidemark.engine.checkpoint;

import io.tidemark.engine.api.TaskInfo;
import io.tidemark.engine.io.SinkFactory;

/**
 * A sink factory whose sinks take part in checkpoints. The task builder creates the sink through
 * {@link #create}; the runtime then finds the same instance with {@link #transactional}.
 */
public interface TransactionalSinkFactory<T> extends SinkFactory<T> {

    /** The transactional side of the sink most recently created for {@code task}. */
    TransactionalSink transactional(TaskInfo task);
}
