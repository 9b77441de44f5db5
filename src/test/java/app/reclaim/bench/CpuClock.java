package app.reclaim.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU seconds used so far by this JVM and by the benchmark's Cassandra node (its pid from {@code
 * bench.cassandra-pid}, read from /proc): a phase's CPU split between Reclaim (with the simulator,
 * in this JVM) and Cassandra shows where a ratio's time goes on a machine both share.
 */
final class CpuClock {

  /** Linux reports process times in clock ticks of 1/100 s (USER_HZ). */
  private static final double TICKS_PER_SECOND = 100.0;

  private final long cassandraPid = Long.getLong("bench.cassandra-pid", -1);

  record Reading(double jvm, double cassandra) {
    Reading since(Reading start) {
      return new Reading(jvm - start.jvm, cassandra - start.cassandra);
    }

    @Override
    public String toString() {
      return cassandra < 0
          ? String.format("CPU: Reclaim JVM %.1f s", jvm)
          : String.format("CPU: Reclaim JVM %.1f s, Cassandra %.1f s", jvm, cassandra);
    }
  }

  /**
   * Waits (at most a minute) until Cassandra is idle: under a twentieth of a core over half a
   * second. A timed phase then starts without the flushes and compactions of the phases before it,
   * which otherwise land on whichever phase runs next (measured: Cassandra's CPU in the same
   * 100,000-user sync varied from 4.9 to 11.3 s between runs). Returns the seconds waited.
   */
  double awaitCassandraIdle() {
    if (cassandraPid <= 0) {
      return 0;
    }
    long start = System.nanoTime();
    double[] last = {cassandraSeconds()};
    org.awaitility.Awaitility.await("Cassandra idle")
        .atMost(java.time.Duration.ofMinutes(1))
        .pollInterval(java.time.Duration.ofMillis(500))
        .pollDelay(java.time.Duration.ofMillis(500))
        .until(
            () -> {
              double now = cassandraSeconds();
              boolean idle = now - last[0] < 0.025;
              last[0] = now;
              return idle;
            });
    return (System.nanoTime() - start) / 1e9;
  }

  Reading now() {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return new Reading(os.getProcessCpuTime() / 1e9, cassandraSeconds());
  }

  private double cassandraSeconds() {
    if (cassandraPid <= 0) {
      return -1;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(cassandraPid), "stat"));
      // After the command name in parentheses: field 14 utime and 15 stime (1-based).
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
