package app.reclaim.schedules;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every {@code reclaim.schedules.scheduler-interval}: fires the due schedules ({@link
 * ScheduleFirer}).
 */
@Component
@ConditionalOnBooleanProperty(name = "reclaim.schedules.scheduler-enabled", matchIfMissing = true)
class SchedulesScheduler {

  private static final Logger log = LoggerFactory.getLogger(SchedulesScheduler.class);

  private final ScheduleFirer firer;
  private final Clock clock;

  SchedulesScheduler(ScheduleFirer firer, Clock clock) {
    this.firer = firer;
    this.clock = clock;
  }

  @Scheduled(
      initialDelayString = "${reclaim.schedules.scheduler-interval:30s}",
      fixedDelayString = "${reclaim.schedules.scheduler-interval:30s}")
  void tick() {
    try {
      firer.tick(clock.instant());
    } catch (RuntimeException e) {
      log.error("schedules tick failed", e);
    }
  }
}
