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
    Edit e = edit().running();
    e.phase = nextPhase;
    e.cursor = nextCursor;
    e.usersSynced += users;
    e.groupsSynced += groups;
    e.pagesRead += pages;
    return e.build();
  }

  /** The job, knowing whether the org had users before it wrote any (see {@link SyncJob}). */
  SyncJob withUsersBefore(boolean before) {
    Edit e = edit();
    e.usersBefore = before;
    e.updatedAt = updatedAt;
    e.finishedAt = finishedAt;
    return e.build();
  }

  SyncJob withProfile(int directories, Map<String, String> resources) {
    Edit e = edit().clearedError();
    e.phase = Phase.GROUPS;
    e.cursor = null;
    e.resourceProducts = resources;
    e.directoryCount = directories;
    return e.build();
  }

  SyncJob completed(int removedUsers, int removedGroups) {
    Edit e = edit().clearedError();
    e.state = State.COMPLETED;
    e.phase = Phase.DONE;
    e.cursor = null;
    e.usersRemoved = removedUsers;
    e.groupsRemoved = removedGroups;
    e.finishedAt = e.updatedAt;
    return e.build();
  }

  SyncJob failed(String code, String message, boolean breaker) {
    Edit e = edit();
    e.state = State.FAILED;
    e.errorCode = code;
    e.errorMessage = message;
    e.breakerOpen = breaker;
    e.finishedAt = e.updatedAt;
    return e.build();
  }

  SyncJob resumed() {
    Edit e = edit().running();
    e.attempts++;
    return e.build();
  }

  /**
   * A copy of this job to change a few fields of, instead of the 22-argument constructor in every
   * transition: {@code updatedAt} is now and {@code finishedAt} null unless set.
   */
  private Edit edit() {
    return new Edit(this);
  }

  private static final class Edit {
    private final SyncJob from;
    State state;
    Phase phase;
    String cursor;
    Map<String, String> resourceProducts;
    int directoryCount;
    int usersSynced;
    int groupsSynced;
    int pagesRead;
    int usersRemoved;
    int groupsRemoved;
    String errorCode;
    String errorMessage;
    boolean breakerOpen;
    int attempts;
    Instant updatedAt = Instant.now();
    Instant finishedAt;
    Boolean usersBefore;

    Edit(SyncJob from) {
      this.from = from;
      state = from.state;
      phase = from.phase;
      cursor = from.cursor;
      resourceProducts = from.resourceProducts;
      directoryCount = from.directoryCount;
      usersSynced = from.usersSynced;
      groupsSynced = from.groupsSynced;
      pagesRead = from.pagesRead;
      usersRemoved = from.usersRemoved;
      groupsRemoved = from.groupsRemoved;
      errorCode = from.errorCode;
      errorMessage = from.errorMessage;
      breakerOpen = from.breakerOpen;
      attempts = from.attempts;
      usersBefore = from.usersBefore;
    }

    /** Running again, without the error of an earlier attempt. */
    Edit running() {
      state = State.RUNNING;
      return clearedError();
    }

    Edit clearedError() {
      errorCode = null;
      errorMessage = null;
      breakerOpen = false;
      return this;
    }

    SyncJob build() {
      return new SyncJob(
          from.orgId,
          from.id,
          from.kind,
          state,
          phase,
          from.generation,
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
          from.startedAt,
          updatedAt,
          finishedAt,
          usersBefore);
    }
  }
}
