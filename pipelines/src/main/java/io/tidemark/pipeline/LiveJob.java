package io.tidemark.pipeline;

import io.tidemark.engine.runtime.Job;
import io.tidemark.engine.runtime.Worker;
import io.tidemark.engine.runtime.WorkerConfig;
import io.tidemark.events.Topics;
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

  public static Job<LoggedEvent> job(String lake, LivePipeline.Settings settings) {
    LivePipeline.Graph g = LivePipeline.build(NAME, lake, settings);
    return new Job<>(g.pipeline(), LivePipeline.SOURCE, Topics.EVENTS, new EnvelopeDecoder());
  }

  /** Starts a worker of the live job with {@code config}; close it to stop (it checkpoints first). */
  public static Worker start(String lake, WorkerConfig config, LivePipeline.Settings settings) {
    return Worker.start(job(lake, settings), config);
  }

  /** {@link #start(String, WorkerConfig, LivePipeline.Settings)} with the default settings (built-in metrics). */
  public static Worker start(String lake, WorkerConfig config) {
    return start(lake, config, LivePipeline.Settings.defaults());
  }

  /** For {@code tidemark up}: a worker with the default engine settings, running until closed. */
  public static Worker start(String bootstrap, String lake, String checkpoints, Path workDir,
      LivePipeline.Settings settings) {
    return start(lake, WorkerConfig.of(bootstrap, checkpoints, workDir), settings);
  }
}
