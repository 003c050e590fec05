package io.tidemark.pipeline;

import io.tidemark.engine.runtime.Job;
import io.tidemark.engine.runtime.Worker;
import io.tidemark.engine.runtime.WorkerConfig;
import io.tidemark.events.Topics;
import io.tidemark.lake.write.LakeWriterConfig;
import io.tidemark.session.SessionizerConfig;
import java.nio.file.Path;

/**
 * The live job: {@link LivePipeline} fed from {@link Topics#EVENTS}. Each record's value is an
 * envelope, decoded with its Kafka coordinates ({@link EnvelopeDecoder}); a value that is not one
 * goes to the rejected topic.
 */
public final class LiveJob {

  /** The job's name: its consumer group and its directory in checkpoint storage. Keep it. */
  public static final String NAME = "tidemark-live";

  private LiveJob() {
  }

  public static Job<LoggedEvent> job(String lake) {
    return job(lake, LakeWriterConfig.DEFAULTS);
  }

  /** The live job writing its lake files with {@code files} (e.g. a shorter roll interval). */
  public static Job<LoggedEvent> job(String lake, LakeWriterConfig files) {
    LivePipeline.Graph g = LivePipeline.build(NAME, lake, files, SessionizerConfig.defaults());
    return new Job<>(g.pipeline(), LivePipeline.SOURCE, Topics.EVENTS, new EnvelopeDecoder());
  }

  /** Starts a worker of the live job with {@code config}; close it to stop (it checkpoints first). */
  public static Worker start(String lake, WorkerConfig config) {
    return Worker.start(job(lake), config);
  }

  /** As {@link #start(String, WorkerConfig)}, writing lake files with {@code files}. */
  public static Worker start(String lake, WorkerConfig config, LakeWriterConfig files) {
    return Worker.start(job(lake, files), config);
  }

  /** For {@code tidemark up}: a worker with the default settings, running until closed. */
  public static Worker start(String bootstrap, String lake, String checkpoints, Path workDir) {
    return start(lake, WorkerConfig.of(bootstrap, checkpoints, workDir));
  }
}
