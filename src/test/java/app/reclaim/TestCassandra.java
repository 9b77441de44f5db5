package app.reclaim;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the tests' own Cassandra node once per test run (its own port and data folder, never the
 * developer's node on 9042) through the project's launcher, points Spring at it, and stops it when
 * the last test run using it ends (runs in parallel share the node: each leaves a marker named by
 * its pid in {@code test-runs/}). Registered through META-INF/services, so every test JVM gets it
 * before any context.
 */
public class TestCassandra implements LauncherSessionListener {

  public static final int PORT = Integer.getInteger("reclaim.test.cassandra.port", 19042);
  static final int STORAGE_PORT = Integer.getInteger("reclaim.test.cassandra.storage-port", 17000);
  static final String DIR =
      System.getProperty("reclaim.test.cassandra.dir", ".local/cassandra-test");

  private static final Set<ConfigurableApplicationContext> CONTEXTS = ConcurrentHashMap.newKeySet();
  private boolean started;

  /** Contexts to close before the node stops, so no driver is left talking to a stopped node. */
  static void register(ConfigurableApplicationContext context) {
    CONTEXTS.add(context);
  }

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (Boolean.getBoolean("reclaim.test.cassandra.skip")) {
      return; // a test run that reads files only (the log hygiene pass) needs no node
    }
    withRunsLock(
        () -> {
          run(
              "start",
              "--port",
              Integer.toString(PORT),
              "--storage-port",
              Integer.toString(STORAGE_PORT));
          touch(runMarker(ProcessHandle.current().pid()));
        });
    started = true;
    System.setProperty("spring.cassandra.contact-points", "127.0.0.1:" + PORT);
    System.setProperty("spring.cassandra.local-datacenter", "datacenter1");
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    CONTEXTS.forEach(ConfigurableApplicationContext::close);
    if (!started) {
      return;
    }
    // Several test runs (engineers, IDEs) may share the node; the last one out stops it, so no run
    // loses its node halfway through because another finished first.
    withRunsLock(
        () -> {
          delete(runMarker(ProcessHandle.current().pid()));
          if (!Boolean.getBoolean("reclaim.test.cassandra.keep") && otherLiveRuns() == 0) {
            run("stop");
          }
        });
  }

  private static File runsDir() {
    return new File(new File(repositoryRoot(), DIR), "test-runs");
  }

  private static File runMarker(long pid) {
    return new File(runsDir(), Long.toString(pid));
  }

  /** Markers of test JVMs still alive; markers of crashed ones are removed on the way. */
  private static long otherLiveRuns() {
    File[] markers = runsDir().listFiles();
    long live = 0;
    for (File marker : markers == null ? new File[0] : markers) {
      boolean alive =
          marker.getName().chars().allMatch(Character::isDigit)
              && ProcessHandle.of(Long.parseLong(marker.getName()))
                  .map(ProcessHandle::isAlive)
                  .orElse(false);
      if (alive) {
        live++;
      } else {
        delete(marker);
      }
    }
    return live;
  }

  /** Start-and-register and unregister-and-maybe-stop are atomic across test JVMs. */
  private static void withRunsLock(Runnable action) {
    File dir = runsDir();
    dir.mkdirs();
    try (FileChannel channel =
            FileChannel.open(
                new File(dir.getParentFile(), "test-runs.lock").toPath(),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void touch(File file) {
    try {
      file.createNewFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(File file) {
    file.delete();
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
      // Through System.out rather than inherited descriptors: surefire owns the fork's native
      // stdout.
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

  /** The pid of the tests' node, from the pid file cassandra.sh writes when it starts the node. */
  public static long pid() {
    File file = new File(new File(repositoryRoot(), DIR), "cassandra.pid");
    try {
      return Long.parseLong(
          java.nio.file.Files.readString(file.toPath(), StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      throw new IllegalStateException(
          "no pid file for the tests' Cassandra node at "
              + file
              + ": it was not started by cassandra/cassandra.sh for this test run",
          e);
    }
  }

  public static File repositoryRoot() {
    return new File(System.getProperty("reclaim.test.repo-root", ".")).getAbsoluteFile();
  }
}
