package io.tidemark.lake.fs;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A fully qualified path together with the Hadoop {@link FileSystem} that serves it.
 *
 * <p>The file system is the shared, cached instance for the path's scheme and authority; never
 * close it (closing a cached Hadoop file system closes it for every user in the JVM).
 */
public record Location(FileSystem fs, Path path) {

  public Location {
    Objects.requireNonNull(fs, "fs");
    Objects.requireNonNull(path, "path");
    path = fs.makeQualified(path);
  }

  /** The location of {@code relative} (one or more '/'-separated names) under this one. */
  public Location child(String relative) {
    if (relative == null || relative.isEmpty() || relative.startsWith("/")) {
      throw new IllegalArgumentException("relative path must be non-empty and relative: " + relative);
    }
    return new Location(fs, new Path(path, relative));
  }

  public Location parent() {
    Path parent = path.getParent();
    if (parent == null) {
      throw new IllegalStateException("root has no parent: " + path);
    }
    return new Location(fs, parent);
  }

  public String name() {
    return path.getName();
  }

  public URI uri() {
    return path.toUri();
  }

  public boolean exists() throws IOException {
    return fs.exists(path);
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
