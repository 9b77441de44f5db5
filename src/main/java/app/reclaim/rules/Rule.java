package app.reclaim.rules;

import java.time.Instant;
import java.util.List;

/**
 * A saved rule at its latest version. Every update stores a new version; runs record the version
 * they used. {@code updatedBy} is the Atlassian account id of the admin who wrote this version.
 */
public record Rule(
    String id,
    int version,
    String name,
    boolean enabled,
    List<String> scope,
    ConditionNode condition,
    RuleExclusions exclusions,
    RuleAction action,
    boolean includeApps,
    Instant createdAt,
    Instant updatedAt,
    String updatedBy) {

  static Rule of(
      String id,
      int version,
      RuleDefinition d,
      Instant createdAt,
      Instant updatedAt,
      String updatedBy) {
    return new Rule(
        id,
        version,
        d.name(),
        d.enabled(),
        d.scope(),
        d.condition(),
        d.exclusions(),
        d.action(),
        d.includeApps(),
        createdAt,
        updatedAt,
        updatedBy);
  }

  public RuleDefinition definition() {
    return new RuleDefinition(name, enabled, scope, condition, exclusions, action, includeApps);
  }
}
