package app.reclaim.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKeysTests {

  @TempDir Path dir;

  @Test
  void shouldGenerateAnOwnerOnlyP256KeyAtFirstUseAndReuseIt() throws Exception {
    Path keys = dir.resolve("keys");
    ECKey first = LocalKeys.loadOrCreate(keys);
    ECKey second = LocalKeys.loadOrCreate(keys);

    assertThat(first.getCurve()).isEqualTo(Curve.P_256);
    assertThat(first.isPrivate()).isTrue();
    assertThat(second).isEqualTo(first);
    Path privateKey = keys.resolve(LocalKeys.PRIVATE_KEY_FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)))
        .isEqualTo("rwx------");
    JWKSet published = JWKSet.load(keys.resolve(LocalKeys.PUBLIC_JWK_SET_FILE).toFile());
    assertThat(published.getKeys())
        .singleElement()
        .satisfies(k -> assertThat(k.isPrivate()).isFalse())
        .satisfies(k -> assertThat(k.getKeyID()).isEqualTo(first.getKeyID()));
    try (var files = Files.list(keys)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(LocalKeys.PRIVATE_KEY_FILE, LocalKeys.PUBLIC_JWK_SET_FILE);
    }
  }

  @Test
  void shouldAgreeOnOneKeyWhenManyStartAtOnce() throws Exception {
    Path keys = dir.resolve("race");
    var pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<ECKey>> tasks =
          IntStream.range(0, 8)
              .<Callable<ECKey>>mapToObj(i -> () -> LocalKeys.loadOrCreate(keys))
              .toList();
      var keysSeen =
          pool.invokeAll(tasks).stream()
              .map(
                  f -> {
                    try {
                      return f.get().getKeyID();
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  })
              .distinct()
              .toList();

      assertThat(keysSeen).hasSize(1);
      assertThat(LocalKeys.loadOrCreate(keys).getKeyID()).isEqualTo(keysSeen.get(0));
    } finally {
      pool.shutdownNow();
    }
  }
}
