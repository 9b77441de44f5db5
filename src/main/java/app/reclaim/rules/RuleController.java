package app.reclaim.rules;

import app.reclaim.security.Caller;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** The rules' GraphQL fields; everything goes through {@link RuleService} for the caller. */
@Controller
class RuleController {

  private final RuleService rules;

  RuleController(RuleService rules) {
    this.rules = rules;
  }

  record CreateRuleInput(RuleDefinition rule) {}

  record UpdateRuleInput(String id, Integer expectedVersion, RuleDefinition rule) {}

  record DeleteRuleInput(String id) {}

  record PreviewRuleInput(String ruleId, RuleDefinition rule) {}

  @QueryMapping
  RulePreview.Connection<Rule> rules(
      @Argument Integer first,
      @Argument String after,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return rules.rules(caller, first, after);
  }

  @QueryMapping
  Rule rule(
      @Argument String id,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return rules.rule(caller, id).orElse(null);
  }

  @QueryMapping
  RuleService.PreviewRulePayload previewRule(
      @Argument PreviewRuleInput input,
      @Argument Integer first,
      @Argument String after,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return rules.preview(caller, input.ruleId(), input.rule(), first, after);
  }

  @MutationMapping
  RulePayload createRule(
      @Argument CreateRuleInput input,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return rules.create(caller, input.rule());
  }

  @MutationMapping
  RulePayload updateRule(
      @Argument UpdateRuleInput input,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return rules.update(caller, input.id(), input.expectedVersion(), input.rule());
  }

  @MutationMapping
  RuleService.DeleteRulePayload deleteRule(
      @Argument DeleteRuleInput input,
      @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
    return rules.delete(caller, input.id());
  }
}
