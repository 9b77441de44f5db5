package app.reclaim.sync;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every {@code reclaim.sync.scheduler-interval}: resumes syncs whose instance died and starts the
 * daily FULL sync of orgs whose last one is older than today's {@code daily-at}. Each org's lease
 * makes sure only one instance acts.
 */
@Component
@ConditionalOnBooleanProperty(name = "reclaim.sync.scheduler-enabled", matchIfMissing = true)
class SyncScheduler {

  private static final Logger log = LoggerFactory.getLogger(SyncScheduler.class);

  private final DirectorySync sync;
  private final Clock clock;

  SyncScheduler(DirectorySync sync, Clock clock) {
    this.sync = sync;
    this.clock = clock;
  }

  @Scheduled(
      initialDelayString = "${reclaim.sync.scheduler-interval:1m}",
      fixedDelayString = "${reclaim.sync.scheduler-interval:1m}")
  void tick() {
    try {
      sync.resumeInterrupted();
      sync.startDueDailySyncs(clock.instant());
    } catch (RuntimeException e) {
      log.error("sync scheduler tick failed", e);
    }
  }
}
