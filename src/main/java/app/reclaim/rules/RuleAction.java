package app.reclaim.rules;

/** What a rule does to the users it matches; {@code groupId} only with REMOVE_FROM_GROUP. */
public record RuleAction(Type type, String groupId) {

  public enum Type {
    /** Leave the local groups that grant the scoped products. */
    REMOVE_PRODUCT_ACCESS,
    /** Suspend the user's directory access, org-wide. */
    SUSPEND,
    /** Leave one group. */
    REMOVE_FROM_GROUP,
    /** No change: list the user for an admin to review. */
    FLAG_FOR_REVIEW
  }
}
