package app.reclaim.simulator;

import java.time.Instant;

/**
 * A write the simulator received and answered (requests stopped by an injected fault never reach
 * it): {@code action} is suspend, restore, remove-from-directory, add-member or remove-member;
 * {@code directoryId} the path's directory as sent ({@code -} included, which is refused); {@code
 * groupId} is null for user actions; {@code status} the HTTP status answered.
 */
public record SimulatedAction(
    Instant time,
    String action,
    String directoryId,
    String accountId,
    String groupId,
    Outcome outcome,
    int status) {

  public enum Outcome {
    /** The state changed. */
    DONE,
    /** Nothing to change (already suspended, already a member, not a member): 204 all the same. */
    UNCHANGED,
    /** Refused as Atlassian refuses it: IdP-synced group or user, product capacity reached. */
    REFUSED,
    /** No such user, group or directory (or the user is in no directory). */
    NOT_FOUND,
    /**
     * The request broke the documented contract (directory {@code -} on a write, a body the
     * endpoint does not take): 400, nothing changed.
     */
    REJECTED
  }
}
