package app.reclaim.sync;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One directory sync of an org as recorded in Cassandra: where it is (phase and the cursor of the
 * next upstream page), what it has done, and how it ended. {@code usersBefore}: whether the org had
 * any user row when the job was about to write its first users (null until then): without any, no
 * row can carry an older generation, and the cleanup has nothing to look for.
 */
public record SyncJob(
    String orgId,
    UUID id,
    Kind kind,
    State state,
    Phase phase,
    long generation,
    String cursor,
    Map<String, String> resourceProducts,
    int directoryCount,
    int usersSynced,
    int groupsSynced,
    int pagesRead,
    int usersRemoved,
    int groupsRemoved,
    String errorCode,
    String errorMessage,
    boolean breakerOpen,
    int attempts,
    Instant startedAt,
    Instant updatedAt,
    Instant finishedAt,
    Boolean usersBefore) {

  /** FULL re-reads everything (with role assignments) and removes what is gone upstream. */
  public enum Kind {
    FULL,
    INCREMENTAL
  }

  public enum State {
    RUNNING,
    COMPLETED,
    FAILED
  }

  /** The phases in order; a resumed job continues in its phase from its cursor. */
  public enum Phase {
    PROFILE,
    GROUPS,
    USERS,
    CLEANUP,
    DONE
  }

  public SyncJob {
    resourceProducts = resourceProducts == null ? Map.of() : Map.copyOf(resourceProducts);
  }

  boolean finished() {
    return state == State.COMPLETED;
  }

  SyncJob progress(Phase nextPhase, String nextCursor, int users, int groups, int pages) {
    return new SyncJob(
        orgId,
        id,
        kind,
        State.RUNNING,
        nextPhase,
        generation,
        nextCursor,
        resourceProducts,
        directoryCount,
        usersSynced + users,
        groupsSynced + groups,
        pagesRead + pages,
        usersRemoved,
        groupsRemoved,
        null,
        null,
        false,
        attempts,
        startedAt,
        Instant.now(),
        null,
        usersBefore);
  }

  /** The job, knowing whether the org had users before it wrote any (see {@link SyncJob}). */
  SyncJob withUsersBefore(boolean before) {
    return new SyncJob(
        orgId,
        id,
        kind,
        state,
        phase,
        generation,
        cursor,
        resourceProducts,
        directoryCount,
        usersSynced,
        groupsSynced,
        pagesRead,
        usersRemoved,
        groupsRemoved,
        errorCode,
        errorMessage,
        breakerOpen,
        attempts,
        startedAt,
        updatedAt,
        finishedAt,
        before);
  }

  SyncJob withProfile(int directories, Map<String, String> resources) {
    return new SyncJob(
        orgId,
        id,
        kind,
        state,
        Phase.GROUPS,
        generation,
        null,
        resources,
        directories,
        usersSynced,
        groupsSynced,
        pagesRead,
        usersRemoved,
        groupsRemoved,
        null,
        null,
        false,
        attempts,
        startedAt,
        Instant.now(),
        null,
        usersBefore);
  }

  SyncJob completed(int removedUsers, int removedGroups) {
    Instant now = Instant.now();
    return new SyncJob(
        orgId,
        id,
        kind,
        State.COMPLETED,
        Phase.DONE,
        generation,
        null,
        resourceProducts,
        directoryCount,
        usersSynced,
        groupsSynced,
        pagesRead,
        removedUsers,
        removedGroups,
        null,
        null,
        false,
        attempts,
        startedAt,
        now,
        now,
        usersBefore);
  }

  SyncJob failed(String code, String message, boolean breaker) {
    Instant now = Instant.now();
    return new SyncJob(
        orgId,
        id,
        kind,
        State.FAILED,
        phase,
        generation,
        cursor,
        resourceProducts,
        directoryCount,
        usersSynced,
        groupsSynced,
        pagesRead,
        usersRemoved,
        groupsRemoved,
        code,
        message,
        breaker,
        attempts,
        startedAt,
        now,
        now,
        usersBefore);
  }

  SyncJob resumed() {
    return new SyncJob(
        orgId,
        id,
        kind,
        State.RUNNING,
        phase,
        generation,
        cursor,
        resourceProducts,
        directoryCount,
        usersSynced,
        groupsSynced,
        pagesRead,
        usersRemoved,
        groupsRemoved,
        null,
        null,
        false,
        attempts + 1,
        startedAt,
        Instant.now(),
        null,
        usersBefore);
  }
}
