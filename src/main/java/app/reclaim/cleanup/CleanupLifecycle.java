package app.reclaim.cleanup;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Stops cleanup work gracefully when the application stops (SIGTERM), in the last lifecycle phase
 * to stop first, while Cassandra and the admin-API client are still up: no new item starts, the
 * items in flight finish and are recorded, and the runs' leases are released (see {@link
 * Shutdown}). The executor's {@code shutdownNow} then finds nothing left to interrupt.
 */
final class CleanupLifecycle implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(CleanupLifecycle.class);
  static final Duration WAIT = Duration.ofSeconds(25);

  private final Shutdown shutdown;
  private final CleanupService cleanup;
  private volatile boolean running;

  CleanupLifecycle(Shutdown shutdown, CleanupService cleanup) {
    this.shutdown = shutdown;
    this.cleanup = cleanup;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    shutdown.begin();
    int executing = cleanup.executingCount();
    if (executing > 0) {
      log.info("cleanup: stopping {} executing runs for shutdown", executing);
      boolean idle = cleanup.awaitIdle(WAIT);
      log.info(
          idle
              ? "cleanup: every run stopped with its items recorded; they resume elsewhere"
              : "cleanup: runs still executing after the shutdown wait; they resume after their"
                  + " lease");
    }
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
