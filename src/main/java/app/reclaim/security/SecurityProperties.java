package app.reclaim.security;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How callers' tokens are checked. {@code jwt.jwkSet} is a file path or http(s) URL of the JWK set
 * whose RS256/ES256 keys sign callers' tokens; without it (local profile only) Reclaim generates
 * its own ES256 key into {@code localKeyDir} at first start and signs the demo's and {@code
 * mint-token}'s tokens with it. {@code secrets} are the keys that encrypt credentials at rest;
 * without them (local profile only) a secrets key is generated into {@code localKeyDir} too.
 */
@ConfigurationProperties("reclaim.security")
public record SecurityProperties(Jwt jwt, String localKeyDir, Secrets secrets) {

  public static final String DEFAULT_LOCAL_KEY_DIR = ".local/keys";

  public SecurityProperties {
    jwt = jwt == null ? new Jwt(null, null, null, null, null) : jwt;
    localKeyDir = blank(localKeyDir) ? DEFAULT_LOCAL_KEY_DIR : localKeyDir.strip();
    secrets = secrets == null ? new Secrets(null, null) : secrets;
  }

  /**
   * The keys of the {@link SecretCipher}: key id → base64 of 32 random bytes, and the id new
   * ciphertexts are encrypted with (may be left out with a single key). Checked when the cipher is
   * built, so that no error message ever has to quote a value.
   */
  public record Secrets(Map<String, String> keys, String activeKeyId) {

    public Secrets {
      keys = keys == null ? Map.of() : Map.copyOf(keys);
      activeKeyId = blank(activeKeyId) ? null : activeKeyId.strip();
    }

    /** Key ids only: the keys themselves never reach a log line. */
    @Override
    public String toString() {
      return "Secrets[keys=" + keys.keySet() + " (values hidden), activeKeyId=" + activeKeyId + "]";
    }
  }

  /** What a token must say to be accepted, and how far clocks may disagree. */
  public record Jwt(
      String jwkSet, String issuer, String audience, String platformAudience, Duration clockSkew) {

    public static final String DEFAULT_ISSUER = "reclaim-local";
    public static final String DEFAULT_AUDIENCE = "reclaim-api";
    public static final String DEFAULT_PLATFORM_AUDIENCE = "reclaim-platform";
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    public Jwt {
      jwkSet = blank(jwkSet) ? null : jwkSet.strip();
      issuer = blank(issuer) ? DEFAULT_ISSUER : issuer.strip();
      audience = blank(audience) ? DEFAULT_AUDIENCE : audience.strip();
      platformAudience =
          blank(platformAudience) ? DEFAULT_PLATFORM_AUDIENCE : platformAudience.strip();
      clockSkew = clockSkew == null ? Duration.ofSeconds(30) : clockSkew;
      if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
        throw new IllegalArgumentException(
            "reclaim.security.jwt.clock-skew must be between 0 and 5m");
      }
      // One audience per surface: a token good for the API must never also open /platform.
      if (audience.equals(platformAudience)) {
        throw new IllegalArgumentException(
            "reclaim.security.jwt.audience and platform-audience must differ");
      }
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
