package app.reclaim.cleanup;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Cleanup run settings: how many items of one run are in flight at once (the client's per-org rate
 * limiter still paces the calls), how many runs one instance executes at once, the lease that makes
 * one instance own a run, how often the resumer looks for runs whose owner died, and how often one
 * item's call is tried (and the pause between tries) before it is FAILED as unavailable upstream;
 * and how often the retention job purges the cleanup-log items past each org's retention.
 */
@ConfigurationProperties("reclaim.cleanup")
public record CleanupProperties(
    int concurrency,
    int maxConcurrentRuns,
    Duration leaseTtl,
    boolean schedulerEnabled,
    Duration schedulerInterval,
    int itemAttempts,
    Duration retryBackoff,
    boolean retentionEnabled,
    Duration retentionInterval) {

  public CleanupProperties {
    concurrency = concurrency <= 0 ? 4 : Math.min(concurrency, 64);
    maxConcurrentRuns = maxConcurrentRuns <= 0 ? 2 : maxConcurrentRuns;
    leaseTtl = leaseTtl == null ? Duration.ofMinutes(2) : leaseTtl;
    schedulerInterval = schedulerInterval == null ? Duration.ofMinutes(1) : schedulerInterval;
    itemAttempts = itemAttempts <= 0 ? 4 : itemAttempts;
    retryBackoff = retryBackoff == null ? Duration.ofSeconds(2) : retryBackoff;
    retentionInterval = retentionInterval == null ? Duration.ofHours(1) : retentionInterval;
  }
}
