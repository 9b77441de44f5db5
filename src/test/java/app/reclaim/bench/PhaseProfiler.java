package app.reclaim.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * async-profiler over the timed runs of one phase only ({@code bench.profile-phase}, e.g. {@code
 * sync}, {@code sync-raw}, {@code preview-cold}), in this JVM and in the bench's Cassandra node:
 * loaded with {@code jcmd <pid> JVMTI.agent_load} before the phase's first timed run, stopped after
 * each run and resumed before the next, and written once at the end as collapsed stacks per thread
 * ({@code <out>/<phase>-reclaim.collapsed}, {@code <phase>-cassandra.collapsed}). The warm-ups and
 * the other phases are left out, which a profiler attached from outside cannot do. Off unless
 * {@code bench.async-profiler} names the library ({@code libasyncProfiler.so}).
 */
final class PhaseProfiler {

  private final String library = System.getProperty("bench.async-profiler", "");
  private final String phase = System.getProperty("bench.profile-phase", "");
  private final Path out = Path.of(System.getProperty("bench.out", ".local/bench")).getParent();
  private final long cassandraPid = Long.getLong("bench.cassandra-pid", -1);
  private boolean started;

  /** Before a timed run of {@code name}: starts or resumes the profilers when it is the phase. */
  void begin(String name) {
    if (!enabled(name)) {
      return;
    }
    command(started ? "resume" : "start,event=ctimer,interval=1ms,threads");
    started = true;
  }

  /** After a timed run of {@code name}. */
  void end(String name) {
    if (enabled(name)) {
      command("stop");
    }
  }

  /** Writes what was collected (once, at the end). */
  void dump() {
    if (!started) {
      return;
    }
    for (String[] target : targets()) {
      Path file = out.resolve(phase + "-" + target[1] + ".collapsed").toAbsolutePath();
      run(target[0], "dump,collapsed,file=" + file);
      System.out.println("profile of phase " + phase + " (" + target[1] + "): " + file);
    }
  }

  private boolean enabled(String name) {
    return !library.isEmpty() && phase.equals(name);
  }

  private void command(String command) {
    for (String[] target : targets()) {
      run(target[0], command);
    }
  }

  private List<String[]> targets() {
    List<String[]> targets = new ArrayList<>();
    targets.add(new String[] {Long.toString(ProcessHandle.current().pid()), "reclaim"});
    if (cassandraPid > 0) {
      targets.add(new String[] {Long.toString(cassandraPid), "cassandra"});
    }
    return targets;
  }

  private void run(String pid, String command) {
    try {
      Process process =
          new ProcessBuilder("jcmd", pid, "JVMTI.agent_load", library, "\"" + command + "\"")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("jcmd " + pid + " " + command + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("jcmd " + pid + " " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
