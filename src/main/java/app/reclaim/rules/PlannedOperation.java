package app.reclaim.rules;

/**
 * One thing a rule would do to one user. {@code product} is set for product-access operations,
 * {@code groupId}/{@code groupName} for group operations (for REQUIRES_IDP_ACTION: the IdP-synced
 * group the identity provider must change), {@code reason} says why for SKIP and
 * REQUIRES_IDP_ACTION.
 */
public record PlannedOperation(
    Kind kind, String product, String groupId, String groupName, String reason) {

  public enum Kind {
    /** Remove the user from a group Reclaim can change in Atlassian. */
    LEAVE_GROUP,
    /** Suspend the user's directory access (org-wide). */
    SUSPEND,
    /** No change: list the user for review. */
    FLAG_FOR_REVIEW,
    /** Only the identity provider can make this change: the group is IdP-synced. */
    REQUIRES_IDP_ACTION,
    /** Nothing to do, with the reason (e.g. ALREADY_SUSPENDED). */
    SKIP
  }

  /** Skip reasons and IdP-action reasons, stable for programs. */
  public static final String ALREADY_SUSPENDED = "ALREADY_SUSPENDED";

  public static final String NOT_ACTIVE = "NOT_ACTIVE";
  public static final String NO_SCOPED_ACCESS = "NO_SCOPED_ACCESS";
  public static final String ACCESS_NOT_VIA_GROUP = "ACCESS_NOT_VIA_GROUP";
  public static final String NOT_A_MEMBER = "NOT_A_MEMBER";
  public static final String IDP_SYNCED_GROUP = "IDP_SYNCED_GROUP";

  static PlannedOperation leave(String product, String groupId, String groupName) {
    return new PlannedOperation(Kind.LEAVE_GROUP, product, groupId, groupName, null);
  }

  static PlannedOperation idp(String product, String groupId, String groupName) {
    return new PlannedOperation(
        Kind.REQUIRES_IDP_ACTION, product, groupId, groupName, IDP_SYNCED_GROUP);
  }

  static PlannedOperation skip(String product, String reason) {
    return new PlannedOperation(Kind.SKIP, product, null, null, reason);
  }
}
