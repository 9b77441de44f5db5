package app.reclaim.cleanup;

import app.reclaim.directory.DirectorySnapshot;
import app.reclaim.directory.DirectoryUser;
import app.reclaim.directory.UserStatus;
import app.reclaim.rules.PlannedOperation;
import app.reclaim.rules.Protections;
import app.reclaim.rules.RuleDefinition;
import app.reclaim.rules.RuleEvaluator;
import app.reclaim.rules.UserEvaluation;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The check made just before acting: against the current directory mirror (a snapshot taken as the
 * user's items are dispatched), does the operation still apply, and does the rule still plan it?
 * {@code rule} is null when the rule changed version since the run started (then only the operation
 * and the protections are checked). The protections are the settings' as the user's items are
 * dispatched: an account protected while the run goes on is not acted on.
 */
final class Recheck {

  private final RuleDefinition rule;
  private final Protections protections;
  private final DirectorySnapshot snapshot;
  private final Map<String, DirectoryUser> users = new HashMap<>();
  private final Instant now;

  Recheck(RuleDefinition rule, Protections protections, DirectorySnapshot snapshot, Instant now) {
    this.rule = rule;
    this.protections = protections;
    this.snapshot = snapshot;
    this.now = now;
    snapshot.users().forEach(u -> users.put(u.accountId(), u));
  }

  DirectoryUser user(String accountId) {
    return users.get(accountId);
  }

  /**
   * Why none of a user's acting items should run any more (the rule no longer matches them or no
   * longer plans these operations), or null. Only asked for users this run has not changed yet: a
   * user's own earlier changes must not make the rest of their plan look stale.
   */
  String ruleReason(String accountId, List<CleanupItem> items) {
    DirectoryUser u = users.get(accountId);
    if (u == null) {
      return CleanupItem.USER_NOT_FOUND;
    }
    if (rule == null) {
      // The plan's app opt-in stands: it came from the rule version the run recorded.
      return protections.reason(u, true) == null ? null : CleanupItem.PROTECTED;
    }
    UserEvaluation e = RuleEvaluator.evaluate(rule, u, snapshot, now, protections);
    if (e.outcome() == UserEvaluation.Outcome.PROTECTED) {
      return CleanupItem.PROTECTED;
    }
    if (!e.matched()) {
      return CleanupItem.NO_LONGER_MATCHES;
    }
    for (CleanupItem item : items) {
      if (item.acts()
          && e.operations().stream()
              .noneMatch(
                  o -> o.kind() == item.kind() && Objects.equals(o.groupId(), item.groupId()))) {
        return CleanupItem.NO_LONGER_MATCHES;
      }
    }
    return null;
  }

  /** Why this one operation has nothing to do in the current directory, or null. */
  String operationReason(CleanupItem item) {
    DirectoryUser u = users.get(item.accountId());
    if (u == null) {
      return CleanupItem.USER_NOT_FOUND;
    }
    if (item.kind() == PlannedOperation.Kind.SUSPEND) {
      if (u.status() == UserStatus.SUSPENDED) {
        return PlannedOperation.ALREADY_SUSPENDED;
      }
      return u.status() == UserStatus.ACTIVE ? null : PlannedOperation.NOT_ACTIVE;
    }
    return u.groupIds().contains(item.groupId()) ? null : PlannedOperation.NOT_A_MEMBER;
  }
}
