/**
 * Writing the lake with exactly-once visibility, driven by the engine's checkpoints.
 *
 * <p>One {@link io.tidemark.lake.write.LakeWriter} per (task, dataset). How an engine task uses it:
 *
 * <pre>{@code
 * // task start: restore, or start fresh when there is no checkpoint
 * PendingCommit restored = checkpoint == null
 *     ? PendingCommit.initial("raw", task)
 *     : PendingCommit.fromJson(checkpoint.sinkState("raw"));
 * LakeWriter<RawRow> raw = LakeWriter.forDataset(RawRow.DATASET)
 *     .lake(FileSystems.shared().resolve(lakeUri)).task(task)
 *     .config(LakeWriterConfig.DEFAULTS).clock(clock)
 *     .recover(restored, guard);             // finishes its commit, deletes leftovers
 *
 * raw.write(row);                            // per record
 *
 * // barrier n, at a record boundary, on the task thread:
 * PendingCommit pending = raw.preCommit(n);  // or preCommit(n, true) at end of input
 * checkpoint.putSinkState("raw", pending.toJson());
 *
 * // once checkpoint n's metadata is durable (all tasks acknowledged):
 * raw.commit(pending, guard);                // idempotent; guard = "do I still own this task?"
 * }</pre>
 *
 * <p>The guard is asked before, not atomically with, each rename and delete, so a fenced owner may
 * still make one file operation after its successor claimed the task. That operation cannot hurt:
 * renames never replace a file, and every visible file records in its footer the staged parts it
 * was made from, so a committer that finds a file under its name checks it is its own before
 * counting it as done, and otherwise replaces it ({@link io.tidemark.lake.write.LakeCommitter}).
 *
 * <p>A checkpoint that fails is simply never committed; the next pending value repeats its merges.
 * After any crash, restore the last completed checkpoint's value with {@code recover}. Never restore
 * a checkpoint older than one already committed: recovery refuses (its rows would appear twice).
 */
package io.tidemark.lake.write;
