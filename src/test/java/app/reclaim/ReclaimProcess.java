package app.reclaim;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * Reclaim as a separate operating-system process on the tests' Cassandra node (same classpath as
 * the tests, profiles {@code test,local}), so a test can kill it with SIGKILL as an operator's
 * {@code kill -9} would: no shutdown hook, no graceful stop, in-flight requests lost. Its log lines
 * go to the suite log (LogHygieneTests reads them too), its console to {@code
 * target/test-logs/process-<port>.out}.
 */
public final class ReclaimProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final Process process;
  private final int port;
  private final Path log;

  private ReclaimProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts an instance with these extra {@code --key=value} arguments and waits until healthy. */
  public static ReclaimProcess start(List<String> arguments) throws IOException {
    int port = freePort();
    String javaHome = System.getProperty("java.home");
    // Surefire's own test classpath (java.class.path may be its manifest-only booter jar) without
    // its trailing empty entry, which Java reads as the working directory: the repository root,
    // where cassandra/ would then show every migration script a second time.
    String classpath =
        java.util.Arrays.stream(
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"))
                    .split(File.pathSeparator))
            .filter(entry -> !entry.isBlank())
            .distinct()
            .collect(java.util.stream.Collectors.joining(File.pathSeparator));
    Path classpathFile = Files.createTempFile("reclaim-process", ".classpath");
    // An argument file keeps a long classpath off the command line.
    Files.writeString(classpathFile, "-cp \"" + classpath.replace("\\", "/") + "\"\n");
    classpathFile.toFile().deleteOnExit();
    Path out = Path.of("target", "test-logs", "process-" + port + ".out");
    Files.createDirectories(out.getParent());

    List<String> command = new ArrayList<>();
    command.add(javaHome + File.separator + "bin" + File.separator + "java");
    command.add("-Xmx1g");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("@" + classpathFile);
    command.add("-Dreclaim.test.repo-root=" + System.getProperty("reclaim.test.repo-root", "."));
    command.add(
        "-Dreclaim.test.log="
            + System.getProperty("reclaim.test.log", "target/test-logs/suite.log"));
    command.add(ReclaimApplication.class.getName());
    command.add("--spring.profiles.active=test,local");
    command.add("--server.port=" + port);
    command.add("--spring.cassandra.contact-points=127.0.0.1:" + TestCassandra.PORT);
    command.addAll(arguments);

    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
            .start();
    ReclaimProcess started = new ReclaimProcess(process, port, out);
    try {
      Awaitility.await("Reclaim process on port " + port + " healthy (see " + out + ")")
          .atMost(START_TIMEOUT)
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException(
                      "the process exited with " + process.exitValue() + "; see " + out);
                }
                return started.healthy();
              });
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
    return started;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** What the process printed (its log lines, appended across starts on the same port). */
  public Path log() {
    return log;
  }

  /**
   * SIGTERM (on Linux, {@code destroy} sends signal 15), as an operator's {@code kill} or a
   * container stop would, and wait up to {@code atMost} for the graceful stop; the exit status, or
   * -1 if still alive then.
   */
  public int terminate(Duration atMost) throws InterruptedException {
    process.destroy();
    return process.waitFor(atMost.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        ? process.exitValue()
        : -1;
  }

  /** SIGKILL (on Linux, {@code destroyForcibly} sends signal 9) and wait until it is gone. */
  public int kill9() throws InterruptedException {
    process.destroyForcibly();
    return process.waitFor();
  }

  private boolean healthy() {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://localhost:" + port + "/actuator/health"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
