package io.tidemark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.tidemark.engine.api.TaskInfo;
import io.tidemark.engine.checkpoint.TransactionalSink;
import io.tidemark.engine.io.Sink;
import io.tidemark.engine.lake.LakeSink;
import io.tidemark.events.Envelope;
import io.tidemark.events.Normalized;
import io.tidemark.events.Normalizer;
import io.tidemark.events.Receipt;
import io.tidemark.lake.datasets.LateRow;
import io.tidemark.lake.write.CommitGuard;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two streams into one lake sink of a task: one writer, one commit, rows of both in the files. */
class FanInSinkTest {
  private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir
  Path dir;

  @Test
  void rowsOfBothInputsAreCommittedByTheTargetsOneTransaction() throws Exception {
    FanInSink<LateRow> late = new FanInSink<>(
        LakeSink.<LateRow, LateRow>to(LateRow.DATASET, r -> r).lake(dir.toString()).build());
    TaskInfo task = new TaskInfo("job", 0);
    Sink<LateRow> sessionizer = late.create(task);
    Sink<LateRow> experiments = late.secondInput().create(task);
    TransactionalSink tx = late.transactional(task);
    tx.begin(Optional.empty(), CommitGuard.ALWAYS);

    sessionizer.write(row("m1", "sessionizer", "beyond_allowed_lateness"), 0);
    experiments.write(row("m2", "experiments", "experiment_beyond_allowed_lateness"), 0);
    experiments.write(row("m3", "experiments", "experiment_beyond_allowed_lateness"), 0);
    experiments.close(); // the second input's close leaves the target open
    tx.commit(tx.preCommit(1, true), CommitGuard.ALWAYS);
    sessionizer.close();

    assertThat(LakeTables.lateReasons(dir.toString())).containsExactly(
        entry("experiments/experiment_beyond_allowed_lateness", 2L), entry("sessionizer/beyond_allowed_lateness", 1L));
  }

  @Test
  void aSecondInputWritingBeforeItsTaskHasATarget_failsNamingTheTask() {
    FanInSink<LateRow> late = new FanInSink<>(
        LakeSink.<LateRow, LateRow>to(LateRow.DATASET, r -> r).lake(dir.toString()).build());
    Sink<LateRow> orphan = late.secondInput().create(new TaskInfo("job", 3));

    assertThatThrownBy(() -> orphan.write(row("m1", "experiments", "x"), 0))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("job-3");
  }

  private static LateRow row(String messageId, String pipeline, String reason) {
    String json = """
        {"type":"track","event":"tap","messageId":"%s","anonymousId":"a","timestamp":"%s"}""".formatted(messageId, T);
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    Envelope e = ((Normalized.Accepted) new Normalizer(32 * 1024).normalize(bytes, 0, bytes.length,
        Receipt.of(T, "default"))).envelope();
    return new LateRow(RawRows.of(e), reason, pipeline, T.plusSeconds(86_400 * 2));
  }
}
