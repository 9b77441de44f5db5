package app.reclaim.cleanup;

import app.reclaim.rules.BlastRadius;
import java.time.Instant;
import java.util.UUID;

/**
 * One cleanup run as recorded in Cassandra: the rule (id, version, name, action) it used, its mode
 * and state, whether its items are all written ({@code planned}) and in how many buckets, and its
 * counts. {@code matched} and {@code affected} count users (affected: at least one change DONE);
 * the others count items (one per planned operation). A RESTORE run carries the rule of the run it
 * undoes and that run's id in {@code restoresRunId}. {@code itemsPurgedAt} says when the retention
 * job deleted the run's items (null while they are kept); the counts stay. {@code confirmCount} is
 * the number of acted-on users the starter confirmed when the blast-radius limits required it (null
 * otherwise); {@code blastRadius} what the plan of an EXECUTE run counted against the limits (null
 * before planning and for other modes).
 */
public record CleanupRun(
    String orgId,
    UUID id,
    String ruleId,
    int ruleVersion,
    String ruleName,
    String action,
    Mode mode,
    State state,
    boolean planned,
    int buckets,
    int items,
    Counts counts,
    boolean cancelRequested,
    String errorCode,
    String errorMessage,
    int attempts,
    String startedBy,
    Instant startedAt,
    Instant updatedAt,
    Instant finishedAt,
    UUID restoresRunId,
    Instant itemsPurgedAt,
    Integer confirmCount,
    BlastRadius blastRadius) {

  /** The error code of an EXECUTE run the blast-radius guard stopped after planning. */
  public static final String BLAST_RADIUS_EXCEEDED = "BLAST_RADIUS_EXCEEDED";

  /** Whether the blast-radius guard stopped this run after planning (nothing was acted on). */
  public boolean blocked() {
    return state == State.FAILED && BLAST_RADIUS_EXCEEDED.equals(errorCode);
  }

  /** Whether the retention job deleted this run's items. */
  public boolean itemsPurged() {
    return itemsPurgedAt != null;
  }

  /**
   * PREVIEW logs what would happen without any upstream call; EXECUTE acts; RESTORE undoes the DONE
   * changes of the run named by {@code restoresRunId} (its items are the operations undone).
   */
  public enum Mode {
    PREVIEW,
    EXECUTE,
    RESTORE
  }

  public enum State {
    RUNNING,
    COMPLETED,
    CANCELLED,
    FAILED
  }

  /** The run's counts; see {@link CleanupRun}. */
  public record Counts(
      int matched,
      int affected,
      int done,
      int failed,
      int skipped,
      int requiresIdpAction,
      int flagged,
      int previewed,
      int cancelled) {

    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Items in a final outcome. */
    public int finished() {
      return done + failed + skipped + requiresIdpAction + flagged + previewed + cancelled;
    }
  }

  public boolean restore() {
    return mode == Mode.RESTORE;
  }

  public boolean running() {
    return state == State.RUNNING;
  }

  CleanupRun withProgress(boolean planned, int buckets, int items, Counts counts) {
    return new CleanupRun(
        orgId,
        id,
        ruleId,
        ruleVersion,
        ruleName,
        action,
        mode,
        state,
        planned,
        buckets,
        items,
        counts,
        cancelRequested,
        errorCode,
        errorMessage,
        attempts,
        startedBy,
        startedAt,
        Instant.now(),
        finishedAt,
        restoresRunId,
        itemsPurgedAt,
        confirmCount,
        blastRadius);
  }

  CleanupRun finished(State end, Counts counts, String code, String message) {
    Instant now = Instant.now();
    return new CleanupRun(
        orgId,
        id,
        ruleId,
        ruleVersion,
        ruleName,
        action,
        mode,
        end,
        planned,
        buckets,
        items,
        counts,
        cancelRequested,
        code,
        message,
        attempts,
        startedBy,
        startedAt,
        now,
        now,
        restoresRunId,
        itemsPurgedAt,
        confirmCount,
        blastRadius);
  }

  CleanupRun withBlastRadius(BlastRadius measured) {
    return new CleanupRun(
        orgId,
        id,
        ruleId,
        ruleVersion,
        ruleName,
        action,
        mode,
        state,
        planned,
        buckets,
        items,
        counts,
        cancelRequested,
        errorCode,
        errorMessage,
        attempts,
        startedBy,
        startedAt,
        updatedAt,
        finishedAt,
        restoresRunId,
        itemsPurgedAt,
        confirmCount,
        measured);
  }

  CleanupRun resumed() {
    return new CleanupRun(
        orgId,
        id,
        ruleId,
        ruleVersion,
        ruleName,
        action,
        mode,
        state,
        planned,
        buckets,
        items,
        counts,
        cancelRequested,
        errorCode,
        errorMessage,
        attempts + 1,
        startedBy,
        startedAt,
        Instant.now(),
        finishedAt,
        restoresRunId,
        itemsPurgedAt,
        confirmCount,
        blastRadius);
  }
}
