package app.reclaim.organizations;

import java.time.Instant;
import java.util.Map;

/**
 * A move of an org's data from one residency region to another, as the platform drives it through
 * its migration hooks (schedule, start, status, commit, rollback). Kept in the control keyspace:
 * ids, regions, times, an error code and row counts per table, no end-user data.
 */
public record ResidencyMove(
    String orgId,
    String migrationId,
    String sourceRegion,
    String targetRegion,
    State state,
    Instant windowStart,
    Instant windowEnd,
    String errorCode,
    String errorMessage,
    Map<String, Long> copied,
    Instant scheduledAt,
    Instant startedAt,
    Instant readyAt,
    Instant finishedAt,
    Instant updatedAt) {

  public enum State {
    /** Recorded by the schedule hook; nothing frozen or copied yet. */
    SCHEDULED,
    /** Started: the org is frozen (read-only) and its partitions are being copied. */
    COPYING,
    /** Every partition copied and the counts per table verified; waiting for commit. */
    READY,
    /** The copy or its verification failed; the source is still authoritative. */
    FAILED,
    /** The registry points at the target; the source's rows are being deleted. */
    COMMITTING,
    /** Done: the data lives only in the target region. */
    COMMITTED,
    /** Being undone: the target's rows are being deleted. */
    ROLLING_BACK,
    /** Undone: the data lives only in the source region, which never stopped being served. */
    ROLLED_BACK;

    public boolean finished() {
      return this == COMMITTED || this == ROLLED_BACK;
    }

    /** Whether the org refuses writes in this state. */
    public boolean freezes() {
      return this != SCHEDULED && !finished();
    }
  }

  /** Whether the org refuses writes because of this move. */
  public boolean writesBlocked() {
    return state.freezes();
  }
}
