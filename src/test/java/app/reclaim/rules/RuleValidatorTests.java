package app.reclaim.rules;

import static app.reclaim.rules.ConditionNode.addedAfter;
import static app.reclaim.rules.ConditionNode.addedBefore;
import static app.reclaim.rules.ConditionNode.all;
import static app.reclaim.rules.ConditionNode.any;
import static app.reclaim.rules.ConditionNode.emailDomainIn;
import static app.reclaim.rules.ConditionNode.emailDomainNotIn;
import static app.reclaim.rules.ConditionNode.memberOf;
import static app.reclaim.rules.ConditionNode.notMemberOf;
import static app.reclaim.rules.ConditionNode.status;
import static app.reclaim.rules.ConditionNode.unmanaged;
import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.directory.DirectoryGroup;
import app.reclaim.directory.GroupSource;
import app.reclaim.directory.UserStatus;
import app.reclaim.support.UserError;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleValidatorTests {

  static List<String> codes(ConditionNode condition) {
    RuleDefinition rule =
        new RuleDefinition(
            "r",
            true,
            List.of(),
            condition,
            null,
            new RuleAction(RuleAction.Type.FLAG_FOR_REVIEW, null),
            false);
    return RuleValidator.validate(
            rule,
            List.of("input"),
            Set.of(),
            id -> Optional.of(new DirectoryGroup(id, id, null, GroupSource.LOCAL, null, Map.of())))
        .stream()
        .map(UserError::code)
        .toList();
  }

  @Test
  void shouldAcceptAConsistentRule() {
    assertThat(
            codes(
                all(
                    status(UserStatus.ACTIVE, UserStatus.SUSPENDED),
                    status(UserStatus.ACTIVE),
                    memberOf("a", "b"),
                    notMemberOf("b"))))
        .isEmpty();
  }

  @Test
  void shouldFindTheDocumentedContradictionsInsideOneAll() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(codes(all(status(UserStatus.ACTIVE), status(UserStatus.SUSPENDED))))
        .containsExactly("CONTRADICTORY");
    assertThat(codes(all(memberOf("a"), notMemberOf("a", "b")))).containsExactly("CONTRADICTORY");
    assertThat(codes(all(emailDomainIn("x.example"), emailDomainNotIn("X.example"))))
        .containsExactly("CONTRADICTORY");
    assertThat(codes(all(unmanaged(true), unmanaged(false)))).containsExactly("CONTRADICTORY");
    assertThat(codes(all(addedAfter(t), addedBefore(t)))).containsExactly("CONTRADICTORY");
    assertThat(codes(any(status(UserStatus.ACTIVE), status(UserStatus.SUSPENDED)))).isEmpty();
  }

  @Test
  void shouldRefuseNodesWithNoneOrSeveralFieldsAndEmptyCombinations() {
    assertThat(codes(ConditionNode.empty())).containsExactly("INVALID_CONDITION");
    assertThat(
            codes(
                new ConditionNode(
                    null, List.of(), null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null)))
        .containsExactly("INVALID_CONDITION");
  }

  @Test
  void shouldLimitTheTreeSize() {
    ConditionNode[] many = new ConditionNode[60];
    java.util.Arrays.fill(many, status(UserStatus.ACTIVE));
    assertThat(codes(any(many))).containsExactly("TOO_LARGE");
  }
}
