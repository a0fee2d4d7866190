package dev.orchestrator.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates run-directory files and directories readable and writable by their owner only ({@code
 * rw-------}, {@code rwx------}) where the file system has POSIX permissions; elsewhere (Windows)
 * with the file system's defaults. A run directory holds task outputs and errors, which may be
 * private: other users of the machine have no business reading them.
 *
 * <p>Permissions are given at creation (an attribute of the create call), so there is no moment at
 * which a file exists with wider permissions. The journal of {@code run} and the report files of
 * {@code observe} are made through this class.
 */
public final class OwnerOnlyFiles {

  /** {@code rw-------}. */
  public static final Set<PosixFilePermission> FILE =
      Set.copyOf(PosixFilePermissions.fromString("rw-------"));
  /** {@code rwx------}. */
  public static final Set<PosixFilePermission> DIRECTORY =
      Set.copyOf(PosixFilePermissions.fromString("rwx------"));

  private OwnerOnlyFiles() {}

  /** Whether the file system of {@code path} supports POSIX permissions. */
  public static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /**
   * Creates a directory and its missing parents; the directories created are owner-only. An
   * existing directory is left as it is.
   *
   * @return the directory
   * @throws IOException if it cannot be created, or exists and is not a directory
   */
  public static Path createDirectories(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      return directory;
    }
    if (isPosix(directory)) {
      Files.createDirectories(directory, attribute(DIRECTORY));
    } else {
      Files.createDirectories(directory);
    }
    return directory;
  }

  /**
   * Creates a new, empty, owner-only file.
   *
   * @throws FileAlreadyExistsException if it exists
   * @throws IOException if it cannot be created
   */
  public static Path createFile(Path file) throws IOException {
    return isPosix(file) ? Files.createFile(file, attribute(FILE)) : Files.createFile(file);
  }

  private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
    return PosixFilePermissions.asFileAttribute(permissions);
  }

  /**
   * Opens a file for writing, truncating it if it exists and creating it owner-only if not (like
   * {@link Files#newOutputStream(Path, java.nio.file.OpenOption...)} with no options).
   *
   * @throws IOException if it cannot be opened
   */
  public static OutputStream newOutputStream(Path file) throws IOException {
    java.util.Set<StandardOpenOption> options = java.util.EnumSet.of(StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    return Channels.newOutputStream(isPosix(file)
        ? Files.newByteChannel(file, options, attribute(FILE))
        : Files.newByteChannel(file, options));
  }
}
