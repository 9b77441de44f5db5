package app.reclaim.notifications;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How often an instance reads an org's latest runs and sync jobs for its {@code organizationEvents}
 * subscribers (one reader per org per instance, whatever the number of subscribers), how many of
 * each it reads, and how often it checks the org's credentials expiry.
 */
@ConfigurationProperties("reclaim.notifications")
public record NotificationsProperties(
    Duration pollInterval, int recentRuns, int recentSyncs, Duration credentialsCheckInterval) {

  public NotificationsProperties {
    pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("reclaim.notifications.poll-interval must be positive");
    }
    recentRuns = recentRuns <= 0 ? 20 : recentRuns;
    recentSyncs = recentSyncs <= 0 ? 5 : recentSyncs;
    credentialsCheckInterval =
        credentialsCheckInterval == null ? Duration.ofMinutes(1) : credentialsCheckInterval;
  }
}
