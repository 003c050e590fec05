package io.tidemark.lake.write;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A rename that never replaces its target. Hadoop's local file system renames with POSIX
 * {@code rename(2)}, which silently replaces an existing file: a fenced owner whose last check
 * passed could then overwrite its successor's committed file. So:
 *
 * <ul>
 *   <li>local file system: a hard link to the target name ({@code link(2)} fails atomically if the
 *       name exists), then the source name is removed;
 *   <li>HDFS: its rename already fails, atomically in the name node, when the target exists;
 *   <li>object stores (S3A and others): their rename is a copy after an existence check, so two
 *       writers racing for one name is best effort there.
 * </ul>
 */
final class ExclusiveRename {

  private ExclusiveRename() {}

  /**
   * Renames {@code source} to {@code target} unless {@code target} exists.
   *
   * @return true if renamed; false if {@code target} exists (then {@code source}, if it exists, is
   *     left in place): the caller finds out whose file it is
   * @throws IOException if the rename failed for another reason, e.g. {@code source} is missing
   *     while {@code target} is absent
   */
  static boolean renameIfAbsent(FileSystem fs, Path source, Path target) throws IOException {
    if ("file".equals(fs.getUri().getScheme())) {
      java.nio.file.Path link = java.nio.file.Path.of(fs.makeQualified(target).toUri());
      java.nio.file.Path existing = java.nio.file.Path.of(fs.makeQualified(source).toUri());
      try {
        Files.createLink(link, existing);
      } catch (FileAlreadyExistsException taken) {
        return false;
      } catch (NoSuchFileException noSource) {
        if (Files.exists(link)) {
          return false;
        }
        throw noSource;
      }
      Files.deleteIfExists(existing); // gone already if a successor's recovery deleted it meanwhile
      return true;
    }
    boolean renamed;
    try {
      renamed = fs.rename(source, target);
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException taken) {
      return false;
    }
    if (renamed) {
      return true;
    }
    if (fs.exists(target)) {
      return false;
    }
    throw new IOException("rename of " + source + " to " + target + " failed");
  }
}
