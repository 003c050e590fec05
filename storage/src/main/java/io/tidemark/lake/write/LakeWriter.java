package io.tidemark.lake.write;

import io.tidemark.lake.LakeLayout;
import io.tidemark.lake.fs.Location;
import io.tidemark.lake.schema.Dataset;
import io.tidemark.lake.write.PendingCommit.Merge;
import io.tidemark.lake.write.PendingCommit.StagedGroup;
import io.tidemark.lake.write.PendingCommit.StagedPart;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;

/**
 * Writes one task's rows of one dataset into {@code dt} partitions with exactly-once visibility,
 * driven by the engine's checkpoints.
 *
 * <h2>Protocol</h2>
 * <ol>
 *   <li>{@link #write} appends to an open, hidden Parquet file per {@code dt}.
 *   <li>{@link #preCommit} at checkpoint n's barrier closes every open file into a durable staged
 *       part (Parquet files cannot be reopened), plans a merge with a fixed name
 *       {@code part-<task>-<seq>} for each {@code dt} whose staged parts reach the target size or
 *       the time bound (all of them at end of input), and returns the {@link PendingCommit} the
 *       engine stores in checkpoint n.
 *   <li>{@link #commit} runs only once checkpoint n's metadata is durable; it materializes the
 *       merges idempotently (see {@link LakeCommitter}). A checkpoint that never completes is simply
 *       never committed: its merges stay outstanding and appear in the next pending value.
 *   <li>After a failure, {@link Builder#recover} with the last completed checkpoint's value
 *       finishes its commit, deletes the task's hidden files the checkpoint does not reference
 *       (rows written after it will be replayed from the input) and continues the numbering from
 *       its {@code nextSeq}.
 * </ol>
 *
 * <p>Not thread-safe: one task thread calls every method. {@link LakeCommitter} may run a commit
 * elsewhere; call {@link #commit} (or nothing) on this writer afterwards.
 */
public final class LakeWriter<R> implements Closeable {

  /** How many rows pass between checks of an open file's size against the target. */
  private static final int SIZE_CHECK_ROWS = 1024;

  private final Dataset<R> dataset;
  private final LakeLayout layout;
  private final int task;
  private final LakeWriterConfig config;
  private final Clock clock;
  private final Configuration conf;
  private final LakeCommitter committer;
  private final Map<LocalDate, PartFile<R>> open = new HashMap<>();
  /**
   * The open file of the last row's day ({@link Dataset#partitionDayOf}), or null: rows come in
   * runs of one day, so most rows need neither a {@link LocalDate} nor a map lookup.
   */
  private PartFile<R> lastFile;
  private long lastDay;
  private final TreeMap<String, StagedGroup> staged = new TreeMap<>();
  private final List<Merge> outstanding = new ArrayList<>();
  /** Restored groups written with another schema: merged alone at the next checkpoint. */
  private final List<StagedGroup> sealed = new ArrayList<>();
  private final String owner;
  private long nextPart;
  private long nextSeq;
  private boolean closed;

  private LakeWriter(Builder<R> b, PendingCommit restored, List<StagedGroup> stale, String owner) {
    this.dataset = b.dataset;
    this.layout = new LakeLayout(b.lake, b.dataset.name());
    this.task = b.task;
    this.config = b.config;
    this.clock = b.clock;
    this.conf = b.lake.fs().getConf();
    this.committer = new LakeCommitter(layout);
    this.nextSeq = restored.nextSeq();
    this.owner = owner;
    this.nextPart = nextPartNumber(restored, owner);
    for (StagedGroup group : restored.carried()) {
      if (stale.contains(group)) {
        sealed.add(group);
      } else {
        staged.put(group.dt(), group);
      }
    }
  }

  /**
   * Past the numbers of the parts {@code restored} references under {@code owner}'s names (a
   * single-owner run restoring its own checkpoint still carries them), so no name is reused.
   */
  private static long nextPartNumber(PendingCommit restored, String owner) {
    String prefix = owner + "-";
    long next = 0;
    for (PendingCommit.StagedPart part : restored.referencedParts()) {
      String name = part.file();
      if (name.startsWith(prefix) && name.endsWith(LakeLayout.STAGED_SUFFIX)) {
        String number = name.substring(prefix.length(), name.length() - LakeLayout.STAGED_SUFFIX.length());
        if (!number.isEmpty() && number.chars().allMatch(Character::isDigit)) {
          next = Math.max(next, Long.parseLong(number) + 1);
        }
      }
    }
    return next;
  }

  public static <R> Builder<R> forDataset(Dataset<R> dataset) {
    return new Builder<>(dataset);
  }

  public Dataset<R> dataset() {
    return dataset;
  }

  public int task() {
    return task;
  }

  /** Adds {@code row} to its {@code dt}'s open file; it becomes visible with a later commit. */
  public void write(R row) throws IOException {
    ensureOpen();
    long day = dataset.partitionDayOf(row);
    PartFile<R> file = lastFile != null && lastDay == day ? lastFile : fileOf(day);
    file.write(row);
    if (file.rows() % SIZE_CHECK_ROWS == 0 && file.approximateBytes() >= config.targetFileBytes()) {
      // Big enough on its own: stage it now, so one open file never outgrows the target.
      open.remove(LocalDate.ofEpochDay(day));
      lastFile = null;
      stage(file.close(), file.openedAtMillis());
    }
  }

  /** The open file of {@code day} (UTC epoch day), opened if there is none; remembered as the last. */
  private PartFile<R> fileOf(long day) throws IOException {
    LocalDate dt = LocalDate.ofEpochDay(day);
    PartFile<R> file = open.get(dt);
    if (file == null) {
      String dtText = dt.toString();
      Location location = layout.stagedFile(task, dtText, owner + "-" + nextPart++ + LakeLayout.STAGED_SUFFIX);
      file = PartFile.open(dataset, location, dtText, config, conf, clock.millis());
      open.put(dt, file);
    }
    lastFile = file;
    lastDay = day;
    return file;
  }

  /** {@link #preCommit(long, boolean)} for a regular checkpoint. */
  public PendingCommit preCommit(long checkpointId) throws IOException {
    return preCommit(checkpointId, false);
  }

  /**
   * Closes every open file into a staged part and plans merges: for every {@code dt} whose staged
   * parts reach {@link LakeWriterConfig#targetFileBytes()} or whose oldest part was opened
   * {@link LakeWriterConfig#rollInterval()} ago, or for every {@code dt} when {@code drain} is set
   * (end of input, stop with savepoint). Store the result in checkpoint {@code checkpointId}.
   */
  public PendingCommit preCommit(long checkpointId, boolean drain) throws IOException {
    ensureOpen();
    for (PartFile<R> file : open.values()) {
      stage(file.close(), file.openedAtMillis());
    }
    open.clear();
    lastFile = null;
    for (StagedGroup group : sealed) {
      outstanding.add(new Merge(group.dt(), LakeLayout.finalName(task, nextSeq++), group.parts()));
    }
    sealed.clear();
    long now = clock.millis();
    long rollMillis = config.rollInterval().toMillis();
    var groups = staged.entrySet().iterator();
    while (groups.hasNext()) {
      StagedGroup group = groups.next().getValue();
      if (drain || group.bytes() >= config.targetFileBytes() || now - group.openedAtMillis() >= rollMillis) {
        outstanding.add(new Merge(group.dt(), LakeLayout.finalName(task, nextSeq++), group.parts()));
        groups.remove();
      }
    }
    return new PendingCommit(dataset.name(), task, checkpointId, nextSeq, outstanding, List.copyOf(staged.values()));
  }

  /**
   * Makes the merges of {@code pending} visible; call only once the checkpoint holding it is
   * durable. Idempotent; may be called for checkpoints out of order.
   *
   * @throws CommitFencedException if {@code guard} refuses a rename or delete
   */
  public List<Location> commit(PendingCommit pending, CommitGuard guard) throws IOException {
    if (pending.task() != task) {
      throw new IllegalArgumentException("pending commit of task " + pending.task() + " given to task " + task);
    }
    List<Location> renamed = committer.commit(pending, guard);
    outstanding.removeAll(pending.merges());
    return renamed;
  }

  /**
   * Forgets the merges of {@code pending}, which a {@link LakeCommitter} elsewhere (the engine's
   * checkpoint thread) has committed completely: no file operation, so the task thread does not
   * repeat the commit's existence checks, footer reads and fence checks.
   */
  public void committedElsewhere(PendingCommit pending) {
    if (pending.task() != task) {
      throw new IllegalArgumentException("pending commit of task " + pending.task() + " given to task " + task);
    }
    outstanding.removeAll(pending.merges());
  }

  /**
   * Closes open files without staging them: their rows belong to no checkpoint and the next
   * recovery deletes them. To finish a bounded input, {@code preCommit(id, true)} and
   * {@link #commit} first.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    open.values().forEach(PartFile::abandon);
    open.clear();
    lastFile = null;
  }

  private void stage(StagedPart part, long openedAtMillis) {
    StagedGroup group = staged.get(part.dt());
    List<StagedPart> parts = new ArrayList<>();
    long opened = openedAtMillis;
    if (group != null) {
      parts.addAll(group.parts());
      opened = Math.min(opened, group.openedAtMillis());
    }
    parts.add(part);
    staged.put(part.dt(), new StagedGroup(part.dt(), opened, parts));
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("lake writer of " + dataset.name() + " task " + task + " is closed");
    }
  }

  /** Names the writer's dataset, lake, task, settings and clock; ends in {@link #recover} or {@link #start}. */
  public static final class Builder<R> {
    private final Dataset<R> dataset;
    private Location lake;
    private int task = -1;
    private LakeWriterConfig config = LakeWriterConfig.DEFAULTS;
    private Clock clock = Clock.systemUTC();

    private Builder(Dataset<R> dataset) {
      this.dataset = Objects.requireNonNull(dataset, "dataset");
    }

    /** The lake root; the dataset lives in {@code <lake>/<dataset name>}. */
    public Builder<R> lake(Location lake) {
      this.lake = Objects.requireNonNull(lake, "lake");
      return this;
    }

    public Builder<R> task(int task) {
      if (task < 0) {
        throw new IllegalArgumentException("task must not be negative: " + task);
      }
      this.task = task;
      return this;
    }

    public Builder<R> config(LakeWriterConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /** The clock of the time bound (processing time). */
    public Builder<R> clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Restores the state of a completed checkpoint: commits {@code restored} (idempotently),
     * deletes this task's hidden files it does not reference, and returns a writer that carries
     * its staged parts and continues its numbering.
     *
     * @throws IllegalStateException if a part it references is gone, or the task has visible files
     *     numbered at or after its {@code nextSeq} (a later checkpoint was committed)
     */
    public LakeWriter<R> recover(PendingCommit restored, CommitGuard guard) throws IOException {
      if (lake == null || task < 0) {
        throw new IllegalStateException("lake and task must be set before recover/start");
      }
      if (!restored.dataset().equals(dataset.name()) || restored.task() != task) {
        throw new IllegalArgumentException("checkpointed state of " + restored.dataset() + " task "
            + restored.task() + " given to " + dataset.name() + " task " + task);
      }
      LakeLayout layout = new LakeLayout(lake, dataset.name());
      Recovery.run(layout, restored, guard);
      return new LakeWriter<>(this, restored, Recovery.staleGroups(layout, restored, dataset.parquetSchema()),
          guard.owner());
    }

    /** A task with no checkpoint: {@link #recover} from {@link PendingCommit#initial}. */
    public LakeWriter<R> start(CommitGuard guard) throws IOException {
      if (task < 0) {
        throw new IllegalStateException("task must be set before start");
      }
      return recover(PendingCommit.initial(dataset.name(), task), guard);
    }
  }
}
