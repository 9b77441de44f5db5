package app.reclaim.reports;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every {@code reclaim.reports.scheduler-interval}: takes today's dashboard snapshot of the orgs
 * that have none yet ({@link DashboardSnapshots}); each org's lease makes one instance take it.
 */
@Component
@ConditionalOnBooleanProperty(name = "reclaim.reports.scheduler-enabled", matchIfMissing = true)
class DashboardScheduler {

  private static final Logger log = LoggerFactory.getLogger(DashboardScheduler.class);

  private final DashboardSnapshots snapshots;
  private final Clock clock;

  DashboardScheduler(DashboardSnapshots snapshots, Clock clock) {
    this.snapshots = snapshots;
    this.clock = clock;
  }

  @Scheduled(
      initialDelayString = "${reclaim.reports.scheduler-interval:15m}",
      fixedDelayString = "${reclaim.reports.scheduler-interval:15m}")
  void tick() {
    try {
      snapshots.takeDue(clock.instant());
    } catch (RuntimeException e) {
      log.error("dashboard snapshot tick failed", e);
    }
  }
}
