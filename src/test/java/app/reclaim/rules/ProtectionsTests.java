package app.reclaim.rules;

import static app.reclaim.rules.RuleEvaluatorTests.JIRA_100;
import static app.reclaim.rules.RuleEvaluatorTests.protecting;
import static app.reclaim.rules.RuleEvaluatorTests.with;
import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.directory.AccountType;
import app.reclaim.directory.UserStatus;
import app.reclaim.organizations.OrganizationSettings;
import app.reclaim.rules.UserEvaluation.Reason;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who the settings and the fixed rules protect, and which reason wins. */
class ProtectionsTests {

  @Test
  void shouldProtectNobodyButAdminsAndAppsWithDefaultSettings() {
    Protections p = Protections.of(OrganizationSettings.DEFAULTS);
    assertThat(p.reason(JIRA_100, false)).isNull();
    assertThat(
            p.reason(
                with(JIRA_100, UserStatus.ACTIVE, AccountType.ATLASSIAN, true, "a@x.example", true),
                false))
        .extracting(Reason::code)
        .isEqualTo("ORG_ADMIN");
    var bot = with(JIRA_100, UserStatus.ACTIVE, AccountType.APP, false, null, false);
    assertThat(p.reason(bot, false)).extracting(Reason::code).isEqualTo("APP_ACCOUNT");
    assertThat(p.reason(bot, true)).as("opted in").isNull();
  }

  @Test
  void shouldProtectTheSettingsAccountsAndGroupMembers() {
    assertThat(Protections.of(protecting(Set.of("a"), Set.of())).reason(JIRA_100, true))
        .isEqualTo(new Reason("PROTECTED_ACCOUNT", "a"));
    assertThat(Protections.of(protecting(Set.of(), Set.of("g-conf", "g-x"))).reason(JIRA_100, true))
        .isEqualTo(new Reason("PROTECTED_GROUP", "g-conf"));
    assertThat(Protections.of(protecting(Set.of("b"), Set.of("g-x"))).reason(JIRA_100, false))
        .isNull();
  }

  @Test
  void shouldNameAdminsFirstThenAccountsThenGroupsThenApps() {
    Protections all = Protections.of(protecting(Set.of("a"), Set.of("g-conf")));
    var adminBot = with(JIRA_100, UserStatus.ACTIVE, AccountType.APP, true, null, false);
    assertThat(all.reason(adminBot, false).code()).isEqualTo("ORG_ADMIN");
    var bot = with(JIRA_100, UserStatus.ACTIVE, AccountType.APP, false, null, false);
    assertThat(all.reason(bot, false).code()).isEqualTo("PROTECTED_ACCOUNT");
    assertThat(Protections.of(protecting(Set.of(), Set.of("g-conf"))).reason(bot, false).code())
        .isEqualTo("PROTECTED_GROUP");
  }

  @Test
  void shouldProtectAnAccountTheDirectoryNoLongerHoldsByIdOnly() {
    Protections p = Protections.of(protecting(Set.of("gone"), Set.of("g-conf")));
    assertThat(p.reason("gone", null, false)).isEqualTo(new Reason("PROTECTED_ACCOUNT", "gone"));
    assertThat(p.reason("other", null, false)).isNull();
    assertThat(p.reason("a", JIRA_100, false).code()).isEqualTo("PROTECTED_GROUP");
  }
}
