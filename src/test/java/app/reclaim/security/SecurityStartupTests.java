package app.reclaim.security;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.TestCassandra;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The launched server in the prod profile refuses to start without the JWK set of its callers. */
class SecurityStartupTests {

  String run(String... args) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(
        new File(System.getProperty("java.home"), "bin/java").getPath(), "-cp", classpath,
        "app.reclaim.ReclaimApplication", "--spring.profiles.active=prod",
        // The tests' node answers, so the Cassandra check passes and the key check is what fails.
        "--spring.cassandra.contact-points=127.0.0.1:" + TestCassandra.PORT, "--logging.level.root=warn"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean exited = process.waitFor(60, TimeUnit.SECONDS);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(exited).isTrue();
    assertThat(process.exitValue()).isNotZero();
    assertThat(output.lines().filter(l -> l.contains("Exception") || l.startsWith("\tat "))).isEmpty();
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
    assertThat(run("--reclaim.security.jwt.jwk-set=/nonexistent/jwks.json",
        "--reclaim.security.jwt.issuer=https://idp.example.com/"))
        .contains("reclaim: reclaim.security.jwt.jwk-set: cannot read /nonexistent/jwks.json");
  }
}
