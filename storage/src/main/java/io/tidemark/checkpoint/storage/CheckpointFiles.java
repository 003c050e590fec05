package io.tidemark.checkpoint.storage;

import io.tidemark.lake.fs.FileSystems;
import io.tidemark.lake.fs.Location;
import io.tidemark.lake.fs.ParquetFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * File primitives for checkpoint storage on any Hadoop file system (local, HDFS, S3A), relative to
 * one root: atomic writes, reads, listings, copies of local directories (RocksDB checkpoints) up and
 * down, and deletes.
 *
 * <p>Atomic means readers see the whole file or no file: data goes to a hidden temporary name in the
 * same directory ({@code .<name>.<uuid>.tmp}), is synced, then renamed. On S3A a rename is a
 * copy, but S3 never shows a partial object either. Relative paths use '/' and must not start with it.
 */
public final class CheckpointFiles {

  private static final int BUFFER = 1 << 16;

  private final Location root;

  public CheckpointFiles(Location root) {
    this.root = Objects.requireNonNull(root, "root");
  }

  /** Checkpoint storage at a plain directory or a Hadoop URI, through the shared configuration. */
  public static CheckpointFiles at(String pathOrUri) {
    return new CheckpointFiles(FileSystems.shared().resolve(pathOrUri));
  }

  public Location root() {
    return root;
  }

  public Location resolve(String relative) {
    return root.child(relative);
  }

  /**
   * Writes {@code bytes} to {@code relative} so that it appears complete or not at all.
   *
   * @throws FileAlreadyExistsException if the file exists (checkpoint files are written once)
   */
  public void writeAtomically(String relative, byte[] bytes) throws IOException {
    Location target = resolve(relative);
    if (target.exists()) {
      throw new FileAlreadyExistsException(target.toString());
    }
    Location temp = tempFor(target);
    try (FSDataOutputStream out = create(temp)) {
      out.write(bytes);
      ParquetFiles.sync(out);
    }
    publish(temp, target, false);
  }

  /**
   * Replaces {@code relative} with {@code bytes} (e.g. a "latest" pointer). Atomic on local and
   * HDFS renames that overwrite; where a rename cannot overwrite, the old file is deleted first and
   * a reader may briefly find none.
   */
  public void replaceAtomically(String relative, byte[] bytes) throws IOException {
    Location target = resolve(relative);
    Location temp = tempFor(target);
    try (FSDataOutputStream out = create(temp)) {
      out.write(bytes);
      ParquetFiles.sync(out);
    }
    publish(temp, target, true);
  }

  public byte[] read(String relative) throws IOException {
    Location file = resolve(relative);
    if (!file.exists()) {
      throw new NoSuchFileException(file.toString());
    }
    try (InputStream in = file.fs().open(file.path())) {
      return in.readAllBytes();
    }
  }

  public boolean exists(String relative) throws IOException {
    return resolve(relative).exists();
  }

  /** Names of the directories directly under {@code relative} ("" for the root), sorted; none if absent. */
  public List<String> listDirectories(String relative) throws IOException {
    return list(relative, true);
  }

  /** Names of the files directly under {@code relative}, sorted, without temporary files. */
  public List<String> listFiles(String relative) throws IOException {
    return list(relative, false);
  }

  /** Copies a local file to {@code relative}, atomically; an existing target is replaced. */
  public void upload(java.nio.file.Path localFile, String relative) throws IOException {
    Location target = resolve(relative);
    Location temp = tempFor(target);
    try (InputStream in = Files.newInputStream(localFile); FSDataOutputStream out = create(temp)) {
      in.transferTo(out);
      ParquetFiles.sync(out);
    }
    publish(temp, target, true);
  }

  /**
   * Copies every file under {@code localDir} to {@code relative}, keeping sub-paths. With
   * {@code skipExisting}, a file already there with the same length is not copied again (RocksDB
   * SST files are immutable, so this makes checkpoints incremental). Returns the files copied.
   */
  public List<String> uploadDirectory(java.nio.file.Path localDir, String relative, boolean skipExisting)
      throws IOException {
    List<String> copied = new ArrayList<>();
    List<java.nio.file.Path> files;
    try (Stream<java.nio.file.Path> walk = Files.walk(localDir)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (java.nio.file.Path file : files) {
      String sub = localDir.relativize(file).toString().replace('\\', '/');
      String targetRelative = relative.isEmpty() ? sub : relative + "/" + sub;
      if (skipExisting) {
        Location target = resolve(targetRelative);
        if (target.exists() && target.fs().getFileStatus(target.path()).getLen() == Files.size(file)) {
          continue;
        }
      }
      upload(file, targetRelative);
      copied.add(sub);
    }
    return copied;
  }

  /** Copies {@code relative} to a local file, which appears complete or not at all. */
  public void download(String relative, java.nio.file.Path localFile) throws IOException {
    Location source = resolve(relative);
    java.nio.file.Path parent = localFile.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    java.nio.file.Path temp = parent.resolve("." + localFile.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try (InputStream in = source.fs().open(source.path(), BUFFER); OutputStream out = Files.newOutputStream(temp)) {
      in.transferTo(out);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    Files.move(temp, localFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Copies every file under {@code relative} into {@code localDir}, keeping sub-paths. */
  public List<String> downloadDirectory(String relative, java.nio.file.Path localDir) throws IOException {
    Location dir = resolve(relative);
    List<String> copied = new ArrayList<>();
    var files = dir.fs().listFiles(dir.path(), true);
    String prefix = dir.path().toUri().getPath() + "/";
    while (files.hasNext()) {
      Path file = files.next().getPath();
      String sub = file.toUri().getPath().substring(prefix.length());
      if (isTemp(file.getName())) {
        continue;
      }
      download(relative + "/" + sub, localDir.resolve(sub));
      copied.add(sub);
    }
    return copied;
  }

  /** Deletes {@code relative}, a file or a whole directory; true if something was deleted. */
  public boolean delete(String relative) throws IOException {
    Location target = resolve(relative);
    return target.fs().delete(target.path(), true);
  }

  private List<String> list(String relative, boolean directories) throws IOException {
    Location dir = relative.isEmpty() ? root : resolve(relative);
    FileSystem fs = dir.fs();
    if (!fs.exists(dir.path())) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (FileStatus status : fs.listStatus(dir.path())) {
      String name = status.getPath().getName();
      if (status.isDirectory() == directories && !isTemp(name)) {
        names.add(name);
      }
    }
    names.sort(null);
    return names;
  }

  private static FSDataOutputStream create(Location temp) throws IOException {
    temp.fs().mkdirs(temp.parent().path());
    return temp.fs().create(temp.path(), false);
  }

  private static Location tempFor(Location target) {
    return target.parent().child("." + target.name() + "." + UUID.randomUUID() + ".tmp");
  }

  private static boolean isTemp(String name) {
    return name.startsWith(".") && name.endsWith(".tmp");
  }

  private static void publish(Location temp, Location target, boolean overwrite) throws IOException {
    FileSystem fs = target.fs();
    try {
      if (!overwrite && fs.exists(target.path())) {
        throw new FileAlreadyExistsException(target.toString());
      }
      if (fs.rename(temp.path(), target.path())) {
        return;
      }
      if (overwrite && fs.exists(target.path())) {
        fs.delete(target.path(), false);
        if (fs.rename(temp.path(), target.path())) {
          return;
        }
      }
      throw new IOException("rename of " + temp + " to " + target + " failed");
    } finally {
      fs.delete(temp.path(), false);
    }
  }
}
