package app.reclaim.cleanup;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every {@code reclaim.cleanup.retention-interval}: purges the cleanup-log items that are past
 * their org's retention ({@link CleanupRetention}); a per-org lease lets one instance do each org.
 */
@Component
@ConditionalOnBooleanProperty(name = "reclaim.cleanup.retention-enabled", matchIfMissing = true)
class CleanupRetentionScheduler {

  private static final Logger log = LoggerFactory.getLogger(CleanupRetentionScheduler.class);
  private final CleanupRetention retention;
  private final Clock clock;

  CleanupRetentionScheduler(CleanupRetention retention, Clock clock) {
    this.retention = retention;
    this.clock = clock;
  }

  @Scheduled(
      initialDelayString = "${reclaim.cleanup.retention-interval:1h}",
      fixedDelayString = "${reclaim.cleanup.retention-interval:1h}")
  void tick() {
    try {
      retention.purgeAll(clock.instant());
    } catch (RuntimeException e) {
      log.error("cleanup-log retention tick failed", e);
    }
  }
}
