package io.tidemark.lake;

import io.tidemark.lake.fs.Location;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a dataset's files live under the lake root.
 *
 * <pre>
 * &lt;lake&gt;/&lt;dataset&gt;/dt=YYYY-MM-DD/part-&lt;task:5&gt;-&lt;seq:6&gt;.parquet     visible, committed
 * &lt;lake&gt;/&lt;dataset&gt;/_staging/task-&lt;task:5&gt;/dt=YYYY-MM-DD/&lt;owner&gt;-&lt;n&gt;.staged   in-progress or staged part (owner: the fence epoch, e.g. e7)
 * &lt;lake&gt;/&lt;dataset&gt;/_staging/task-&lt;task:5&gt;/dt=YYYY-MM-DD/&lt;final&gt;.merging  a merge not yet renamed
 * </pre>
 *
 * <p>Readers skip {@code _staging}: Hive, Spark and Trino ignore names starting with {@code _} or
 * {@code .}, and the hidden files do not end in {@code .parquet}, so a DuckDB glob
 * {@code <dataset>/**&#47;*.parquet} does not match them either.
 */
public record LakeLayout(Location root, String dataset) {

  public static final String STAGING = "_staging";
  public static final String STAGED_SUFFIX = ".staged";
  public static final String MERGING_SUFFIX = ".merging";
  private static final Pattern FINAL = Pattern.compile("part-(\\d{5,})-(\\d{6,})\\.parquet");
  private static final Pattern DT = Pattern.compile("dt=(\\d{4}-\\d{2}-\\d{2})");

  public LakeLayout {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(dataset, "dataset");
  }

  public Location datasetDir() {
    return root.child(dataset);
  }

  public Location partitionDir(String dt) {
    return datasetDir().child(dtDirName(dt));
  }

  public Location finalFile(String dt, String fileName) {
    return partitionDir(dt).child(fileName);
  }

  public Location stagingDir(int task) {
    return datasetDir().child(STAGING + "/" + taskDirName(task));
  }

  public Location stagedFile(int task, String dt, String fileName) {
    return stagingDir(task).child(dtDirName(dt) + "/" + fileName);
  }

  public Location mergingFile(int task, String dt, String finalName) {
    return stagedFile(task, dt, finalName + MERGING_SUFFIX);
  }

  public static String dtDirName(String dt) {
    return "dt=" + LocalDate.parse(dt);
  }

  public static String taskDirName(int task) {
    return String.format("task-%05d", task);
  }

  /** The visible file name for {@code task}'s {@code seq}-th committed file. */
  public static String finalName(int task, long seq) {
    if (task < 0 || seq < 0) {
      throw new IllegalArgumentException("task and seq must not be negative: " + task + ", " + seq);
    }
    return String.format("part-%05d-%06d.parquet", task, seq);
  }

  /** The (task, seq) of a visible file name, if it is one of ours. */
  public static Optional<long[]> parseFinalName(String name) {
    Matcher m = FINAL.matcher(name);
    return m.matches()
        ? Optional.of(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))})
        : Optional.empty();
  }

  /** The date of a {@code dt=YYYY-MM-DD} directory name, if it is one. */
  public static Optional<LocalDate> parseDtDirName(String name) {
    Matcher m = DT.matcher(name);
    return m.matches() ? Optional.of(LocalDate.parse(m.group(1))) : Optional.empty();
  }
}
