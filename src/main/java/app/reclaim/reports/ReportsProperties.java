package app.reclaim.reports;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Dashboard settings: whether this instance takes the daily snapshots and how often it looks for
 * orgs without today's (UTC) snapshot, the lease that makes one instance take each, the longest
 * {@code dashboardHistory} range, and the dashboard's bounds: months of savings, latest runs
 * listed, cleanup runs read at most for them, and upcoming schedules evaluated.
 */
@ConfigurationProperties("reclaim.reports")
public record ReportsProperties(
    boolean schedulerEnabled,
    Duration schedulerInterval,
    Duration leaseTtl,
    int historyMaxDays,
    int months,
    int recentRuns,
    int maxRunsRead,
    int upcomingRuns) {

  public ReportsProperties {
    schedulerInterval = schedulerInterval == null ? Duration.ofMinutes(15) : schedulerInterval;
    leaseTtl = leaseTtl == null ? Duration.ofMinutes(2) : leaseTtl;
    historyMaxDays = historyMaxDays == 0 ? 366 : historyMaxDays;
    months = months == 0 ? 12 : months;
    recentRuns = recentRuns == 0 ? 10 : recentRuns;
    maxRunsRead = maxRunsRead == 0 ? 10_000 : maxRunsRead;
    upcomingRuns = upcomingRuns == 0 ? 10 : upcomingRuns;
    require("history-max-days", historyMaxDays, 1, 3660);
    require("months", months, 1, 120);
    require("recent-runs", recentRuns, 1, 100);
    require("max-runs-read", maxRunsRead, 100, 1_000_000);
    require("upcoming-runs", upcomingRuns, 1, 100);
    if (schedulerInterval.isNegative() || schedulerInterval.isZero()) {
      throw new IllegalArgumentException("reclaim.reports.scheduler-interval must be positive");
    }
  }

  private static void require(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "reclaim.reports." + key + " must be " + min + " to " + max + " (was " + value + ")");
    }
  }
}
