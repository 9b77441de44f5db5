package app.reclaim.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;

/**
 * The local ES256 signing key: generated at first use into a git-ignored folder (owner-only
 * permissions) and reused afterwards, so tokens minted earlier stay valid across restarts. Holds no
 * logging on purpose: {@code mint-token} must print the token and nothing else.
 */
public final class LocalKeys {

  /** The private key as a JWK (owner read/write only). */
  public static final String PRIVATE_KEY_FILE = "signing-key.jwk.json";

  /**
   * Its public half as a JWK set, the shape {@code reclaim.security.jwt.jwk-set} takes in
   * production.
   */
  public static final String PUBLIC_JWK_SET_FILE = "jwks.json";

  private LocalKeys() {}

  /** The key in {@code dir}, generating it first when there is none. */
  public static ECKey loadOrCreate(Path dir) {
    Path file = dir.resolve(PRIVATE_KEY_FILE);
    try {
      if (!Files.exists(file)) {
        create(dir, file);
      }
      JWK jwk = JWK.parse(Files.readString(file, StandardCharsets.UTF_8));
      if (!(jwk instanceof ECKey key) || !key.isPrivate() || !Curve.P_256.equals(key.getCurve())) {
        throw new IllegalStateException(
            file + " does not hold a private P-256 key; delete it to" + " generate a new one");
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the local signing key in " + dir, e);
    } catch (ParseException e) {
      throw new IllegalStateException(file + " is not a JWK; delete it to generate a new one", e);
    }
  }

  private static void create(Path dir, Path file) throws IOException {
    ECKey key = generate();
    if (OwnerOnlyFiles.writeOnce(dir, file.getFileName().toString(), key.toJSONString())) {
      writePublicSet(dir, key);
    }
  }

  private static void writePublicSet(Path dir, ECKey key) throws IOException {
    Path tmp = OwnerOnlyFiles.createTemp(dir, "jwks");
    Files.writeString(tmp, new JWKSet(key.toPublicJWK()).toString(true), StandardCharsets.UTF_8);
    Files.move(
        tmp,
        dir.resolve(PUBLIC_JWK_SET_FILE),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  static ECKey generate() {
    try {
      return new ECKeyGenerator(Curve.P_256)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256)
          .keyIDFromThumbprint(true)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate a P-256 key", e);
    }
  }
}
