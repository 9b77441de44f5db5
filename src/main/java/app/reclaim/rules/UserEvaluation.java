package app.reclaim.rules;

import app.reclaim.directory.DirectoryUser;
import java.util.List;
import java.util.Set;

/**
 * A rule's verdict on one user: the outcome; the reasons (the leaf conditions that held, or the
 * protection or exclusion that stopped a match); the planned operations (matched users only); and
 * the products whose seat the plan frees (every granting path removed, or suspended).
 */
public record UserEvaluation(
    DirectoryUser user,
    Outcome outcome,
    List<Reason> reasons,
    List<PlannedOperation> operations,
    Set<String> seatsFreed) {

  public enum Outcome {
    /** The conditions hold and nothing protects the user: the operations would run. */
    MATCHED,
    /** The conditions do not hold. */
    NOT_MATCHED,
    /**
     * The conditions hold but {@link Protections} keep the user out: an org admin, an account or a
     * member of a group the settings protect, or an app account the rule did not opt in.
     */
    PROTECTED,
    /**
     * The conditions hold but the rule's exclusions name the user, a group of theirs, or their
     * domain.
     */
    EXCLUDED
  }

  /**
   * Why: a stable code and a detail for people, e.g. {@code INACTIVE_IN_PRODUCT}, {@code confluence
   * ≥ 90 days}.
   */
  public record Reason(String code, String detail) {}

  public boolean matched() {
    return outcome == Outcome.MATCHED;
  }

  /**
   * Whether an EXECUTE run would change something upstream for this user: matched, with at least
   * one suspension or group removal planned (what the blast-radius guard counts).
   */
  public boolean acts() {
    if (outcome != Outcome.MATCHED) {
      return false;
    }
    for (PlannedOperation o : operations) {
      if (o.kind() == PlannedOperation.Kind.SUSPEND
          || o.kind() == PlannedOperation.Kind.LEAVE_GROUP) {
        return true;
      }
    }
    return false;
  }

  /** Whether some planned operation needs the identity provider. */
  public boolean requiresIdpAction() {
    return operations.stream().anyMatch(o -> o.kind() == PlannedOperation.Kind.REQUIRES_IDP_ACTION);
  }
}
