package app.reclaim.rules;

import app.reclaim.organizations.PersonalDataEraser;
import app.reclaim.organizations.PersonalDataErasure;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Erasure in the rules: an erased account id in a rule's body (its excluded accounts) becomes the
 * erasure's token, names and emails quoted in a rule's name or description are scrubbed, and a rule
 * or version last saved by an erased admin names the token, in the current row (compare-and-set on
 * the version, as updateRule) and in every stored version. The rule keeps its version: it means
 * what it meant, since a token matches no account.
 */
@Component
@Order(40)
class RulesEraser implements PersonalDataEraser {

  private static final int ATTEMPTS = 5;
  private final RuleRepository repository;

  RulesEraser(RuleRepository repository) {
    this.repository = repository;
  }

  @Override
  public Map<String, Integer> erase(PersonalDataErasure erasure) {
    String orgId = erasure.orgId();
    int rules = 0;
    int versions = 0;
    for (RuleRepository.Stored rule : repository.stored(orgId)) {
      if (rewrite(orgId, rule, erasure)) {
        rules++;
      }
      for (RuleRepository.Stored v : repository.storedVersions(orgId, rule.ruleId())) {
        Optional<RuleRepository.Stored> erased = erased(v, erasure);
        if (erased.isPresent()) {
          repository.rewriteVersion(orgId, erased.get());
          versions++;
        }
      }
    }
    return Map.of("rules", rules, "ruleVersions", versions);
  }

  private boolean rewrite(String orgId, RuleRepository.Stored rule, PersonalDataErasure erasure) {
    RuleRepository.Stored current = rule;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Optional<RuleRepository.Stored> erased = erased(current, erasure);
      if (erased.isEmpty()) {
        return false;
      }
      if (repository.rewrite(orgId, erased.get())) {
        return true;
      }
      // An admin saved a new version meanwhile: erase that one.
      current =
          repository.stored(orgId).stream()
              .filter(r -> r.ruleId().equals(rule.ruleId()))
              .findFirst()
              .orElse(null);
      if (current == null) {
        return false;
      }
    }
    throw new IllegalStateException("rule " + rule.ruleId() + " kept changing during the erasure");
  }

  private static Optional<RuleRepository.Stored> erased(
      RuleRepository.Stored r, PersonalDataErasure erasure) {
    if (!erasure.mentions(r.body()) && !erasure.erases(r.updatedBy())) {
      return Optional.empty();
    }
    return Optional.of(
        new RuleRepository.Stored(
            r.ruleId(), r.version(), erasure.scrub(r.body()), erasure.token(r.updatedBy())));
  }
}
