package io.tidemark.experiment.report;

/** The lake root given to a report does not exist. */
public final class LakeNotFoundException extends Exception {
  private static final long serialVersionUID = 1L;

  public LakeNotFoundException(String lake) {
    super("no lake at " + lake);
  }
}
