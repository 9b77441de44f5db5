package app.reclaim.rules;

import app.reclaim.directory.AccountType;
import app.reclaim.directory.DirectoryGroup;
import app.reclaim.directory.UserStatus;
import app.reclaim.support.UserError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks a rule definition; every problem is a {@link UserError} with the path below {@code
 * prefix}. Contradictions detected among the direct leaf children of one {@code all} (or the root
 * leaf set): two {@code status} (or two {@code accountType}) lists with nothing in common; {@code
 * memberOf} groups all listed in a {@code notMemberOf}; {@code emailDomainIn} domains all listed in
 * an {@code emailDomainNotIn}; {@code addedAfter} not before {@code addedBefore}; {@code unmanaged}
 * both true and false. And a rule whose {@code accountType} is only APP without {@code includeApps}
 * can never match (APPS_PROTECTED).
 */
final class RuleValidator {

  static final int MAX_NAME_LENGTH = 100;
  static final int MAX_DEPTH = 6;
  static final int MAX_NODES = 50;
  static final int MAX_LIST = 100;
  static final int MAX_EXCLUDED_ACCOUNTS = 1000;
  static final int MAX_DAYS = 36_500;
  static final Pattern PRODUCT_KEY = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");

  private final List<String> prefix;
  private final Set<String> orgProducts;
  private final Function<String, Optional<DirectoryGroup>> groups;
  private final List<UserError> errors = new ArrayList<>();
  private int nodes;

  private RuleValidator(
      List<String> prefix,
      Set<String> orgProducts,
      Function<String, Optional<DirectoryGroup>> groups) {
    this.prefix = prefix;
    this.orgProducts = orgProducts;
    this.groups = groups;
  }

  /**
   * The problems of {@code rule}; empty when valid. {@code orgProducts} empty: the org's products
   * are not known yet (before the first sync), so any well-formed product key is accepted.
   */
  static List<UserError> validate(
      RuleDefinition rule,
      List<String> prefix,
      Set<String> orgProducts,
      Function<String, Optional<DirectoryGroup>> groups) {
    RuleValidator v = new RuleValidator(prefix, orgProducts, groups);
    v.check(rule);
    return List.copyOf(v.errors);
  }

  private void check(RuleDefinition rule) {
    String name = rule.name() == null ? "" : rule.name().strip();
    if (name.isEmpty()) {
      error("BLANK", "name must not be blank", "name");
    } else if (name.length() > MAX_NAME_LENGTH) {
      error("TOO_LONG", "name must be at most " + MAX_NAME_LENGTH + " characters", "name");
    }
    if (rule.scope().size() > MAX_LIST) {
      error("TOO_LARGE", "scope takes at most " + MAX_LIST + " products", "scope");
    }
    rule.scope().forEach(p -> product(p, "scope"));
    RuleAction action = rule.action();
    if (action == null || action.type() == null) {
      error("REQUIRED", "action is required", "action");
    } else {
      action(rule, action);
    }
    if (rule.condition() == null) {
      error("REQUIRED", "condition is required", "condition");
    } else {
      node(rule.condition(), 1, List.of("condition"));
      if (onlyApps(rule.condition()) && !rule.includeApps()) {
        error(
            "APPS_PROTECTED",
            "the condition selects only app accounts, which are protected"
                + " unless includeApps is true",
            "includeApps");
      }
    }
    exclusions(rule.exclusions());
  }

  private void action(RuleDefinition rule, RuleAction action) {
    if (action.type() == RuleAction.Type.REMOVE_PRODUCT_ACCESS && rule.scope().isEmpty()) {
      error("EMPTY_SCOPE", "REMOVE_PRODUCT_ACCESS needs at least one product in scope", "scope");
    }
    if (action.type() == RuleAction.Type.REMOVE_FROM_GROUP) {
      if (action.groupId() == null || action.groupId().isBlank()) {
        error("GROUP_REQUIRED", "REMOVE_FROM_GROUP needs a groupId", "action", "groupId");
      } else {
        Optional<DirectoryGroup> g = group(action.groupId(), "action", "groupId");
        if (g.isPresent() && !g.get().source().changeableInAtlassian()) {
          error(
              "IDP_SYNCED_GROUP",
              "group "
                  + action.groupId()
                  + " is synced from an identity provider:"
                  + " its membership can only change there",
              "action",
              "groupId");
        }
      }
    } else if (action.groupId() != null) {
      error("INVALID_ACTION", "groupId applies to REMOVE_FROM_GROUP only", "action", "groupId");
    }
  }

  private void exclusions(RuleExclusions ex) {
    if (ex.accounts().size() > MAX_EXCLUDED_ACCOUNTS) {
      error(
          "TOO_LARGE",
          "at most " + MAX_EXCLUDED_ACCOUNTS + " excluded accounts",
          "exclusions",
          "accounts");
    }
    if (ex.domains().size() > MAX_LIST) {
      error("TOO_LARGE", "at most " + MAX_LIST + " excluded domains", "exclusions", "domains");
    }
    if (ex.groups().size() > MAX_LIST) {
      error("TOO_LARGE", "at most " + MAX_LIST + " excluded groups", "exclusions", "groups");
    } else {
      ex.groups().forEach(g -> group(g, "exclusions", "groups"));
    }
  }

  private void node(ConditionNode n, int depth, List<String> path) {
    if (++nodes == MAX_NODES + 1) {
      error("TOO_LARGE", "a condition has at most " + MAX_NODES + " nodes", path);
    }
    if (depth > MAX_DEPTH) {
      error("TOO_DEEP", "conditions nest at most " + MAX_DEPTH + " levels", path);
      return;
    }
    List<String> set = n.setFields();
    if (set.size() != 1) {
      error(
          "INVALID_CONDITION",
          "each condition sets exactly one field (found "
              + set.size()
              + (set.isEmpty() ? "" : ": " + String.join(", ", set))
              + ")",
          path);
      return;
    }
    String field = set.get(0);
    List<String> at = with(path, field);
    if (n.all() != null || n.any() != null) {
      List<ConditionNode> children = n.all() != null ? n.all() : n.any();
      if (children.isEmpty()) {
        error("INVALID_CONDITION", field + " needs at least one condition", at);
      }
      for (int i = 0; i < children.size() && nodes <= MAX_NODES; i++) {
        node(children.get(i), depth + 1, with(at, String.valueOf(i)));
      }
      if (n.all() != null) {
        contradictions(n.all(), at);
      }
    } else if (n.not() != null) {
      node(n.not(), depth + 1, at);
    } else {
      leaf(n, at);
    }
  }

  private void leaf(ConditionNode n, List<String> at) {
    if (n.inactiveInProduct() != null) {
      product(n.inactiveInProduct().product(), at.toArray(String[]::new));
      days(n.inactiveInProduct().days(), at);
    }
    if (n.inactiveInAnyProduct() != null) {
      days(n.inactiveInAnyProduct().days(), at);
    }
    if (n.inactiveInAllProducts() != null) {
      days(n.inactiveInAllProducts().days(), at);
    }
    if (n.neverActive() != null) {
      days(n.neverActive().days(), at);
    }
    if (n.hasProductAccess() != null) {
      product(n.hasProductAccess(), at.toArray(String[]::new));
    }
    for (List<?> list :
        java.util.Arrays.asList(
            n.emailDomainIn(),
            n.emailDomainNotIn(),
            n.accountType(),
            n.status(),
            n.memberOf(),
            n.notMemberOf())) {
      if (list != null && (list.isEmpty() || list.size() > MAX_LIST)) {
        error(
            list.isEmpty() ? "INVALID_CONDITION" : "TOO_LARGE",
            "a list condition takes 1 to " + MAX_LIST + " values",
            at);
        return;
      }
    }
    for (List<String> ids : java.util.Arrays.asList(n.memberOf(), n.notMemberOf())) {
      if (ids != null) {
        ids.forEach(id -> group(id, at.toArray(String[]::new)));
      }
    }
  }

  /**
   * The contradictions this validator knows (class comment) among the leaves of one {@code all}.
   */
  private void contradictions(List<ConditionNode> all, List<String> at) {
    Set<UserStatus> status = null;
    Set<AccountType> types = null;
    Set<String> member = new HashSet<>();
    Set<String> notMember = new HashSet<>();
    Set<String> domainIn = null;
    Set<String> domainNotIn = new HashSet<>();
    Set<Boolean> unmanaged = new HashSet<>();
    java.time.Instant before = null;
    java.time.Instant after = null;
    boolean memberSeen = false;
    for (ConditionNode c : all) {
      if (c.status() != null) {
        status = intersect(status, c.status());
      }
      if (c.accountType() != null) {
        types = intersect(types, c.accountType());
      }
      if (c.memberOf() != null && !memberSeen) {
        member.addAll(c.memberOf());
        memberSeen = true;
      }
      if (c.notMemberOf() != null) {
        notMember.addAll(c.notMemberOf());
      }
      if (c.emailDomainIn() != null) {
        domainIn =
            intersect(domainIn, c.emailDomainIn().stream().map(RuleValidator::lower).toList());
      }
      if (c.emailDomainNotIn() != null) {
        c.emailDomainNotIn().forEach(d -> domainNotIn.add(lower(d)));
      }
      if (c.unmanaged() != null) {
        unmanaged.add(c.unmanaged());
      }
      if (c.addedBefore() != null) {
        before = before == null || c.addedBefore().isBefore(before) ? c.addedBefore() : before;
      }
      if (c.addedAfter() != null) {
        after = after == null || c.addedAfter().isAfter(after) ? c.addedAfter() : after;
      }
    }
    if ((status != null && status.isEmpty()) || (types != null && types.isEmpty())) {
      error(
          "CONTRADICTORY", "all: two status or accountType conditions have no value in common", at);
    }
    if (memberSeen && notMember.containsAll(member)) {
      error("CONTRADICTORY", "all: memberOf groups are all in notMemberOf", at);
    }
    if (domainIn != null && domainNotIn.containsAll(domainIn)) {
      error("CONTRADICTORY", "all: emailDomainIn domains are all in emailDomainNotIn", at);
    }
    if (unmanaged.size() == 2) {
      error("CONTRADICTORY", "all: unmanaged is both true and false", at);
    }
    if (before != null && after != null && !after.isBefore(before)) {
      error("CONTRADICTORY", "all: addedAfter is not before addedBefore", at);
    }
  }

  private static boolean onlyApps(ConditionNode root) {
    List<ConditionNode> leaves = root.all() != null ? root.all() : List.of(root);
    return leaves.stream()
        .anyMatch(
            c ->
                c.accountType() != null
                    && !c.accountType().isEmpty()
                    && c.accountType().stream().allMatch(t -> t == AccountType.APP));
  }

  private static <T> Set<T> intersect(Set<T> current, List<T> next) {
    Set<T> out = new HashSet<>(next);
    if (current != null) {
      out.retainAll(current);
    }
    return out;
  }

  private void product(String key, String... field) {
    boolean known =
        key != null
            && (orgProducts.isEmpty()
                ? PRODUCT_KEY.matcher(key).matches()
                : orgProducts.contains(key));
    if (!known) {
      error(
          "UNKNOWN_PRODUCT",
          "'"
              + key
              + "' is not a product of this organization"
              + (orgProducts.isEmpty()
                  ? " (a product key such as jira-software)"
                  : ": " + new java.util.TreeSet<>(orgProducts)),
          field);
    }
  }

  private Optional<DirectoryGroup> group(String id, String... field) {
    Optional<DirectoryGroup> g = id == null ? Optional.empty() : groups.apply(id);
    if (g.isEmpty()) {
      error("UNKNOWN_GROUP", "no group " + id + " in this organization", field);
    }
    return g;
  }

  private void days(Integer days, List<String> at) {
    if (days == null || days < 1 || days > MAX_DAYS) {
      error(
          "INVALID_DAYS",
          "days must be between 1 and " + MAX_DAYS + " (was " + days + ")",
          with(at, "days"));
    }
  }

  private void error(String code, String message, String... field) {
    error(code, message, List.of(field));
  }

  private void error(String code, String message, List<String> field) {
    List<String> path = new ArrayList<>(prefix);
    path.addAll(field);
    errors.add(new UserError(path, message, code));
  }

  private static List<String> with(List<String> path, String next) {
    List<String> out = new ArrayList<>(path);
    out.add(next);
    return out;
  }

  private static String lower(String s) {
    return s.strip().toLowerCase(java.util.Locale.ROOT);
  }
}
