package app.reclaim.cleanup;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Cleanup run settings: how many items of one run are in flight at once (the client's per-org rate
 * limiter still paces the calls), how many runs one instance executes at once, the lease that makes
 * one instance own a run, how often the resumer looks for runs whose owner died, and how often one
 * item's call is tried (and the pause between tries) before it is FAILED as unavailable upstream;
 * how an item waits out the client's open circuit breaker (it polls every {@code breakerWait}, for
 * at most {@code breakerPatience}, without spending its tries: the breaker fails calls at once for
 * its {@code wait-in-open}, which a few quick tries would never outlast); and how often the
 * retention job purges the cleanup-log items past each org's retention.
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
    Duration breakerWait,
    Duration breakerPatience,
    boolean retentionEnabled,
    Duration retentionInterval) {

  public CleanupProperties {
    concurrency = concurrency <= 0 ? 4 : Math.min(concurrency, 64);
    maxConcurrentRuns = maxConcurrentRuns <= 0 ? 2 : maxConcurrentRuns;
    leaseTtl = leaseTtl == null ? Duration.ofMinutes(2) : leaseTtl;
    schedulerInterval = schedulerInterval == null ? Duration.ofMinutes(1) : schedulerInterval;
    itemAttempts = itemAttempts <= 0 ? 4 : itemAttempts;
    retryBackoff = retryBackoff == null ? Duration.ofSeconds(2) : retryBackoff;
    breakerWait = breakerWait == null ? Duration.ofSeconds(5) : breakerWait;
    breakerPatience = breakerPatience == null ? Duration.ofMinutes(2) : breakerPatience;
    retentionInterval = retentionInterval == null ? Duration.ofHours(1) : retentionInterval;
  }

  /** The open-breaker polls one item may make before it is FAILED (BREAKER_OPEN). */
  int breakerWaits() {
    return (int) Math.max(0, breakerPatience.toMillis() / Math.max(1, breakerWait.toMillis()));
  }
}
