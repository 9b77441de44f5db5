package app.reclaim.rules;

import static app.reclaim.rules.RuleEvaluatorTests.CONF_LOCAL;
import static app.reclaim.rules.RuleEvaluatorTests.DEFAULTS;
import static app.reclaim.rules.RuleEvaluatorTests.JIRA_LOCAL;
import static app.reclaim.rules.RuleEvaluatorTests.NOW;
import static app.reclaim.rules.RuleEvaluatorTests.user;
import static app.reclaim.rules.RuleEvaluatorTests.with;
import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.directory.AccountType;
import app.reclaim.directory.DirectorySnapshot;
import app.reclaim.directory.DirectoryUser;
import app.reclaim.directory.UserStatus;
import app.reclaim.organizations.OrganizationSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The blast-radius count and limits: what the start check and the planner's re-check decide. */
class BlastRadiusTests {

  @Test
  void shouldTakeTheSmallerLimit() {
    assertThat(new BlastRadius(0, 1000, 20, 500).limit()).isEqualTo(200);
    assertThat(new BlastRadius(0, 10_000, 20, 500).limit()).isEqualTo(500);
    assertThat(new BlastRadius(0, 9, 20, 500).limit()).as("floor of 1.8").isEqualTo(1);
    assertThat(new BlastRadius(200, 1000, 20, 500).exceeded()).isFalse();
    assertThat(new BlastRadius(201, 1000, 20, 500).exceeded()).isTrue();
    assertThat(new BlastRadius(501, 10_000, 20, 500).exceeded()).isTrue();
  }

  @Test
  void shouldStartOverTheLimitOnlyWithTheExactCountConfirmed() {
    BlastRadius over = new BlastRadius(300, 1000, 20, 500);
    assertThat(over.confirmedBy(null)).isFalse();
    assertThat(over.confirmedBy(299)).isFalse();
    assertThat(over.confirmedBy(301)).as("exact, not at least").isFalse();
    assertThat(over.confirmedBy(300)).isTrue();
    assertThat(new BlastRadius(100, 1000, 20, 500).confirmedBy(null)).isTrue();
    assertThat(over.describe())
        .contains("300 users", "200", "20 %", "1000 billable", "confirmCount: 300");
  }

  @Test
  void shouldLetThePlannerActOnNoMoreThanConfirmedWhenTheDirectoryGrew() {
    assertThat(new BlastRadius(310, 1000, 20, 500).allows(300)).isFalse();
    assertThat(new BlastRadius(310, 1000, 20, 500).allows(null)).isFalse();
    assertThat(new BlastRadius(290, 1000, 20, 500).allows(300)).isTrue();
    assertThat(new BlastRadius(150, 1000, 20, 500).allows(null)).isTrue();
  }

  /** 10 billable users (and one of each kind that is not); a SUSPEND rule over all of them. */
  @Test
  void shouldCountActingUsersAgainstBillableUsersOfTheSnapshot() {
    List<DirectoryUser> users = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      users.add(user("u" + i, Map.of(), i % 2 == 0 ? "g-jira" : "g-conf"));
    }
    DirectoryUser suspended =
        with(users.get(0), UserStatus.SUSPENDED, AccountType.ATLASSIAN, false, "s@x.example", true);
    users.add(rename(suspended, "s"));
    users.add(
        rename(with(users.get(0), UserStatus.ACTIVE, AccountType.APP, false, null, false), "bot"));
    users.add(user("no-access", Map.of()));
    DirectorySnapshot snapshot =
        new DirectorySnapshot(
            "o", users, Map.of(JIRA_LOCAL.id(), JIRA_LOCAL, CONF_LOCAL.id(), CONF_LOCAL));
    assertThat(BlastRadius.billableUsers(snapshot)).isEqualTo(10);

    RuleDefinition suspendActive =
        RuleEvaluatorTests.rule(
            ConditionNode.status(UserStatus.ACTIVE, UserStatus.SUSPENDED), RuleAction.Type.SUSPEND);
    List<UserEvaluation> evaluations =
        RuleEvaluator.evaluate(suspendActive, snapshot, NOW, DEFAULTS);
    BlastRadius radius = BlastRadius.of(evaluations, snapshot, OrganizationSettings.DEFAULTS);
    // 10 billable + no-access are suspended; the suspended one is only a SKIP, the bot protected.
    assertThat(radius.actingUsers()).isEqualTo(11);
    assertThat(radius.billableUsers()).isEqualTo(10);
    assertThat(radius.limit()).isEqualTo(2);
    assertThat(radius.exceeded()).isTrue();
  }

  static DirectoryUser rename(DirectoryUser u, String id) {
    return new DirectoryUser(
        id,
        u.name(),
        u.email(),
        u.accountType(),
        u.status(),
        u.managed(),
        u.orgAdmin(),
        u.idpSynced(),
        u.addedToOrg(),
        u.productAccess(),
        u.lastActiveByProduct(),
        u.groupIds());
  }
}
