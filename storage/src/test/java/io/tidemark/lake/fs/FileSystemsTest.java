package io.tidemark.lake.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemsTest {

  @TempDir Path dir;

  @Test
  void plainPathsAndFileUrisResolveToTheSameRawLocalLocation() {
    Location plain = FileSystems.shared().resolve(dir.toString());
    Location uri = FileSystems.shared().resolve(dir.toUri().toString());
    Location nio = FileSystems.shared().resolve(dir);

    assertThat(plain.path()).isEqualTo(uri.path()).isEqualTo(nio.path());
    assertThat(plain.uri().getScheme()).isEqualTo("file");
    assertThat(plain.fs()).isInstanceOf(RawLocalFileSystem.class);
    assertThat(plain.child("raw/dt=2026-11-24").path().toString()).endsWith("/raw/dt=2026-11-24");
  }

  @Test
  void localOutputStreamsCanBeSyncedToDisk() throws Exception {
    Location file = FileSystems.shared().resolve(dir).child("probe");
    try (var out = file.fs().create(file.path(), false)) {
      assertThat(out.hasCapability(org.apache.hadoop.fs.StreamCapabilities.HSYNC)).isTrue();
    }
  }

  @Test
  void relativePlainPathsAreMadeAbsolute() {
    Location relative = FileSystems.shared().resolve("some-lake");
    assertThat(relative.path().toUri().getPath()).isEqualTo(Path.of("some-lake").toAbsolutePath().toString());
  }

  @Test
  void blankAndAbsoluteChildPathsAreRejected() {
    assertThatThrownBy(() -> FileSystems.shared().resolve(" ")).isInstanceOf(IllegalArgumentException.class);
    Location root = FileSystems.shared().resolve(dir.toString());
    assertThatThrownBy(() -> root.child("/etc")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anUnknownSchemeFailsNamingTheUri() {
    assertThatThrownBy(() -> FileSystems.shared().resolve("nosuchfs://bucket/lake"))
        .hasMessageContaining("nosuchfs://bucket/lake");
  }
}
