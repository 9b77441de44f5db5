package app.reclaim.rules;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.directory.DirectorySnapshot;
import app.reclaim.directory.DirectoryUser;
import app.reclaim.directory.UserStatus;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Preview totals, seats, money and paging over a small fixed directory. */
class PreviewerTests {

  static final RulesProperties PRICES =
      new RulesProperties(Map.of("jira-software", new BigDecimal("8.60")), "EUR");

  static DirectorySnapshot snapshot() {
    List<DirectoryUser> users = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      users.add(RuleEvaluatorTests.user("u" + i, Map.of(), "g-jira", "g-conf"));
    }
    users.add(RuleEvaluatorTests.user("idp", Map.of(), "g-jira-idp"));
    users.add(
        RuleEvaluatorTests.with(
            RuleEvaluatorTests.user("adm", Map.of(), "g-jira"),
            UserStatus.ACTIVE,
            app.reclaim.directory.AccountType.ATLASSIAN,
            true,
            "a@acme.example",
            true));
    return new DirectorySnapshot(
        "o",
        users,
        Map.of(
            "g-jira",
            RuleEvaluatorTests.JIRA_LOCAL,
            "g-jira-idp",
            RuleEvaluatorTests.JIRA_IDP,
            "g-conf",
            RuleEvaluatorTests.CONF_LOCAL));
  }

  static final RuleDefinition RULE =
      RuleEvaluatorTests.rule(
          ConditionNode.hasProductAccess("jira-software"),
          RuleAction.Type.REMOVE_PRODUCT_ACCESS,
          "jira-software",
          "confluence");

  @Test
  void shouldCountSeatsAndMoneyForFreedSeatsOnly() {
    RulePreview p =
        Previewer.preview(
            3,
            RULE,
            snapshot(),
            RuleEvaluatorTests.NOW,
            RuleEvaluatorTests.DEFAULTS,
            PRICES,
            10,
            null);
    assertThat(p.totals()).isEqualTo(new RulePreview.Totals(7, 6, 1, 0, 1));
    assertThat(p.seatsFreed())
        .containsExactly(
            new RulePreview.ProductSeats("confluence", 5, null, "0.00"),
            new RulePreview.ProductSeats("jira-software", 5, "8.60", "43.00"));
    assertThat(p.estimatedMonthlySavings()).isEqualTo(new RulePreview.Money("43.00", "EUR"));
    assertThat(p.ruleVersion()).isEqualTo(3);
  }

  @Test
  void shouldPageMatchesInAccountIdOrder() {
    List<String> seen = new ArrayList<>();
    String after = null;
    do {
      RulePreview p =
          Previewer.preview(
              null,
              RULE,
              snapshot(),
              RuleEvaluatorTests.NOW,
              RuleEvaluatorTests.DEFAULTS,
              PRICES,
              4,
              after);
      p.matches().edges().forEach(e -> seen.add(e.node().user().accountId()));
      after = p.matches().pageInfo().hasNextPage() ? p.matches().pageInfo().endCursor() : null;
    } while (after != null);
    assertThat(seen).containsExactly("idp", "u0", "u1", "u2", "u3", "u4");
  }
}
