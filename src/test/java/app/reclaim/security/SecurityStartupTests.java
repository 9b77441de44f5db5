package app.reclaim.security;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.TestCassandra;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The launched server in the prod profile refuses to start without the JWK set of its callers. */
class SecurityStartupTests {

  String run(String... args) throws Exception {
    return run(Map.of(), args);
  }

  String run(Map<String, String> environment, String... args) throws Exception {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(
            List.of(
                new File(System.getProperty("java.home"), "bin/java").getPath(),
                "-cp",
                classpath,
                "app.reclaim.ReclaimApplication",
                "--spring.profiles.active=prod",
                // The tests' node answers, so the Cassandra check passes and the key check is what
                // fails.
                "--spring.cassandra.contact-points=127.0.0.1:" + TestCassandra.PORT,
                "--logging.level.root=warn"));
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    boolean exited = process.waitFor(60, TimeUnit.SECONDS);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(exited).isTrue();
    assertThat(process.exitValue()).isNotZero();
    assertThat(output.lines().filter(l -> l.contains("Exception") || l.startsWith("\tat ")))
        .isEmpty();
    return output;
  }

  @Test
  void shouldRefuseTheProdProfileWithoutAJwkSet() throws Exception {
    assertThat(run()).contains("reclaim: the prod profile needs reclaim.security.jwt.jwk-set");
  }

  @Test
  void shouldRefuseTheProdProfileWithoutAnIssuer() throws Exception {
    assertThat(run("--reclaim.security.jwt.jwk-set=https://idp.example.com/jwks.json"))
        .contains("reclaim: the prod profile needs reclaim.security.jwt.issuer");
  }

  @Test
  void shouldRefuseAJwkSetFileThatCannotBeRead() throws Exception {
    assertThat(
            run(
                "--reclaim.security.jwt.jwk-set=/nonexistent/jwks.json",
                "--reclaim.security.jwt.issuer=https://idp.example.com/"))
        .contains("reclaim: reclaim.security.jwt.jwk-set: cannot read /nonexistent/jwks.json");
  }

  @Test
  void shouldRefuseTheProdProfileWithoutSecretsKeys() throws Exception {
    assertThat(
            run(
                "--reclaim.security.jwt.jwk-set=https://idp.example.com/jwks.json",
                "--reclaim.security.jwt.issuer=https://idp.example.com/"))
        .contains(
            "reclaim: the prod profile needs reclaim.security.secrets.keys.<id> (base64 of 32"
                + " random bytes, e.g. openssl rand -base64 32) to encrypt credentials at rest");
  }

  @Test
  void shouldRefuseAMalformedSecretsKeyWithoutQuotingIt() throws Exception {
    String shortKey = "c2hvcnQta2V5LW9mLTE2Yg==";

    String output =
        run(
            "--reclaim.security.jwt.jwk-set=https://idp.example.com/jwks.json",
            "--reclaim.security.jwt.issuer=https://idp.example.com/",
            "--reclaim.security.secrets.keys.k1=" + shortKey);

    assertThat(output)
        .contains(
            "reclaim: reclaim.security.secrets.keys.k1 must be 32 random bytes in" + " base64")
        .doesNotContain(shortKey);
  }

  @Test
  void shouldReadSecretsKeysFromTheEnvironment() throws Exception {
    String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);

    String output =
        run(
            Map.of(
                "RECLAIM_SECURITY_SECRETS_KEYS_K2026A",
                key,
                "RECLAIM_SECURITY_SECRETS_ACTIVEKEYID",
                "k2026b"),
            "--reclaim.security.jwt.jwk-set=https://idp.example.com/jwks.json",
            "--reclaim.security.jwt.issuer=https://idp.example.com/");

    assertThat(output)
        .contains(
            "reclaim: reclaim.security.secrets.active-key-id must name one of the"
                + " configured keys [k2026a]")
        .doesNotContain(key);
  }
}
