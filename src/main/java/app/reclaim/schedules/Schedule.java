package app.reclaim.schedules;

import app.reclaim.cleanup.CleanupRun;
import java.time.Instant;
import java.util.UUID;

/**
 * One schedule of an org. {@code nextFireAt} is kept while paused (it is the fire's compare-and-set
 * value) but not shown: a paused schedule has no next fire, and resuming computes a fresh one.
 */
public record Schedule(
    String orgId,
    UUID id,
    String name,
    String cron,
    String timeZone,
    String ruleId,
    CleanupRun.Mode mode,
    boolean enabled,
    int version,
    Instant nextFireAt,
    UUID lastRunId,
    Instant lastRunAt,
    String lastError,
    Instant createdAt,
    Instant updatedAt,
    String updatedBy) {

  /** The next fire time as clients see it: null while paused. */
  public Instant visibleNextFireAt() {
    return enabled ? nextFireAt : null;
  }
}
