package app.reclaim.schedules;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Schedule firing: whether this instance looks for due schedules, how often, and the missed-fire
 * grace (after downtime a schedule fires once for its latest missed time if that is at most this
 * old, else the missed times are skipped and it waits for its next time).
 */
@ConfigurationProperties("reclaim.schedules")
public record SchedulesProperties(
    boolean schedulerEnabled, Duration schedulerInterval, Duration missedFireGrace) {

  public SchedulesProperties {
    schedulerInterval = schedulerInterval == null ? Duration.ofSeconds(30) : schedulerInterval;
    missedFireGrace = missedFireGrace == null ? Duration.ofHours(1) : missedFireGrace;
  }
}
