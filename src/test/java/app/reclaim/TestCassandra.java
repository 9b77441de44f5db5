package app.reclaim;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the tests' own Cassandra node once per test run (its own port and data folder, never the
 * developer's node on 9042) through the project's launcher, points Spring at it, and stops it when
 * the run ends. Registered through META-INF/services, so every test JVM gets it before any context.
 */
public class TestCassandra implements LauncherSessionListener {

  public static final int PORT = Integer.getInteger("reclaim.test.cassandra.port", 19042);
  static final int STORAGE_PORT = Integer.getInteger("reclaim.test.cassandra.storage-port", 17000);
  static final String DIR = System.getProperty("reclaim.test.cassandra.dir", ".local/cassandra-test");

  private static final Set<ConfigurableApplicationContext> CONTEXTS = ConcurrentHashMap.newKeySet();
  private boolean started;

  /** Contexts to close before the node stops, so no driver is left talking to a stopped node. */
  static void register(ConfigurableApplicationContext context) {
    CONTEXTS.add(context);
  }

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    run("start", "--port", Integer.toString(PORT), "--storage-port", Integer.toString(STORAGE_PORT));
    started = true;
    System.setProperty("spring.cassandra.contact-points", "127.0.0.1:" + PORT);
    System.setProperty("spring.cassandra.local-datacenter", "datacenter1");
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    CONTEXTS.forEach(ConfigurableApplicationContext::close);
    if (started && !Boolean.getBoolean("reclaim.test.cassandra.keep")) {
      run("stop");
    }
  }

  private static void run(String command, String... args) {
    File root = repositoryRoot();
    var cmd = new java.util.ArrayList<String>();
    cmd.add("bash");
    cmd.add(new File(root, "cassandra/cassandra.sh").getPath());
    cmd.add(command);
    cmd.add("--dir");
    cmd.add(new File(root, DIR).getPath());
    cmd.addAll(java.util.List.of(args));
    try {
      // Through System.out rather than inherited descriptors: surefire owns the fork's native stdout.
      Process process = new ProcessBuilder(cmd).directory(root).redirectErrorStream(true).start();
      System.out.print(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      int exit = process.waitFor();
      if (exit != 0) {
        throw new IllegalStateException("cassandra/cassandra.sh " + command + " exited " + exit);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static File repositoryRoot() {
    return new File(System.getProperty("reclaim.test.repo-root", ".")).getAbsoluteFile();
  }
}
