package app.reclaim.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSecretKeyTests {

  @TempDir Path dir;

  @Test
  void shouldGenerateAnOwnerOnly256BitKeyAtFirstUseAndReuseIt() throws Exception {
    Path keys = dir.resolve("keys");
    var first = LocalSecretKey.loadOrCreate(keys);
    var second = LocalSecretKey.loadOrCreate(keys);

    assertThat(first.size()).isEqualTo(256);
    assertThat(first.getKeyID()).matches("local-[0-9a-f]{12}");
    assertThat(second.toByteArray()).isEqualTo(first.toByteArray());
    assertThat(second.getKeyID()).isEqualTo(first.getKeyID());
    Path file = keys.resolve(LocalSecretKey.FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)))
        .isEqualTo("rwx------");
    try (var files = Files.list(keys)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(LocalSecretKey.FILE);
    }
    var cipher = new SecretCipher(Map.of(first.getKeyID(), first.toByteArray()), first.getKeyID());
    assertThat(cipher.decrypt(cipher.encrypt("s", "c"), "c")).isEqualTo("s");
  }

  @Test
  void shouldAgreeOnOneKeyWhenManyStartAtOnce() throws Exception {
    Path keys = dir.resolve("race");
    var pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<String>> tasks =
          IntStream.range(0, 8)
              .<Callable<String>>mapToObj(
                  i ->
                      () -> {
                        var key = LocalSecretKey.loadOrCreate(keys);
                        return key.getKeyID() + "/" + key.getKeyValue();
                      })
              .toList();
      var seen =
          pool.invokeAll(tasks).stream()
              .map(
                  f -> {
                    try {
                      return f.get();
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  })
              .distinct()
              .toList();

      assertThat(seen).hasSize(1);
      try (var files = Files.list(keys)) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactly(LocalSecretKey.FILE);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldKeepTheSigningKeyAndTheSecretsKeySideBySide() {
    var signing = LocalKeys.loadOrCreate(dir);
    var secrets = LocalSecretKey.loadOrCreate(dir);

    assertThat(LocalKeys.loadOrCreate(dir)).isEqualTo(signing);
    assertThat(LocalSecretKey.loadOrCreate(dir).toByteArray()).isEqualTo(secrets.toByteArray());
  }
}
