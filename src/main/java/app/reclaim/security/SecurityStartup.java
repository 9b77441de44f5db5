package app.reclaim.security;

import java.io.File;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Runs before the application context of the launched server: the prod profile must name the JWK
 * set and issuer of callers' tokens (a local key would let anyone holding the machine mint tokens)
 * and the keys that encrypt credentials at rest; a JWK set file must exist, and configured secrets
 * keys must be well-formed. A missing piece is one line on standard error and exit code 1; no line
 * quotes a key.
 */
public final class SecurityStartup
    implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

  static final String MISSING_JWK_SET =
      "the prod profile needs reclaim.security.jwt.jwk-set (a file"
          + " path or https URL of the JWK set whose keys sign callers' tokens)";
  static final String MISSING_SECRETS_KEYS =
      "the prod profile needs reclaim.security.secrets.keys.<id>"
          + " (base64 of 32 random bytes, e.g. openssl rand -base64 32) to encrypt credentials at rest";

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    ConfigurableEnvironment env = event.getEnvironment();
    Binder binder = Binder.get(env);
    String jwkSet = binder.bind("reclaim.security.jwt.jwk-set", String.class).orElse("").strip();
    if (env.matchesProfiles("prod")) {
      if (jwkSet.isEmpty()) {
        fail(MISSING_JWK_SET);
      }
      if (binder.bind("reclaim.security.jwt.issuer", String.class).orElse("").isBlank()) {
        fail("the prod profile needs reclaim.security.jwt.issuer (the iss of callers' tokens)");
      }
    }
    if (!jwkSet.isEmpty() && !jwkSet.startsWith("https://") && !jwkSet.startsWith("http://")) {
      File file = new File(jwkSet.startsWith("file:") ? jwkSet.substring(5) : jwkSet);
      if (!file.canRead()) {
        fail("reclaim.security.jwt.jwk-set: cannot read " + file.getAbsolutePath());
      }
    }
    Map<String, String> secretsKeys =
        binder
            .bind("reclaim.security.secrets.keys", Bindable.mapOf(String.class, String.class))
            .orElse(Map.of());
    if (secretsKeys.isEmpty() && env.matchesProfiles("prod")) {
      fail(MISSING_SECRETS_KEYS);
    }
    if (!secretsKeys.isEmpty()) {
      try {
        SecretCipher.fromConfiguration(
            secretsKeys,
            binder.bind("reclaim.security.secrets.active-key-id", String.class).orElse(null));
      } catch (SecretCipherException e) {
        fail(e.getMessage());
      }
    }
  }

  private static void fail(String message) {
    System.err.println("reclaim: " + message);
    System.exit(1);
  }
}
