package app.reclaim.cleanup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every {@code reclaim.cleanup.scheduler-interval}: resumes the runs whose owner died (their lease
 * expired), here or on another instance; the rule's lease makes sure only one instance takes each.
 */
@Component
@ConditionalOnBooleanProperty(name = "reclaim.cleanup.scheduler-enabled", matchIfMissing = true)
class CleanupScheduler {

  private static final Logger log = LoggerFactory.getLogger(CleanupScheduler.class);
  private final CleanupService cleanup;

  CleanupScheduler(CleanupService cleanup) {
    this.cleanup = cleanup;
  }

  @Scheduled(
      initialDelayString = "${reclaim.cleanup.scheduler-interval:1m}",
      fixedDelayString = "${reclaim.cleanup.scheduler-interval:1m}")
  void tick() {
    try {
      cleanup.resumeInterrupted();
    } catch (RuntimeException e) {
      log.error("cleanup resumer tick failed", e);
    }
  }
}
