package app.reclaim.rules;

import java.util.List;

/**
 * What an admin writes: a rule's body, without id or version. Saved rules and unsaved previews both
 * evaluate one. {@code includeApps} opts app (bot) accounts in; org admins are always protected.
 */
public record RuleDefinition(
    String name,
    Boolean enabled,
    List<String> scope,
    ConditionNode condition,
    RuleExclusions exclusions,
    RuleAction action,
    Boolean includeApps) {

  public RuleDefinition {
    enabled = enabled == null ? Boolean.TRUE : enabled;
    scope = scope == null ? List.of() : List.copyOf(scope);
    exclusions = exclusions == null ? RuleExclusions.NONE : exclusions;
    includeApps = includeApps != null && includeApps;
  }
}
