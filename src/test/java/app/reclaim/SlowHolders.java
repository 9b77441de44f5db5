package app.reclaim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the slow-holder tests make slow: another Reclaim instance in this JVM (its own leases,
 * runners and resumer on the same Cassandra and simulator), the tests' Cassandra node paused with
 * SIGSTOP, and busy threads that starve every other thread of CPU. How many rounds each test runs
 * is {@code -Dreclaim.test.slow-holder-rounds} (10 unless set).
 */
public final class SlowHolders {

  /** The lease TTL of the instances these tests start: a holder counts on TTL - 1 s = 2 s. */
  public static final Duration LEASE_TTL = Duration.ofSeconds(3);

  private SlowHolders() {}

  public static int rounds() {
    return Integer.getInteger("reclaim.test.slow-holder-rounds", 10);
  }

  /**
   * A Reclaim instance with short leases (and a request timeout its lease can cover) talking to the
   * simulator at {@code simulatorBaseUrl}; its schedulers are off, the test resumes work itself.
   */
  public static ConfigurableApplicationContext instance(String simulatorBaseUrl, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--reclaim.simulator.enabled=false",
                "--reclaim.atlassian.base-url=" + simulatorBaseUrl,
                "--reclaim.atlassian.request-timeout=500ms",
                "--reclaim.cleanup.lease-ttl=" + LEASE_TTL.toSeconds() + "s",
                "--reclaim.cleanup.max-concurrent-runs=4",
                "--reclaim.sync.lease-ttl=" + LEASE_TTL.toSeconds() + "s"));
    args.addAll(List.of(more));
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(ReclaimApplication.class)
            .profiles("test", "local")
            .run(args.toArray(String[]::new));
    TestCassandra.register(context);
    return context;
  }

  /** The local port of an instance's HTTP server. */
  public static int port(ConfigurableApplicationContext instance) {
    return Integer.parseInt(instance.getEnvironment().getProperty("local.server.port"));
  }

  /**
   * Stops the tests' Cassandra node (SIGSTOP) for {@code pause}, then lets it go on (SIGCONT): to
   * every client it hangs, as a node in a long GC pause or a starved VM does.
   */
  public static void pauseCassandra(Duration pause) {
    pauseCassandra(pause, () -> {});
  }

  /** As {@link #pauseCassandra(Duration)}, running {@code meanwhile} once the pause has lasted. */
  public static void pauseCassandra(Duration pause, Runnable meanwhile) {
    long pid = TestCassandra.pid();
    signal("STOP", pid);
    try {
      Thread.sleep(pause.toMillis());
      meanwhile.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      signal("CONT", pid);
    }
  }

  /**
   * Runs {@code work} with the tests' Cassandra node stopped (SIGSTOP) and lets the node go on
   * (SIGCONT) as soon as it returns or throws: the pause lasts exactly as long as the work, which
   * waits on the node as its requests time out.
   */
  public static <T> T whileCassandraPaused(java.util.function.Supplier<T> work) {
    long pid = TestCassandra.pid();
    signal("STOP", pid);
    try {
      return work.get();
    } finally {
      signal("CONT", pid);
    }
  }

  /** Waits until {@code session} (a driver that may be reconnecting after a pause) answers. */
  public static void awaitCassandra(com.datastax.oss.driver.api.core.CqlSession session) {
    org.awaitility.Awaitility.await("Cassandra answers again")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> session.execute("SELECT release_version FROM system.local").one() != null);
  }

  private static void signal(String name, long pid) {
    try {
      int exit = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor();
      if (exit != 0) {
        throw new IllegalStateException("kill -" + name + " " + pid + " exited " + exit);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (name.equals("STOP")) {
      awaitStopped(pid);
    }
  }

  /**
   * kill returns once SIGSTOP is queued; each of the JVM's threads stops when the kernel next
   * handles it, which on a busy machine can be tens of milliseconds later (a CI run saw a write
   * answered in that window). Waits until every thread of {@code pid} is stopped ({@code T} in
   * /proc/pid/task/N/stat).
   */
  private static void awaitStopped(long pid) {
    java.nio.file.Path tasks = java.nio.file.Path.of("/proc", Long.toString(pid), "task");
    org.awaitility.Awaitility.await("every thread of " + pid + " stopped")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(2))
        .until(
            () -> {
              try (var threads = java.nio.file.Files.list(tasks)) {
                return threads.allMatch(SlowHolders::stopped);
              }
            });
  }

  private static boolean stopped(java.nio.file.Path task) {
    try {
      String stat = java.nio.file.Files.readString(task.resolve("stat"));
      // The state follows the command name's closing parenthesis: "pid (comm) S ...".
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state == 'T' || state == 't';
    } catch (IOException e) {
      return true; // a thread that ended while we looked stops nothing
    }
  }

  /** {@code count} threads that spin until closed, each taking a core away from everything else. */
  public static AutoCloseable busyThreads(int count) {
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Thread t =
          new Thread(
              () -> {
                long x = 0;
                while (running.get()) {
                  x += System.nanoTime() % 7;
                }
                if (x == 42) {
                  System.out.print("");
                }
              },
              "busy-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    return () -> {
      running.set(false);
      for (Thread t : threads) {
        t.join();
      }
    };
  }
}
