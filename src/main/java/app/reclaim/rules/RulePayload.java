package app.reclaim.rules;

import app.reclaim.support.UserError;
import java.util.List;

/** The result of createRule and updateRule: the rule as stored, or null with what to fix. */
public record RulePayload(Rule rule, List<UserError> userErrors) {

  public RulePayload {
    userErrors = List.copyOf(userErrors);
  }

  static RulePayload rejected(List<UserError> errors) {
    return new RulePayload(null, errors);
  }
}
