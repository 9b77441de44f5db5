package app.reclaim.sync;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Directory sync settings: the daily full sync time (in {@code zone}), upstream page size, the
 * lease that makes one instance own an org's sync, how many orgs sync at once, how often the
 * scheduler looks for due or interrupted syncs, and how many users are read before they are written
 * together.
 */
@ConfigurationProperties("reclaim.sync")
public record SyncProperties(
    boolean schedulerEnabled,
    LocalTime dailyAt,
    ZoneId zone,
    int pageSize,
    Duration leaseTtl,
    int maxConcurrentOrgs,
    Duration schedulerInterval,
    int writeBatchUsers) {

  public SyncProperties {
    dailyAt = dailyAt == null ? LocalTime.of(3, 0) : dailyAt;
    zone = zone == null ? ZoneId.of("UTC") : zone;
    pageSize = pageSize <= 0 ? 100 : Math.min(pageSize, 100);
    leaseTtl = leaseTtl == null ? Duration.ofMinutes(2) : leaseTtl;
    maxConcurrentOrgs = maxConcurrentOrgs <= 0 ? 2 : maxConcurrentOrgs;
    schedulerInterval = schedulerInterval == null ? Duration.ofMinutes(1) : schedulerInterval;
    writeBatchUsers = writeBatchUsers <= 0 ? 3200 : writeBatchUsers;
  }
}
