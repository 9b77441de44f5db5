package app.reclaim.support;

import java.time.Duration;
import java.util.Collection;

/** Waiting, at a shutdown, for the work an instance tracks in a concurrent collection to end. */
public final class Drain {

  private static final long POLL_MILLIS = 50;

  private Drain() {}

  /** Waits until {@code executing} is empty, at most {@code atMost}; true once it is. */
  public static boolean untilEmpty(Collection<?> executing, Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!executing.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return executing.isEmpty();
  }
}
