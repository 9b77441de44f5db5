package app.reclaim.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/** Key files in the local key folder: folder {@code 700}, files {@code 600}, each written once. */
final class OwnerOnlyFiles {

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private OwnerOnlyFiles() {}

  /**
   * Writes {@code content} to {@code dir/name} unless that file exists; true when this call wrote
   * it. The content is complete before the file appears under its name, and a hard link never
   * replaces an existing file: when two processes start at once (a server and mint-token, or two
   * test runs), exactly one content wins and both go on to read that one.
   */
  static boolean writeOnce(Path dir, String name, String content) throws IOException {
    Path file = dir.resolve(name);
    createDirectory(dir);
    Path tmp = createTemp(dir, name);
    try {
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      try {
        Files.createLink(file, tmp);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (UnsupportedOperationException e) {
        Files.move(tmp, file);
        return true;
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static void createDirectory(Path dir) throws IOException {
    if (POSIX) {
      Files.createDirectories(dir, owner("rwx------"));
    } else {
      Files.createDirectories(dir);
    }
  }

  /** An owner-only temporary file in {@code dir}, for writing before an atomic rename or link. */
  static Path createTemp(Path dir, String prefix) throws IOException {
    return POSIX
        ? Files.createTempFile(dir, prefix, ".tmp", owner("rw-------"))
        : Files.createTempFile(dir, prefix, ".tmp");
  }

  private static FileAttribute<?> owner(String permissions) {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
  }
}
