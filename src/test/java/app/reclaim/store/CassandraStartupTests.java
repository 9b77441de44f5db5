package app.reclaim.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The launched server, as an operator runs it, against a cluster that is not there. */
class CassandraStartupTests {

  @Test
  void shouldExitNonZeroWithOneClearLineWhenTheConfiguredClusterIsUnreachable() throws Exception {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process process =
        new ProcessBuilder(
                List.of(
                    new File(System.getProperty("java.home"), "bin/java").getPath(),
                    "-cp",
                    classpath,
                    "app.reclaim.ReclaimApplication",
                    "--spring.profiles.active=prod",
                    "--spring.cassandra.contact-points=127.0.0.1:1",
                    "--logging.level.root=warn"))
            .redirectErrorStream(true)
            .start();
    boolean exited = process.waitFor(60, TimeUnit.SECONDS);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(exited).isTrue();
    assertThat(process.exitValue()).isNotZero();
    assertThat(output)
        .contains(
            "reclaim: Cassandra is not reachable at 127.0.0.1:1 (spring.cassandra.contact-points)");
    assertThat(output.lines().filter(l -> l.contains("Exception") || l.startsWith("\tat ")))
        .isEmpty();
  }

  @Test
  void shouldRefuseTheProdProfileWithoutContactPoints() throws Exception {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process process =
        new ProcessBuilder(
                List.of(
                    new File(System.getProperty("java.home"), "bin/java").getPath(),
                    "-cp",
                    classpath,
                    "app.reclaim.ReclaimApplication",
                    "--spring.profiles.active=prod"))
            .redirectErrorStream(true)
            .start();
    process.waitFor(60, TimeUnit.SECONDS);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.exitValue()).isNotZero();
    assertThat(output).contains("reclaim: the prod profile needs spring.cassandra.contact-points");
  }
}
