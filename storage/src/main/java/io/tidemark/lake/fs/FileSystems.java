package io.tidemark.lake.fs;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Resolves plain directories and Hadoop URIs ({@code file://}, {@code hdfs://}, {@code s3a://}, ...)
 * to {@link Location}s that share one {@link Configuration}.
 *
 * <p>Local paths are served by a private {@link RawLocalFileSystem}: Hadoop's default, checksummed
 * local file system writes a {@code .crc} side file next to every file, which would litter the lake
 * and double every rename. The configuration itself is left alone ({@code fs.file.impl} unchanged),
 * because Hadoop code such as S3A's disk buffers calls {@code FileSystem.getLocal(conf)} and expects
 * the checksummed class. Other settings ({@code fs.s3a.*}, {@code dfs.*}) come from the usual
 * {@code core-site.xml} on the class path or from a {@link Configuration} passed in.
 */
public final class FileSystems {

  private static final Pattern URI_WITH_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
  private static final FileSystems SHARED = new FileSystems(new Configuration());

  private final Configuration conf;
  private final FileSystem local;

  public FileSystems(Configuration conf) {
    this.conf = new Configuration(Objects.requireNonNull(conf, "conf"));
    try {
      RawLocalFileSystem raw = new RawLocalFileSystem();
      raw.initialize(URI.create("file:///"), this.conf);
      this.local = raw;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the local file system", e);
    }
  }
  /** The process-wide instance built from the class path's Hadoop configuration. */
  public static FileSystems shared() {
    return SHARED;
  }

  /** The configuration every location of this instance uses (e.g. for Parquet); do not modify. */
  public Configuration configuration() {
    return conf;
  }

  /**
   * Resolves {@code pathOrUri}: a string with a scheme ({@code hdfs://nn/lake}, {@code file:///x})
   * is a URI; anything else is a local path, made absolute against the working directory.
   */
  public Location resolve(String pathOrUri) {
    if (pathOrUri == null || pathOrUri.isBlank()) {
      throw new IllegalArgumentException("path or URI must not be blank");
    }
    if (URI_WITH_SCHEME.matcher(pathOrUri).matches()) {
      return resolve(URI.create(pathOrUri));
    }
    return resolve(new File(pathOrUri).getAbsoluteFile().toURI());
  }

  public Location resolve(URI uri) {
    Objects.requireNonNull(uri, "uri");
    URI absolute = uri.getScheme() == null ? new File(uri.getPath()).getAbsoluteFile().toURI() : uri;
    Path path = new Path(absolute);
    if ("file".equals(absolute.getScheme())) {
      return new Location(local, path);
    }
    try {
      return new Location(path.getFileSystem(conf), path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file system of " + uri, e);
    }
  }

  public Location resolve(java.nio.file.Path localPath) {
    return resolve(localPath.toAbsolutePath().toUri());
  }
}
