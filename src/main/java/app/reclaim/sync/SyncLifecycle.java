package app.reclaim.sync;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Stops syncs gracefully when the application stops (SIGTERM), among the first to stop, while
 * Cassandra and the admin-API client are still up: each job ends at its next step boundary with its
 * cursor saved and its lease released, so another instance resumes it at once.
 */
final class SyncLifecycle implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(SyncLifecycle.class);
  static final Duration WAIT = Duration.ofSeconds(25);

  private final DirectorySync sync;
  private volatile boolean running;

  SyncLifecycle(DirectorySync sync) {
    this.sync = sync;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    if (!sync.stopForShutdown(WAIT)) {
      log.info("sync: jobs still executing after the shutdown wait; they resume after their lease");
    }
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
