package app.reclaim.rules;

import java.util.List;

/** Users a rule never touches: by account id, by membership of a group, by email domain. */
public record RuleExclusions(List<String> accounts, List<String> groups, List<String> domains) {

  public static final RuleExclusions NONE = new RuleExclusions(List.of(), List.of(), List.of());

  public RuleExclusions {
    accounts = accounts == null ? List.of() : List.copyOf(accounts);
    groups = groups == null ? List.of() : List.copyOf(groups);
    domains = domains == null ? List.of() : List.copyOf(domains);
  }
}
