package io.tidemark.checkpoint.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFilesTest {

  @TempDir Path remote;
  @TempDir Path local;

  @Test
  void writeAtomicallyCreatesTheFileOnceAndLeavesNoTemporaryOrChecksumFiles() throws Exception {
    CheckpointFiles files = CheckpointFiles.at(remote.toUri().toString());
    files.writeAtomically("chk-000001/_metadata", "{\"id\":1}".getBytes(UTF_8));

    assertThat(new String(files.read("chk-000001/_metadata"), UTF_8)).isEqualTo("{\"id\":1}");
    assertThatThrownBy(() -> files.writeAtomically("chk-000001/_metadata", new byte[] {1}))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(new String(files.read("chk-000001/_metadata"), UTF_8)).isEqualTo("{\"id\":1}");
    try (Stream<Path> walk = Files.walk(remote)) {
      assertThat(walk.filter(Files::isRegularFile).map(p -> remote.relativize(p).toString()))
          .containsExactly("chk-000001/_metadata");
    }
  }

  @Test
  void replaceAtomicallyOverwritesAPointer() throws Exception {
    CheckpointFiles files = CheckpointFiles.at(remote.toString());
    files.replaceAtomically("LATEST", "chk-1".getBytes(UTF_8));
    files.replaceAtomically("LATEST", "chk-2".getBytes(UTF_8));
    assertThat(new String(files.read("LATEST"), UTF_8)).isEqualTo("chk-2");
    assertThat(files.listFiles("")).containsExactly("LATEST");
  }

  @Test
  void readOfAMissingFileFailsWithNoSuchFile() {
    CheckpointFiles files = CheckpointFiles.at(remote.toString());
    assertThatThrownBy(() -> files.read("nope")).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void listsCheckpointDirectoriesSortedAndDeletesThemRecursively() throws Exception {
    CheckpointFiles files = CheckpointFiles.at(remote.toString());
    for (String chk : new String[] {"chk-000003", "chk-000001", "chk-000002"}) {
      files.writeAtomically(chk + "/task-0/_state", chk.getBytes(UTF_8));
    }
    assertThat(files.listDirectories("")).containsExactly("chk-000001", "chk-000002", "chk-000003");
    assertThat(files.listDirectories("missing")).isEmpty();

    assertThat(files.delete("chk-000001")).isTrue();
    assertThat(files.delete("chk-000001")).isFalse();
    assertThat(files.listDirectories("")).containsExactly("chk-000002", "chk-000003");
  }

  @Test
  void uploadsALocalDirectoryIncrementallyAndDownloadsItBackByteForByte() throws Exception {
    Path rocks = local.resolve("rocksdb-checkpoint");
    Files.createDirectories(rocks.resolve("sub"));
    SplittableRandom random = new SplittableRandom(7);
    byte[] sst = new byte[300_000];
    random.nextBytes(sst);
    Files.write(rocks.resolve("000012.sst"), sst);
    Files.writeString(rocks.resolve("MANIFEST-000005"), "manifest v1");
    Files.writeString(rocks.resolve("sub/OPTIONS-000007"), "options");
    CheckpointFiles files = CheckpointFiles.at(remote.toString());

    assertThat(files.uploadDirectory(rocks, "shared/task-3", true))
        .containsExactly("000012.sst", "MANIFEST-000005", "sub/OPTIONS-000007");
    Files.writeString(rocks.resolve("MANIFEST-000005"), "manifest v2, longer");
    assertThat(files.uploadDirectory(rocks, "shared/task-3", true)).containsExactly("MANIFEST-000005");

    Path restored = local.resolve("restored");
    assertThat(files.downloadDirectory("shared/task-3", restored))
        .containsExactlyInAnyOrder("000012.sst", "MANIFEST-000005", "sub/OPTIONS-000007");
    assertThat(Files.readAllBytes(restored.resolve("000012.sst"))).isEqualTo(sst);
    assertThat(Files.readString(restored.resolve("MANIFEST-000005"))).isEqualTo("manifest v2, longer");
    assertThat(Files.readString(restored.resolve("sub/OPTIONS-000007"))).isEqualTo("options");
  }
}
