package app.reclaim.security;

import java.io.File;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Runs before the application context of the launched server: the prod profile must name the JWK set
 * and issuer of callers' tokens (a local key would let anyone holding the machine mint tokens), and a
 * JWK set file must exist. A missing piece is one line on standard error and exit code 1.
 */
public final class SecurityStartup implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

  static final String MISSING_JWK_SET = "the prod profile needs reclaim.security.jwt.jwk-set (a file"
      + " path or https URL of the JWK set whose keys sign callers' tokens)";

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
  }

  private static void fail(String message) {
    System.err.println("reclaim: " + message);
    System.exit(1);
  }
}
