package app.reclaim.rules;

import app.reclaim.directory.DirectoryGroup;
import app.reclaim.directory.DirectorySnapshot;
import app.reclaim.directory.DirectoryUser;
import app.reclaim.directory.UserStatus;
import app.reclaim.rules.PlannedOperation.Kind;
import app.reclaim.rules.UserEvaluation.Outcome;
import app.reclaim.rules.UserEvaluation.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Pure evaluation of a rule over a directory snapshot at an instant: no I/O, no clock, same input
 * same output. Preview and (later) execution both call it, so they agree on who is acted on and
 * how.
 *
 * <p>Semantics: "inactive N days" counts never active as inactive, and holds when the last activity
 * is at least N days before {@code now}; "in any product" looks at the products the user has access
 * to; "in all products" at the latest activity anywhere. {@code unmanaged: true} holds for accounts
 * whose domain the org has not verified. Conditions are checked first, then {@link Protections}
 * (org admins, the settings' protected accounts and groups, app accounts unless {@code
 * includeApps}), then the rule's exclusions. Every entry point requires the protections: no caller
 * can evaluate a rule without them.
 */
public final class RuleEvaluator {

  private RuleEvaluator() {}

  /** Every user of the snapshot, in snapshot order. */
  public static List<UserEvaluation> evaluate(
      RuleDefinition rule, DirectorySnapshot snapshot, Instant now, Protections protections) {
    List<UserEvaluation> out = new ArrayList<>(snapshot.users().size());
    snapshot.users().forEach(u -> out.add(evaluate(rule, u, snapshot, now, protections)));
    return out;
  }

  /** One user of the snapshot. */
  public static UserEvaluation evaluate(
      RuleDefinition rule,
      DirectoryUser user,
      DirectorySnapshot snapshot,
      Instant now,
      Protections protections) {
    return evaluate(rule, user, snapshot, now, protections, true);
  }

  /**
   * One user, with the reasons of a match ({@code reasons} true) or without them: the same outcome,
   * operations and freed seats, and no reason texts built. A preview tallies every user of an org
   * but shows the reasons of one page only.
   */
  static UserEvaluation evaluate(
      RuleDefinition rule,
      DirectoryUser user,
      DirectorySnapshot snapshot,
      Instant now,
      Protections protections,
      boolean reasons) {
    java.util.Objects.requireNonNull(protections, "protections");
    Paths paths = new Paths(user, snapshot);
    List<Reason> held = reasons ? new ArrayList<>() : null;
    UserEvaluation stopped = check(rule, user, paths, snapshot, now, protections, held);
    if (stopped != null) {
      return stopped;
    }
    Set<String> freed = new TreeSet<>();
    List<PlannedOperation> ops = plan(rule, user, paths, snapshot, freed);
    return new UserEvaluation(
        user, Outcome.MATCHED, reasons ? List.copyOf(held) : List.of(), ops, Set.copyOf(freed));
  }

  /**
   * How many users of the snapshot each rule matches (outcome MATCHED), in the order of {@code
   * rules}: as {@link #evaluate} would count them, with each user's license paths worked out once
   * for all the rules and no operations planned.
   */
  public static int[] countMatches(
      List<RuleDefinition> rules,
      DirectorySnapshot snapshot,
      Instant now,
      Protections protections) {
    java.util.Objects.requireNonNull(protections, "protections");
    int[] counts = new int[rules.size()];
    List<Reason> scratch = new ArrayList<>();
    for (DirectoryUser user : snapshot.users()) {
      Paths paths = new Paths(user, snapshot);
      for (int r = 0; r < counts.length; r++) {
        scratch.clear();
        if (check(rules.get(r), user, paths, snapshot, now, protections, scratch) == null) {
          counts[r]++;
        }
      }
    }
    return counts;
  }

  /**
   * The verdict when the user is not matched (NOT_MATCHED, PROTECTED or EXCLUDED), or null when the
   * rule matches (its reasons added to {@code reasons}, unless null: then none are built).
   */
  private static UserEvaluation check(
      RuleDefinition rule,
      DirectoryUser user,
      Paths paths,
      DirectorySnapshot snapshot,
      Instant now,
      Protections protections,
      List<Reason> reasons) {
    if (!holds(rule.condition(), user, paths, snapshot, now, reasons)) {
      return new UserEvaluation(user, Outcome.NOT_MATCHED, List.of(), List.of(), Set.of());
    }
    Reason protectedBy = protections.reason(user, rule.includeApps());
    if (protectedBy != null) {
      return new UserEvaluation(user, Outcome.PROTECTED, List.of(protectedBy), List.of(), Set.of());
    }
    RuleExclusions ex = rule.exclusions();
    if (ex.accounts().contains(user.accountId())) {
      return stopped(user, Outcome.EXCLUDED, "EXCLUDED_ACCOUNT", user.accountId());
    }
    for (String g : ex.groups()) {
      if (user.groupIds().contains(g)) {
        return stopped(user, Outcome.EXCLUDED, "EXCLUDED_GROUP", g);
      }
    }
    if (!ex.domains().isEmpty()) {
      String domain = user.emailDomain();
      if (domain != null && lower(ex.domains()).contains(domain)) {
        return stopped(user, Outcome.EXCLUDED, "EXCLUDED_DOMAIN", domain);
      }
    }
    return null;
  }

  private static UserEvaluation stopped(
      DirectoryUser user, Outcome outcome, String code, String detail) {
    return new UserEvaluation(
        user, outcome, List.of(new Reason(code, detail)), List.of(), Set.of());
  }

  /**
   * The user's license paths, worked out on first use: most conditions never need them, and a user
   * the condition rules out is never planned for.
   */
  private static final class Paths {
    private final DirectoryUser user;
    private final DirectorySnapshot snapshot;
    private Map<String, List<DirectoryGroup>> value;

    Paths(DirectoryUser user, DirectorySnapshot snapshot) {
      this.user = user;
      this.snapshot = snapshot;
    }

    Map<String, List<DirectoryGroup>> get() {
      if (value == null) {
        value = snapshot.licensePaths(user);
      }
      return value;
    }

    /**
     * {@code get().get(product)} without working out the other products' paths (a removal of one
     * product's access, the usual rule, needs only that one): the groups granting it in name order,
     * empty when the user has access but not via a group, null when the user has no access.
     */
    List<DirectoryGroup> granting(String product) {
      if (value != null) {
        return value.get(product);
      }
      return snapshot.licensePath(user, product);
    }
  }

  // ---- planning ----------------------------------------------------------------------------

  private static List<PlannedOperation> plan(
      RuleDefinition rule,
      DirectoryUser user,
      Paths paths,
      DirectorySnapshot snapshot,
      Set<String> freed) {
    List<PlannedOperation> ops = new ArrayList<>();
    switch (rule.action().type()) {
      case FLAG_FOR_REVIEW ->
          ops.add(new PlannedOperation(Kind.FLAG_FOR_REVIEW, null, null, null, null));
      case SUSPEND -> {
        if (user.status() == UserStatus.SUSPENDED) {
          ops.add(PlannedOperation.skip(null, PlannedOperation.ALREADY_SUSPENDED));
        } else if (user.status() != UserStatus.ACTIVE) {
          ops.add(PlannedOperation.skip(null, PlannedOperation.NOT_ACTIVE));
        } else {
          // Suspension is not controlled by SCIM (ADMIN-API.md §2): IdP-synced users can be
          // suspended.
          ops.add(new PlannedOperation(Kind.SUSPEND, null, null, null, null));
          freed.addAll(paths.get().keySet());
        }
      }
      case REMOVE_PRODUCT_ACCESS -> {
        // In product order, each once (one product, the usual case, needs no sorted copy per user).
        Collection<String> scope =
            rule.scope().size() < 2 ? rule.scope() : new TreeSet<>(rule.scope());
        for (String product : scope) {
          List<DirectoryGroup> granting = paths.granting(product);
          if (granting == null) {
            continue;
          }
          if (granting.isEmpty()) {
            ops.add(PlannedOperation.skip(product, PlannedOperation.ACCESS_NOT_VIA_GROUP));
            continue;
          }
          boolean allChangeable = true;
          for (DirectoryGroup g : granting) {
            if (g.source().changeableInAtlassian()) {
              ops.add(PlannedOperation.leave(product, g.id(), g.name()));
            } else {
              ops.add(PlannedOperation.idp(product, g.id(), g.name()));
            }
            allChangeable &= g.source().changeableInAtlassian();
          }
          if (allChangeable) {
            freed.add(product);
          }
        }
        if (ops.isEmpty()) {
          ops.add(PlannedOperation.skip(null, PlannedOperation.NO_SCOPED_ACCESS));
        }
      }
      case REMOVE_FROM_GROUP -> {
        DirectoryGroup g = snapshot.groups().get(rule.action().groupId());
        if (g == null || !user.groupIds().contains(g.id())) {
          ops.add(PlannedOperation.skip(null, PlannedOperation.NOT_A_MEMBER));
        } else if (!g.source().changeableInAtlassian()) {
          ops.add(PlannedOperation.idp(null, g.id(), g.name()));
        } else {
          ops.add(PlannedOperation.leave(null, g.id(), g.name()));
          paths
              .get()
              .forEach(
                  (product, granting) -> {
                    if (granting.size() == 1 && granting.get(0).id().equals(g.id())) {
                      freed.add(product);
                    }
                  });
        }
      }
      default -> throw new IllegalStateException("unknown action " + rule.action().type());
    }
    return List.copyOf(ops);
  }

  // ---- conditions --------------------------------------------------------------------------

  private static boolean holds(
      ConditionNode n,
      DirectoryUser u,
      Paths paths,
      DirectorySnapshot snapshot,
      Instant now,
      List<Reason> reasons) {
    if (n.all() != null) {
      List<Reason> mine = reasons == null ? null : new ArrayList<>();
      for (ConditionNode child : n.all()) {
        if (!holds(child, u, paths, snapshot, now, mine)) {
          return false;
        }
      }
      if (reasons != null) {
        reasons.addAll(mine);
      }
      return true;
    }
    if (n.any() != null) {
      boolean any = false;
      for (ConditionNode child : n.any()) {
        any |= holds(child, u, paths, snapshot, now, reasons);
      }
      return any;
    }
    if (n.not() != null) {
      boolean held = !holds(n.not(), u, paths, snapshot, now, null);
      if (held && reasons != null) {
        reasons.add(new Reason("NOT", String.join(",", n.not().setFields())));
      }
      return held;
    }
    Reason r = leaf(n, u, paths, snapshot, now, reasons != null);
    if (r != null && reasons != null) {
      reasons.add(r);
    }
    return r != null;
  }

  /** Stands for every reason when the texts are not wanted. */
  private static final Reason HOLDS = new Reason("HOLDS", "");

  /** The reason when the leaf holds (HOLDS when {@code detail} is false), else null. */
  private static Reason reason(boolean detail, String code, Supplier<String> text) {
    return detail ? new Reason(code, text.get()) : HOLDS;
  }

  /** The reason when the leaf holds, else null; {@code detail} false: HOLDS, no text built. */
  private static Reason leaf(
      ConditionNode n,
      DirectoryUser u,
      Paths paths,
      DirectorySnapshot snapshot,
      Instant now,
      boolean detail) {
    if (n.inactiveInProduct() != null) {
      String p = n.inactiveInProduct().product();
      int days = n.inactiveInProduct().days();
      return inactive(u.lastActiveIn(p), days, now)
          ? reason(detail, "INACTIVE_IN_PRODUCT", () -> p + " for at least " + days + " days")
          : null;
    }
    if (n.inactiveInAnyProduct() != null) {
      int days = n.inactiveInAnyProduct().days();
      List<String> inactive =
          paths.get().keySet().stream()
              .filter(p -> inactive(u.lastActiveIn(p), days, now))
              .toList();
      return inactive.isEmpty()
          ? null
          : reason(
              detail,
              "INACTIVE_IN_ANY_PRODUCT",
              () -> String.join(",", inactive) + " for at least " + days + " days");
    }
    if (n.inactiveInAllProducts() != null) {
      int days = n.inactiveInAllProducts().days();
      return inactive(u.lastActive(), days, now)
          ? reason(
              detail,
              "INACTIVE_IN_ALL_PRODUCTS",
              () -> "no activity for at least " + days + " days")
          : null;
    }
    if (n.neverActive() != null) {
      int days = n.neverActive().days();
      return u.lastActive() == null && u.addedToOrg() != null && inactive(u.addedToOrg(), days, now)
          ? reason(detail, "NEVER_ACTIVE", () -> "added at least " + days + " days ago")
          : null;
    }
    if (n.emailDomainIn() != null) {
      String d = u.emailDomain();
      return d != null && lower(n.emailDomainIn()).contains(d)
          ? reason(detail, "EMAIL_DOMAIN_IN", () -> d)
          : null;
    }
    if (n.emailDomainNotIn() != null) {
      String d = u.emailDomain();
      return d == null || !lower(n.emailDomainNotIn()).contains(d)
          ? reason(detail, "EMAIL_DOMAIN_NOT_IN", () -> String.valueOf(d))
          : null;
    }
    if (n.unmanaged() != null) {
      return u.managed() != n.unmanaged()
          ? reason(
              detail,
              n.unmanaged() ? "UNMANAGED" : "MANAGED",
              () -> String.valueOf(u.emailDomain()))
          : null;
    }
    if (n.accountType() != null) {
      return n.accountType().contains(u.accountType())
          ? reason(detail, "ACCOUNT_TYPE", () -> u.accountType().name())
          : null;
    }
    if (n.status() != null) {
      return n.status().contains(u.status())
          ? reason(detail, "STATUS", () -> u.status().name())
          : null;
    }
    if (n.memberOf() != null) {
      List<String> in = n.memberOf().stream().filter(u.groupIds()::contains).toList();
      return in.isEmpty() ? null : reason(detail, "MEMBER_OF", () -> String.join(",", in));
    }
    if (n.notMemberOf() != null) {
      return n.notMemberOf().stream().noneMatch(u.groupIds()::contains)
          ? reason(detail, "NOT_MEMBER_OF", () -> String.join(",", n.notMemberOf()))
          : null;
    }
    if (n.hasProductAccess() != null) {
      return paths.get().containsKey(n.hasProductAccess())
          ? reason(detail, "HAS_PRODUCT_ACCESS", () -> n.hasProductAccess())
          : null;
    }
    if (n.groupSource() != null) {
      List<String> groups =
          u.groupIds().stream()
              .map(snapshot.groups()::get)
              .filter(g -> g != null && g.source() == n.groupSource())
              .map(DirectoryGroup::id)
              .sorted()
              .toList();
      return groups.isEmpty()
          ? null
          : reason(detail, "GROUP_SOURCE", () -> n.groupSource() + ": " + String.join(",", groups));
    }
    if (n.addedBefore() != null) {
      return u.addedToOrg() != null && u.addedToOrg().isBefore(n.addedBefore())
          ? reason(detail, "ADDED_BEFORE", () -> n.addedBefore().toString())
          : null;
    }
    if (n.addedAfter() != null) {
      return u.addedToOrg() != null && u.addedToOrg().isAfter(n.addedAfter())
          ? reason(detail, "ADDED_AFTER", () -> n.addedAfter().toString())
          : null;
    }
    throw new IllegalArgumentException("condition node without a condition");
  }

  /** Never (null) counts as inactive; otherwise the instant is at least {@code days} before now. */
  static boolean inactive(Instant last, int days, Instant now) {
    return last == null || !last.isAfter(now.minus(Duration.ofDays(days)));
  }

  private static Set<String> lower(List<String> values) {
    Set<String> out = new java.util.HashSet<>();
    values.forEach(v -> out.add(v.strip().toLowerCase(Locale.ROOT)));
    return out;
  }
}
