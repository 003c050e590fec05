package io.tidemark.lake.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one task's writer of one dataset hands to a checkpoint: an immutable, JSON-serializable
 * value the engine stores in the checkpoint's metadata and gives back to {@link LakeWriter#commit}
 * once that metadata is durable, or to {@link LakeWriter#recover} after a restart.
 *
 * <ul>
 *   <li>{@code merges}: visible files to materialize on commit, each from staged parts, with its
 *       final name fixed now. It holds every merge planned and not yet known to be committed, so a
 *       checkpoint that is aborted before commit loses nothing: the next one lists its merges again.
 *   <li>{@code carried}: staged parts per {@code dt} that stay hidden for now (the file is not big
 *       or old enough yet) and carry over to the next checkpoint.
 *   <li>{@code nextSeq}: the sequence number of the task's next visible file.
 * </ul>
 *
 * <p>File names are relative: staged parts to the task's staging directory, merge targets to the
 * {@code dt} directory; the lake root and dataset come from the writer or committer.
 */
public record PendingCommit(
    String dataset, int task, long checkpointId, long nextSeq, List<Merge> merges, List<StagedGroup> carried) {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public PendingCommit {
    Objects.requireNonNull(dataset, "dataset");
    if (task < 0) {
      throw new IllegalArgumentException("task must not be negative: " + task);
    }
    if (nextSeq < 0) {
      throw new IllegalArgumentException("nextSeq must not be negative: " + nextSeq);
    }
    merges = List.copyOf(merges);
    carried = List.copyOf(carried);
  }

  /** The state of a task that has never checkpointed: nothing staged, names start at 0. */
  public static PendingCommit initial(String dataset, int task) {
    return new PendingCommit(dataset, task, -1, 0, List.of(), List.of());
  }

  /** Every staged part this value references, to be merged now or carried. */
  public List<StagedPart> referencedParts() {
    List<StagedPart> all = new ArrayList<>();
    merges.forEach(m -> all.addAll(m.parts()));
    carried.forEach(g -> all.addAll(g.parts()));
    return all;
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + this, e);
    }
  }

  public static PendingCommit fromJson(String json) {
    try {
      return JSON.readValue(json, PendingCommit.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a pending lake commit: " + e.getOriginalMessage(), e);
    }
  }

  /** A closed, durable, hidden Parquet file of one {@code dt}. */
  public record StagedPart(String dt, String file, long bytes, long rows) {
    public StagedPart {
      validDt(dt);
      Objects.requireNonNull(file, "file");
      if (file.contains("/") || file.startsWith(".")) {
        throw new IllegalArgumentException("staged part must be a plain file name: " + file);
      }
      if (bytes < 0 || rows < 0) {
        throw new IllegalArgumentException("bytes and rows must not be negative: " + bytes + ", " + rows);
      }
    }
  }

  /** Staged parts of one {@code dt} to concatenate, in order, into the visible file {@code target}. */
  public record Merge(String dt, String target, List<StagedPart> parts) {
    public Merge {
      validDt(dt);
      Objects.requireNonNull(target, "target");
      parts = List.copyOf(parts);
      if (parts.isEmpty()) {
        throw new IllegalArgumentException("a merge needs at least one staged part: " + target);
      }
      for (StagedPart p : parts) {
        if (!p.dt().equals(dt)) {
          throw new IllegalArgumentException("part " + p.file() + " of dt " + p.dt() + " in a merge of dt " + dt);
        }
      }
    }

    public long rows() {
      return parts.stream().mapToLong(StagedPart::rows).sum();
    }
  }

  /**
   * Staged parts of one {@code dt} that are not merged yet; {@code openedAtMillis} is when the
   * first of them was opened, which the time bound counts from across restarts.
   */
  public record StagedGroup(String dt, long openedAtMillis, List<StagedPart> parts) {
    public StagedGroup {
      validDt(dt);
      parts = List.copyOf(parts);
    }

    public long bytes() {
      return parts.stream().mapToLong(StagedPart::bytes).sum();
    }
  }

  private static void validDt(String dt) {
    Objects.requireNonNull(dt, "dt");
    LocalDate.parse(dt);
  }
}
