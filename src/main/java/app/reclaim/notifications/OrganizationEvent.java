package app.reclaim.notifications;

import app.reclaim.cleanup.CleanupRun;
import app.reclaim.organizations.CredentialsStatus;
import app.reclaim.sync.SyncJob;
import java.time.Instant;

/**
 * One event of an organization: {@code run} is set on RUN_STARTED, RUN_FINISHED and RUN_BLOCKED
 * (its {@code blastRadius} has the counts), {@code sync} on SYNC_FINISHED, {@code credentials} on
 * CREDENTIALS_EXPIRING.
 */
public record OrganizationEvent(
    Type type, Instant at, CleanupRun run, SyncJob sync, CredentialsStatus credentials) {

  public enum Type {
    RUN_STARTED,
    RUN_FINISHED,
    /**
     * An EXECUTE run was stopped after planning by the blast-radius guard; nothing was acted on.
     */
    RUN_BLOCKED,
    SYNC_FINISHED,
    CREDENTIALS_EXPIRING
  }

  static OrganizationEvent runStarted(CleanupRun run) {
    return new OrganizationEvent(Type.RUN_STARTED, run.startedAt(), run, null, null);
  }

  static OrganizationEvent runFinished(CleanupRun run) {
    Instant at = run.finishedAt() != null ? run.finishedAt() : run.updatedAt();
    return new OrganizationEvent(Type.RUN_FINISHED, at, run, null, null);
  }

  static OrganizationEvent runBlocked(CleanupRun run) {
    Instant at = run.finishedAt() != null ? run.finishedAt() : run.updatedAt();
    return new OrganizationEvent(Type.RUN_BLOCKED, at, run, null, null);
  }

  static OrganizationEvent syncFinished(SyncJob job) {
    Instant at = job.finishedAt() != null ? job.finishedAt() : job.updatedAt();
    return new OrganizationEvent(Type.SYNC_FINISHED, at, null, job, null);
  }

  static OrganizationEvent credentialsExpiring(CredentialsStatus status, Instant now) {
    return new OrganizationEvent(Type.CREDENTIALS_EXPIRING, now, null, null, status);
  }
}
