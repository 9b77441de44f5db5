package app.reclaim.rules;

import static app.reclaim.rules.ConditionNode.accountType;
import static app.reclaim.rules.ConditionNode.addedAfter;
import static app.reclaim.rules.ConditionNode.addedBefore;
import static app.reclaim.rules.ConditionNode.all;
import static app.reclaim.rules.ConditionNode.any;
import static app.reclaim.rules.ConditionNode.emailDomainIn;
import static app.reclaim.rules.ConditionNode.emailDomainNotIn;
import static app.reclaim.rules.ConditionNode.groupSource;
import static app.reclaim.rules.ConditionNode.hasProductAccess;
import static app.reclaim.rules.ConditionNode.inactiveInAllProducts;
import static app.reclaim.rules.ConditionNode.inactiveInAnyProduct;
import static app.reclaim.rules.ConditionNode.inactiveInProduct;
import static app.reclaim.rules.ConditionNode.memberOf;
import static app.reclaim.rules.ConditionNode.neverActive;
import static app.reclaim.rules.ConditionNode.not;
import static app.reclaim.rules.ConditionNode.notMemberOf;
import static app.reclaim.rules.ConditionNode.status;
import static app.reclaim.rules.ConditionNode.unmanaged;
import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.directory.AccountType;
import app.reclaim.directory.DirectoryGroup;
import app.reclaim.directory.DirectorySnapshot;
import app.reclaim.directory.DirectoryUser;
import app.reclaim.directory.GroupSource;
import app.reclaim.directory.UserStatus;
import app.reclaim.organizations.OrganizationSettings;
import app.reclaim.rules.PlannedOperation.Kind;
import app.reclaim.rules.UserEvaluation.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The evaluator, one small directory per case; a fixed instant, never the clock. */
class RuleEvaluatorTests {

  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  static final DirectoryGroup JIRA_LOCAL = group("g-jira", GroupSource.LOCAL, "jira-software");
  static final DirectoryGroup JIRA_IDP =
      group("g-jira-idp", GroupSource.IDP_SYNCED, "jira-software");
  static final DirectoryGroup CONF_LOCAL = group("g-conf", GroupSource.LOCAL, "confluence");
  static final DirectoryGroup CONF_TEAM =
      group("g-conf-team", GroupSource.TEAM_MANAGED, "confluence");
  static final DirectoryGroup PLAIN = group("g-plain", GroupSource.LOCAL, null);

  static DirectoryGroup group(String id, GroupSource source, String product) {
    return new DirectoryGroup(
        id,
        id + "-name",
        null,
        source,
        null,
        product == null ? Map.of() : Map.of(product, Set.of("atlassian/user")));
  }

  static DirectoryUser user(String id, Map<String, Integer> daysSinceActive, String... groups) {
    Map<String, Instant> last = new java.util.HashMap<>();
    daysSinceActive.forEach((p, d) -> last.put(p, NOW.minus(Duration.ofDays(d))));
    return new DirectoryUser(
        id,
        "User " + id,
        id + "@acme.example",
        AccountType.ATLASSIAN,
        UserStatus.ACTIVE,
        true,
        false,
        false,
        NOW.minus(Duration.ofDays(400)),
        Set.of(),
        last,
        Set.of(groups));
  }

  static DirectoryUser with(
      DirectoryUser u,
      UserStatus status,
      AccountType type,
      boolean admin,
      String email,
      boolean managed) {
    return new DirectoryUser(
        u.accountId(),
        u.name(),
        email,
        type,
        status,
        managed,
        admin,
        u.idpSynced(),
        u.addedToOrg(),
        u.productAccess(),
        u.lastActiveByProduct(),
        u.groupIds());
  }

  static RuleDefinition rule(ConditionNode condition, RuleAction.Type action, String... scope) {
    return new RuleDefinition(
        "r", true, List.of(scope), condition, null, new RuleAction(action, null), false);
  }

  /** The protections of an org with default settings: org admins and app accounts only. */
  static final Protections DEFAULTS = Protections.of(OrganizationSettings.DEFAULTS);

  /** Default settings protecting these accounts and groups. */
  static OrganizationSettings protecting(Set<String> accounts, Set<String> groups) {
    OrganizationSettings d = OrganizationSettings.DEFAULTS;
    return new OrganizationSettings(
        d.version(),
        d.activeWithinDays(),
        d.lowUseWithinDays(),
        d.seatPrices(),
        d.currency(),
        accounts,
        groups,
        d.dailySyncTime(),
        d.cleanupLogRetentionDays(),
        d.notifications(),
        d.endUserDataInLogs(),
        d.blastRadiusPercent(),
        d.blastRadiusUsers(),
        null,
        null);
  }

  static UserEvaluation eval(RuleDefinition rule, DirectoryUser u) {
    return eval(rule, u, DEFAULTS);
  }

  static UserEvaluation eval(RuleDefinition rule, DirectoryUser u, Protections protections) {
    DirectorySnapshot snapshot =
        new DirectorySnapshot(
            "o",
            List.of(u),
            Map.of(
                JIRA_LOCAL.id(),
                JIRA_LOCAL,
                JIRA_IDP.id(),
                JIRA_IDP,
                CONF_LOCAL.id(),
                CONF_LOCAL,
                CONF_TEAM.id(),
                CONF_TEAM,
                PLAIN.id(),
                PLAIN));
    return RuleEvaluator.evaluate(rule, u, snapshot, NOW, protections);
  }

  static boolean matches(ConditionNode c, DirectoryUser u) {
    return eval(rule(c, RuleAction.Type.FLAG_FOR_REVIEW), u).matched();
  }

  static final DirectoryUser JIRA_100 =
      user("a", Map.of("jira-software", 100, "confluence", 5), "g-jira", "g-conf");

  @Nested
  class Conditions {

    @Test
    void shouldMatchInactivityInAProductAtTheBoundary() {
      assertThat(matches(inactiveInProduct("jira-software", 100), JIRA_100)).isTrue();
      assertThat(matches(inactiveInProduct("jira-software", 101), JIRA_100)).isFalse();
      assertThat(matches(inactiveInProduct("confluence", 30), JIRA_100)).isFalse();
    }

    @Test
    void shouldCountNeverActiveInAProductAsInactive() {
      assertThat(matches(inactiveInProduct("bitbucket", 1), JIRA_100)).isTrue();
    }

    @Test
    void shouldMatchInactivityInAnyProductOfTheUsersAccess() {
      assertThat(matches(inactiveInAnyProduct(90), JIRA_100)).isTrue();
      assertThat(matches(inactiveInAnyProduct(200), JIRA_100)).isFalse();
    }

    @Test
    void shouldMatchInactivityInAllProductsOnTheLatestActivity() {
      assertThat(matches(inactiveInAllProducts(5), JIRA_100)).isTrue();
      assertThat(matches(inactiveInAllProducts(6), JIRA_100)).isFalse();
    }

    @Test
    void shouldMatchNeverActiveUsersAddedLongEnoughAgo() {
      DirectoryUser never = user("n", Map.of());
      assertThat(matches(neverActive(400), never)).isTrue();
      assertThat(matches(neverActive(401), never)).isFalse();
      assertThat(matches(neverActive(1), JIRA_100)).isFalse();
    }

    @Test
    void shouldMatchEmailDomainsCaseInsensitively() {
      assertThat(matches(emailDomainIn("ACME.example"), JIRA_100)).isTrue();
      assertThat(matches(emailDomainIn("other.example"), JIRA_100)).isFalse();
      assertThat(matches(emailDomainNotIn("other.example"), JIRA_100)).isTrue();
      assertThat(matches(emailDomainNotIn("acme.example"), JIRA_100)).isFalse();
    }

    @Test
    void shouldMatchUnmanagedAccounts() {
      DirectoryUser outside =
          with(JIRA_100, UserStatus.ACTIVE, AccountType.ATLASSIAN, false, "x@gmail.example", false);
      assertThat(matches(unmanaged(true), outside)).isTrue();
      assertThat(matches(unmanaged(true), JIRA_100)).isFalse();
      assertThat(matches(unmanaged(false), JIRA_100)).isTrue();
    }

    @Test
    void shouldMatchAccountTypeAndStatus() {
      DirectoryUser customer =
          with(JIRA_100, UserStatus.SUSPENDED, AccountType.CUSTOMER, false, "c@x.example", false);
      assertThat(matches(accountType(AccountType.CUSTOMER), customer)).isTrue();
      assertThat(matches(accountType(AccountType.ATLASSIAN), customer)).isFalse();
      assertThat(matches(status(UserStatus.SUSPENDED, UserStatus.DEACTIVATED), customer)).isTrue();
      assertThat(matches(status(UserStatus.ACTIVE), customer)).isFalse();
    }

    @Test
    void shouldMatchMembership() {
      assertThat(matches(memberOf("g-plain", "g-jira"), JIRA_100)).isTrue();
      assertThat(matches(memberOf("g-plain"), JIRA_100)).isFalse();
      assertThat(matches(notMemberOf("g-plain"), JIRA_100)).isTrue();
      assertThat(matches(notMemberOf("g-plain", "g-conf"), JIRA_100)).isFalse();
    }

    @Test
    void shouldMatchProductAccessThroughGroupsOrReported() {
      assertThat(matches(hasProductAccess("confluence"), JIRA_100)).isTrue();
      assertThat(matches(hasProductAccess("bitbucket"), JIRA_100)).isFalse();
    }

    @Test
    void shouldMatchGroupSource() {
      assertThat(matches(groupSource(GroupSource.LOCAL), JIRA_100)).isTrue();
      assertThat(matches(groupSource(GroupSource.IDP_SYNCED), JIRA_100)).isFalse();
    }

    @Test
    void shouldMatchAddedBeforeAndAfter() {
      assertThat(matches(addedBefore(NOW.minus(Duration.ofDays(300))), JIRA_100)).isTrue();
      assertThat(matches(addedAfter(NOW.minus(Duration.ofDays(300))), JIRA_100)).isFalse();
      assertThat(matches(addedAfter(NOW.minus(Duration.ofDays(500))), JIRA_100)).isTrue();
    }

    @Test
    void shouldCombineAllAnyAndNot() {
      ConditionNode yes = status(UserStatus.ACTIVE);
      ConditionNode no = memberOf("g-plain");
      assertThat(matches(all(yes, yes), JIRA_100)).isTrue();
      assertThat(matches(all(yes, no), JIRA_100)).isFalse();
      assertThat(matches(any(no, yes), JIRA_100)).isTrue();
      assertThat(matches(any(no, no), JIRA_100)).isFalse();
      assertThat(matches(not(no), JIRA_100)).isTrue();
      assertThat(matches(not(all(yes, not(no))), JIRA_100)).isFalse();
    }

    @Test
    void shouldGiveTheConditionsThatHeldAsReasons() {
      UserEvaluation e =
          eval(
              rule(
                  all(
                      status(UserStatus.ACTIVE),
                      any(memberOf("g-plain"), inactiveInProduct("jira-software", 90))),
                  RuleAction.Type.FLAG_FOR_REVIEW),
              JIRA_100);
      assertThat(e.reasons())
          .extracting(UserEvaluation.Reason::code)
          .containsExactly("STATUS", "INACTIVE_IN_PRODUCT");
    }
  }

  @Nested
  class Protected {

    final ConditionNode everyone = status(UserStatus.ACTIVE);

    @Test
    void shouldProtectTheSettingsAccountsAndGroupMembersFromEveryAction() {
      Protections byAccount = Protections.of(protecting(Set.of("a"), Set.of()));
      Protections byGroup = Protections.of(protecting(Set.of(), Set.of("g-conf")));
      for (RuleAction.Type action : RuleAction.Type.values()) {
        RuleDefinition r =
            new RuleDefinition(
                "r",
                true,
                List.of("jira-software"),
                everyone,
                null,
                new RuleAction(
                    action, action == RuleAction.Type.REMOVE_FROM_GROUP ? "g-jira" : null),
                true);
        UserEvaluation account = eval(r, JIRA_100, byAccount);
        assertThat(account.outcome()).as(action.name()).isEqualTo(Outcome.PROTECTED);
        assertThat(account.reasons())
            .containsExactly(new UserEvaluation.Reason("PROTECTED_ACCOUNT", "a"));
        assertThat(account.operations()).isEmpty();
        UserEvaluation group = eval(r, JIRA_100, byGroup);
        assertThat(group.outcome()).as(action.name()).isEqualTo(Outcome.PROTECTED);
        assertThat(group.reasons())
            .containsExactly(new UserEvaluation.Reason("PROTECTED_GROUP", "g-conf"));
        assertThat(eval(r, JIRA_100, DEFAULTS).outcome()).isEqualTo(Outcome.MATCHED);
      }
    }

    @Test
    void shouldCountOnlyUnprotectedMatches() {
      DirectoryUser other = user("b", Map.of(), "g-jira");
      DirectorySnapshot snapshot =
          new DirectorySnapshot("o", List.of(JIRA_100, other), Map.of(JIRA_LOCAL.id(), JIRA_LOCAL));
      RuleDefinition r = rule(everyone, RuleAction.Type.SUSPEND);
      assertThat(RuleEvaluator.countMatches(List.of(r), snapshot, NOW, DEFAULTS))
          .containsExactly(2);
      assertThat(
              RuleEvaluator.countMatches(
                  List.of(r), snapshot, NOW, Protections.of(protecting(Set.of("b"), Set.of()))))
          .containsExactly(1);
      assertThat(
              RuleEvaluator.evaluate(
                      r, snapshot, NOW, Protections.of(protecting(Set.of(), Set.of("g-jira"))))
                  .stream()
                  .map(UserEvaluation::outcome))
          .containsExactly(Outcome.PROTECTED, Outcome.PROTECTED);
    }

    @Test
    void shouldSayWhetherAMatchActsUpstream() {
      DirectoryUser suspended =
          with(
              JIRA_100, UserStatus.SUSPENDED, AccountType.ATLASSIAN, false, "a@acme.example", true);
      ConditionNode any = hasProductAccess("jira-software");
      assertThat(eval(rule(everyone, RuleAction.Type.SUSPEND), JIRA_100).acts()).isTrue();
      assertThat(eval(rule(any, RuleAction.Type.SUSPEND), suspended).acts())
          .as("only a SKIP planned")
          .isFalse();
      assertThat(eval(rule(everyone, RuleAction.Type.FLAG_FOR_REVIEW), JIRA_100).acts()).isFalse();
      assertThat(
              eval(rule(everyone, RuleAction.Type.REMOVE_PRODUCT_ACCESS, "jira-software"), JIRA_100)
                  .acts())
          .isTrue();
      assertThat(eval(rule(everyone, RuleAction.Type.SUSPEND), JIRA_100, protectingA()).acts())
          .as("protected")
          .isFalse();
    }

    Protections protectingA() {
      return Protections.of(protecting(Set.of("a"), Set.of()));
    }

    @Test
    void shouldNeverMatchOrgAdmins() {
      DirectoryUser admin =
          with(JIRA_100, UserStatus.ACTIVE, AccountType.ATLASSIAN, true, "a@acme.example", true);
      UserEvaluation e = eval(rule(everyone, RuleAction.Type.SUSPEND), admin);
      assertThat(e.outcome()).isEqualTo(Outcome.PROTECTED);
      assertThat(e.reasons()).extracting(UserEvaluation.Reason::code).containsExactly("ORG_ADMIN");
      assertThat(e.operations()).isEmpty();
    }

    @Test
    void shouldProtectAppsUnlessOptedIn() {
      DirectoryUser bot = with(JIRA_100, UserStatus.ACTIVE, AccountType.APP, false, null, false);
      assertThat(eval(rule(everyone, RuleAction.Type.SUSPEND), bot).outcome())
          .isEqualTo(Outcome.PROTECTED);
      RuleDefinition optIn =
          new RuleDefinition(
              "r",
              true,
              List.of(),
              everyone,
              null,
              new RuleAction(RuleAction.Type.SUSPEND, null),
              true);
      assertThat(eval(optIn, bot).outcome()).isEqualTo(Outcome.MATCHED);
    }

    @Test
    void shouldExcludeAccountsGroupsAndDomains() {
      for (RuleExclusions ex :
          List.of(
              new RuleExclusions(List.of("a"), null, null),
              new RuleExclusions(null, List.of("g-conf"), null),
              new RuleExclusions(null, null, List.of("ACME.example")))) {
        RuleDefinition r =
            new RuleDefinition(
                "r",
                true,
                List.of(),
                everyone,
                ex,
                new RuleAction(RuleAction.Type.SUSPEND, null),
                false);
        assertThat(eval(r, JIRA_100).outcome()).as(ex.toString()).isEqualTo(Outcome.EXCLUDED);
      }
    }

    @Test
    void shouldNotReportProtectionForUsersTheConditionDoesNotSelect() {
      DirectoryUser admin =
          with(JIRA_100, UserStatus.SUSPENDED, AccountType.ATLASSIAN, true, "a@acme.example", true);
      assertThat(eval(rule(everyone, RuleAction.Type.SUSPEND), admin).outcome())
          .isEqualTo(Outcome.NOT_MATCHED);
    }
  }

  @Nested
  class Plans {

    final ConditionNode everyone = not(memberOf("g-plain"));

    @Test
    void shouldLeaveTheLocalGroupsGrantingScopedProducts() {
      UserEvaluation e =
          eval(rule(everyone, RuleAction.Type.REMOVE_PRODUCT_ACCESS, "jira-software"), JIRA_100);
      assertThat(e.operations())
          .containsExactly(PlannedOperation.leave("jira-software", "g-jira", "g-jira-name"));
      assertThat(e.seatsFreed()).containsExactly("jira-software");
    }

    @Test
    void shouldLeaveEveryChangeableGroupOfAProduct() {
      DirectoryUser u = user("b", Map.of(), "g-conf", "g-conf-team");
      UserEvaluation e =
          eval(rule(everyone, RuleAction.Type.REMOVE_PRODUCT_ACCESS, "confluence"), u);
      assertThat(e.operations())
          .extracting(PlannedOperation::groupId)
          .containsExactly("g-conf", "g-conf-team");
      assertThat(e.seatsFreed()).containsExactly("confluence");
    }

    @Test
    void shouldRequireIdpActionWhenTheOnlyPathIsAnIdpGroup() {
      DirectoryUser u = user("c", Map.of(), "g-jira-idp");
      UserEvaluation e =
          eval(rule(everyone, RuleAction.Type.REMOVE_PRODUCT_ACCESS, "jira-software"), u);
      assertThat(e.operations())
          .containsExactly(
              new PlannedOperation(
                  Kind.REQUIRES_IDP_ACTION,
                  "jira-software",
                  "g-jira-idp",
                  "g-jira-idp-name",
                  PlannedOperation.IDP_SYNCED_GROUP));
      assertThat(e.requiresIdpAction()).isTrue();
      assertThat(e.seatsFreed()).isEmpty();
    }

    @Test
    void shouldNotCountASeatFreedWhileAnIdpGroupStillGrantsIt() {
      DirectoryUser u = user("d", Map.of(), "g-jira", "g-jira-idp");
      UserEvaluation e =
          eval(rule(everyone, RuleAction.Type.REMOVE_PRODUCT_ACCESS, "jira-software"), u);
      assertThat(e.operations())
          .extracting(PlannedOperation::kind)
          .containsExactlyInAnyOrder(Kind.LEAVE_GROUP, Kind.REQUIRES_IDP_ACTION);
      assertThat(e.seatsFreed()).isEmpty();
    }

    @Test
    void shouldSkipAccessNotGrantedByAGroupAndProductsOutOfScope() {
      DirectoryUser direct =
          new DirectoryUser(
              "e",
              null,
              null,
              AccountType.ATLASSIAN,
              UserStatus.ACTIVE,
              true,
              false,
              false,
              null,
              Set.of("bitbucket"),
              Map.of(),
              Set.of());
      assertThat(
              eval(rule(everyone, RuleAction.Type.REMOVE_PRODUCT_ACCESS, "bitbucket"), direct)
                  .operations())
          .containsExactly(
              PlannedOperation.skip("bitbucket", PlannedOperation.ACCESS_NOT_VIA_GROUP));
      assertThat(
              eval(
                      rule(everyone, RuleAction.Type.REMOVE_PRODUCT_ACCESS, "jira-servicedesk"),
                      JIRA_100)
                  .operations())
          .containsExactly(PlannedOperation.skip(null, PlannedOperation.NO_SCOPED_ACCESS));
    }

    @Test
    void shouldSuspendActiveUsersAndFreeAllTheirSeats() {
      UserEvaluation e = eval(rule(everyone, RuleAction.Type.SUSPEND), JIRA_100);
      assertThat(e.operations()).extracting(PlannedOperation::kind).containsExactly(Kind.SUSPEND);
      assertThat(e.seatsFreed()).containsExactlyInAnyOrder("jira-software", "confluence");
    }

    @Test
    void shouldSuspendIdpSyncedUsersSinceScimDoesNotControlSuspension() {
      DirectoryUser synced =
          new DirectoryUser(
              "s",
              null,
              null,
              AccountType.ATLASSIAN,
              UserStatus.ACTIVE,
              true,
              false,
              true,
              null,
              Set.of(),
              Map.of(),
              Set.of("g-jira-idp"));
      assertThat(eval(rule(everyone, RuleAction.Type.SUSPEND), synced).operations())
          .extracting(PlannedOperation::kind)
          .containsExactly(Kind.SUSPEND);
    }

    @Test
    void shouldSkipSuspendingAnAlreadySuspendedUser() {
      DirectoryUser suspended =
          with(
              JIRA_100, UserStatus.SUSPENDED, AccountType.ATLASSIAN, false, "a@acme.example", true);
      UserEvaluation e = eval(rule(everyone, RuleAction.Type.SUSPEND), suspended);
      assertThat(e.operations())
          .containsExactly(PlannedOperation.skip(null, PlannedOperation.ALREADY_SUSPENDED));
      assertThat(e.seatsFreed()).isEmpty();
    }

    @Test
    void shouldRemoveFromOneGroupOrSkipNonMembers() {
      RuleDefinition r =
          new RuleDefinition(
              "r",
              true,
              List.of(),
              everyone,
              null,
              new RuleAction(RuleAction.Type.REMOVE_FROM_GROUP, "g-conf"),
              false);
      assertThat(eval(r, JIRA_100).operations())
          .containsExactly(PlannedOperation.leave(null, "g-conf", "g-conf-name"));
      assertThat(eval(r, JIRA_100).seatsFreed()).containsExactly("confluence");
      assertThat(eval(r, user("x", Map.of())).operations())
          .containsExactly(PlannedOperation.skip(null, PlannedOperation.NOT_A_MEMBER));
    }

    @Test
    void shouldFlagForReviewWithoutChanges() {
      UserEvaluation e = eval(rule(everyone, RuleAction.Type.FLAG_FOR_REVIEW), JIRA_100);
      assertThat(e.operations())
          .extracting(PlannedOperation::kind)
          .containsExactly(Kind.FLAG_FOR_REVIEW);
      assertThat(e.seatsFreed()).isEmpty();
    }
  }
}
