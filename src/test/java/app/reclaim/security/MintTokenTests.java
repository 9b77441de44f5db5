package app.reclaim.security;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.security.JwtAuthenticator.Audience;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mint-token command as an operator runs it: a separate JVM, before any Spring or Cassandra.
 */
class MintTokenTests {

  @TempDir Path keys;

  record Run(int exit, String out, String err) {}

  Run mintToken(String... args) throws Exception {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(
            List.of(
                new File(System.getProperty("java.home"), "bin/java").getPath(),
                "-cp",
                classpath,
                "app.reclaim.ReclaimApplication",
                "mint-token"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    boolean exited = process.waitFor(60, TimeUnit.SECONDS);
    assertThat(exited).isTrue();
    return new Run(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  JwtAuthenticator authenticatorForKeys() {
    var key = LocalKeys.loadOrCreate(keys);
    return new JwtAuthenticator(
        new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())),
        new SecurityProperties.Jwt(null, null, null, null, null),
        Clock.systemUTC());
  }

  @Test
  void shouldPrintOnlyATokenThatTheServerAccepts() throws Exception {
    var run =
        mintToken(
            "--org",
            "acme",
            "--role",
            "VIEWER",
            "--sub",
            "557058:abc",
            "--ttl",
            "2h",
            "--keys",
            keys.toString());

    assertThat(run.exit()).isZero();
    assertThat(run.out().lines()).hasSize(1);
    String token = run.out().strip();
    assertThat(run.out()).isEqualTo(token + System.lineSeparator());
    var authentication = authenticatorForKeys().authenticate(token);
    assertThat(authentication.audience()).isEqualTo(Audience.API);
    assertThat(authentication.caller())
        .isEqualTo(new Caller("acme", "557058:abc", Set.of(Role.VIEWER)));
    var claims = SignedJWT.parse(token).getJWTClaimsSet();
    assertThat(
            Duration.between(
                claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
        .isEqualTo(Duration.ofHours(2));
  }

  @Test
  void shouldMintPlatformTokensForThePlatformAudience() throws Exception {
    var run = mintToken("--role", "PLATFORM", "--keys=" + keys);

    assertThat(run.exit()).isZero();
    var authentication = authenticatorForKeys().authenticate(run.out().strip());
    assertThat(authentication.audience()).isEqualTo(Audience.PLATFORM);
    assertThat(authentication.caller().roles()).containsExactly(Role.PLATFORM);
  }

  @Test
  void shouldReuseTheKeyAcrossRuns() throws Exception {
    var first = mintToken("--org", "acme", "--role", "ADMIN", "--keys", keys.toString());
    var second = mintToken("--org", "acme", "--role", "ADMIN", "--keys", keys.toString());

    assertThat(SignedJWT.parse(first.out().strip()).getHeader().getKeyID())
        .isEqualTo(SignedJWT.parse(second.out().strip()).getHeader().getKeyID());
    authenticatorForKeys().authenticate(first.out().strip());
  }

  @Test
  void shouldExit2WithUsageAndNothingOnStandardOutputForBadArguments() throws Exception {
    for (String[] args :
        List.of(
            new String[] {},
            new String[] {"--role", "ADMIN"},
            new String[] {"--org", "acme", "--role", "OWNER"},
            new String[] {"--org", "acme", "--role", "ADMIN", "--ttl", "forever"},
            new String[] {"--org", "acme", "--role", "ADMIN", "--ttl", "-1h"},
            new String[] {"--org", "acme", "--role", "ADMIN", "--colour", "blue"},
            new String[] {"--org"})) {
      var run = mintToken(args);

      assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(run.out()).isEmpty();
      assertThat(run.err()).contains("usage: java -jar target/reclaim.jar mint-token");
    }
  }
}
