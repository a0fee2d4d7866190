package dev.orchestrator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyFilesTest {

  @TempDir
  Path temp;

  @Test
  void createFileAndDirectories_areOwnerOnlyOnPosix() throws Exception {
    assumeThat(OwnerOnlyFiles.isPosix(temp)).as("POSIX file system").isTrue();
    Path dir = OwnerOnlyFiles.createDirectories(temp.resolve("a/b"));
    Path file = OwnerOnlyFiles.createFile(dir.resolve("journal.jsonl"));
    assertThat(Files.getPosixFilePermissions(temp.resolve("a"))).isEqualTo(OwnerOnlyFiles.DIRECTORY);
    assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(OwnerOnlyFiles.DIRECTORY);
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(OwnerOnlyFiles.FILE);
  }

  @Test
  void createDirectories_existingDirectoryIsLeftAlone() throws Exception {
    assertThat(OwnerOnlyFiles.createDirectories(temp)).isEqualTo(temp);
  }

  @Test
  void createFile_existing_isRefused() throws Exception {
    Path file = OwnerOnlyFiles.createFile(temp.resolve("x"));
    assertThatThrownBy(() -> OwnerOnlyFiles.createFile(file)).isInstanceOf(FileAlreadyExistsException.class);
  }
}
