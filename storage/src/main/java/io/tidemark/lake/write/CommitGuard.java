package io.tidemark.lake.write;

/**
 * The engine's fence against zombies: asked before every rename and delete a commit or recovery
 * makes. A task that has lost its partition (a newer owner exists) must answer false; the commit
 * then stops with {@link CommitFencedException} and leaves the lake as it was before that step.
 */
@FunctionalInterface
public interface CommitGuard {

  /** A guard for single-owner runs (tests, bounded replays). */
  CommitGuard ALWAYS = () -> true;

  boolean mayCommit();
}
