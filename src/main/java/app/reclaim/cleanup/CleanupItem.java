package app.reclaim.cleanup;

import app.reclaim.rules.PlannedOperation;
import java.time.Instant;

/**
 * One planned operation of one user in a run's log, at position {@code seq} (plan order): what was
 * planned (kind, product, group) and how it ended. {@code reason} is a stable code (why SKIPPED or
 * FAILED, or {@code IDP_SYNCED_GROUP}); {@code upstreamStatus} and {@code message} are the admin
 * API's answer to a FAILED call. {@code frees} (acting items only) names the products whose seat
 * the user's plan frees once this item, and the user's other items naming the product, are DONE.
 * {@code directories} (acting items) names the directories whose upstream call succeeded: a user in
 * several directories is suspended in each, and a restore undoes exactly those.
 */
public record CleanupItem(
    int seq,
    String accountId,
    PlannedOperation.Kind kind,
    String product,
    String groupId,
    String groupName,
    Outcome outcome,
    String reason,
    Integer upstreamStatus,
    String message,
    int attempts,
    Instant updatedAt,
    java.util.Set<String> frees,
    java.util.List<String> directories) {

  public CleanupItem {
    frees = frees == null ? java.util.Set.of() : java.util.Set.copyOf(frees);
    directories = directories == null ? java.util.List.of() : java.util.List.copyOf(directories);
  }

  public enum Outcome {
    /** Written, not yet attempted. */
    PENDING,
    /**
     * The upstream call may have been made; its outcome is not recorded (checked upstream on
     * resume).
     */
    IN_FLIGHT,
    /** The change was made upstream (or found made when an IN_FLIGHT item was checked). */
    DONE,
    /** The admin API refused the change or stayed unavailable; see reason, status and message. */
    FAILED,
    /** Nothing to do; see reason. */
    SKIPPED,
    /** Only the identity provider can make this change; the group is named. */
    REQUIRES_IDP_ACTION,
    /** FLAG_FOR_REVIEW: listed for an admin, nothing changed. */
    FLAGGED,
    /** PREVIEW mode: would be done. */
    PLANNED,
    /** The run was cancelled before this item was attempted. */
    CANCELLED;

    public boolean isFinal() {
      return this != PENDING && this != IN_FLIGHT;
    }
  }

  /** Reason codes, stable for programs (the planner's skip reasons pass through unchanged). */
  public static final String USER_NOT_FOUND = "USER_NOT_FOUND";

  public static final String NO_LONGER_MATCHES = "NO_LONGER_MATCHES";
  public static final String UPSTREAM_REJECTED = "UPSTREAM_REJECTED";
  public static final String UPSTREAM_UNAVAILABLE = "UPSTREAM_UNAVAILABLE";
  public static final String THROTTLED = "THROTTLED";
  public static final String BREAKER_OPEN = "BREAKER_OPEN";
  public static final String VERIFIED_UPSTREAM = "VERIFIED_UPSTREAM";

  /** The user is in no directory upstream any more: there is nothing to suspend or restore. */
  public static final String NOT_IN_DIRECTORY = "NOT_IN_DIRECTORY";

  /**
   * The account is protected now (org admin, or an account or group member the settings protect): a
   * restore does not change it back, and a run does not act on it; the message names the protection
   * ({@code ORG_ADMIN}, {@code PROTECTED_ACCOUNT}, {@code PROTECTED_GROUP}, {@code APP_ACCOUNT}).
   */
  public static final String PROTECTED = "PROTECTED";

  /** In a RESTORE run: the restored run did not make this change, so there is nothing to undo. */
  public static final String NOT_DONE = "NOT_DONE";

  /** Whether this item changes something upstream (SUSPEND, LEAVE_GROUP). */
  public boolean acts() {
    return kind == PlannedOperation.Kind.SUSPEND || kind == PlannedOperation.Kind.LEAVE_GROUP;
  }

  CleanupItem ended(Outcome end, String why, Integer status, String text) {
    return new CleanupItem(
        seq,
        accountId,
        kind,
        product,
        groupId,
        groupName,
        end,
        why,
        status,
        text,
        attempts,
        Instant.now(),
        frees,
        directories);
  }

  CleanupItem withDirectories(java.util.List<String> calledIn) {
    return new CleanupItem(
        seq,
        accountId,
        kind,
        product,
        groupId,
        groupName,
        outcome,
        reason,
        upstreamStatus,
        message,
        attempts,
        updatedAt,
        frees,
        calledIn);
  }

  CleanupItem inFlight() {
    return new CleanupItem(
        seq,
        accountId,
        kind,
        product,
        groupId,
        groupName,
        Outcome.IN_FLIGHT,
        null,
        null,
        null,
        attempts + 1,
        Instant.now(),
        frees,
        directories);
  }
}
