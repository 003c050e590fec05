package io.tidemark.lake.write;

/** A commit step was refused by the {@link CommitGuard}: this task no longer owns its output. */
public final class CommitFencedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CommitFencedException(String message) {
    super(message);
  }

  /** A step failed, and the guard then refused: the failure is a symptom of having been fenced. */
  public CommitFencedException(String message, Throwable symptom) {
    super(message, symptom);
  }
}
