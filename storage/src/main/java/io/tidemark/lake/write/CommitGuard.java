package io.tidemark.lake.write;

/**
 * The engine's fence against zombies: asked before every rename and delete a commit or recovery
 * makes. A task that has lost its partition (a newer owner exists) must answer false; the commit
 * then stops with {@link CommitFencedException} and leaves the lake as it was before that step.
 */
@FunctionalInterface
public interface CommitGuard {

  /**
   * A guard for single-owner runs (tests, bounded replays). Its owner name is fixed, so such a run
   * stages the same file names, and writes byte-identical files, every time.
   */
  CommitGuard ALWAYS = new CommitGuard() {
    @Override
    public boolean mayCommit() {
      return true;
    }

    @Override
    public String owner() {
      return "single";
    }
  };

  boolean mayCommit();

  /**
   * The prefix of the staged part names this owner's writers create ({@code <owner>-<n>.staged}):
   * it must differ between the owners a task ever has, so that a fenced owner's parts, and the
   * visible files whose footers name them, never pass for its successor's. Asked once per writer.
   * The default is random; the engine's fence gives its epoch.
   */
  default String owner() {
    return java.util.UUID.randomUUID().toString();
  }
}
