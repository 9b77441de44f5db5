package app.reclaim.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.HexFormat;

/**
 * The local secrets key (local profile only, when no {@code reclaim.security.secrets.keys} are
 * configured): 256 random bits generated at first start into the git-ignored local key folder as an
 * owner-only JWK, and reused afterwards so stored credentials stay readable across restarts. Its id
 * is random ({@code local-} and 12 hex digits), so it says nothing about the key.
 */
final class LocalSecretKey {

  /** The key as a JWK of type {@code oct} (owner read/write only). */
  static final String FILE = "secrets-key.jwk.json";

  private LocalSecretKey() {}

  /** The key in {@code dir}, generating it first when there is none. */
  static OctetSequenceKey loadOrCreate(Path dir) {
    Path file = dir.resolve(FILE);
    try {
      if (!Files.exists(file)) {
        OwnerOnlyFiles.writeOnce(dir, FILE, generate().toJSONString());
      }
      JWK jwk = JWK.parse(Files.readString(file, StandardCharsets.UTF_8));
      if (!(jwk instanceof OctetSequenceKey key)
          || key.size() != SecretCipher.KEY_BYTES * 8
          || key.getKeyID() == null
          || !SecretCipher.KEY_ID.matcher(key.getKeyID()).matches()) {
        throw new IllegalStateException(
            file
                + " does not hold a 256-bit secrets key with a key id;"
                + " stored credentials need it, so move it aside only if none are stored");
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the local secrets key in " + dir, e);
    } catch (ParseException e) {
      // No cause: a parser's message may quote the file, and the file is a key.
      throw new IllegalStateException(file + " is not a JWK");
    }
  }

  static OctetSequenceKey generate() {
    byte[] id = new byte[6];
    new SecureRandom().nextBytes(id);
    try {
      return new OctetSequenceKeyGenerator(SecretCipher.KEY_BYTES * 8)
          .keyID("local-" + HexFormat.of().formatHex(id))
          .keyUse(KeyUse.ENCRYPTION)
          .algorithm(JWEAlgorithm.DIR)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate a secrets key", e);
    }
  }
}
