package app.reclaim.rules;

import static app.reclaim.rules.RuleEvaluatorTests.protecting;
import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.directory.AccountType;
import app.reclaim.directory.DirectoryGroup;
import app.reclaim.directory.DirectorySnapshot;
import app.reclaim.directory.DirectoryUser;
import app.reclaim.directory.GroupSource;
import app.reclaim.directory.SyntheticDirectory;
import app.reclaim.directory.UserStatus;
import app.reclaim.organizations.OrganizationSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The protections as a property of the evaluator, over many random directories, settings and rules
 * (the end-to-end property, with the simulator, is SafetyPropertyIntegrationTests): no org admin,
 * protected account, member of a protected group, or app account without {@code includeApps} is
 * ever MATCHED with an operation, and the preview's count of matches is the evaluator's, so a run
 * plans whom the preview showed. {@code -Dreclaim.test.protection-seed=N} replays a run.
 */
class ProtectionPropertyTests {

  static final int TRIALS = Integer.getInteger("reclaim.test.protection-trials", 300);
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  @Test
  void shouldNeverMatchAProtectedUserAndPreviewWhatTheEvaluatorPlans() {
    long base = Long.getLong("reclaim.test.protection-seed", new Random().nextLong());
    for (int t = 0; t < TRIALS; t++) {
      trial(base + t);
    }
  }

  private void trial(long seed) {
    Random random = new Random(seed);
    String why = "seed " + seed + " (-Dreclaim.test.protection-seed=" + seed + ")";
    SyntheticDirectory.Directory dir =
        SyntheticDirectory.generate(seed, 20 + random.nextInt(200), 4 + random.nextInt(16), NOW);
    List<DirectoryUser> users = new ArrayList<>(dir.users());
    // Org admins are rare in the synthetic directory: make some, at random.
    for (int i = 0; i < users.size(); i++) {
      if (random.nextInt(10) == 0) {
        users.set(i, admin(users.get(i)));
      }
    }
    DirectorySnapshot snapshot =
        new DirectorySnapshot(
            "org-" + seed,
            users,
            dir.groups().stream()
                .collect(Collectors.toMap(DirectoryGroup::id, Function.identity())));
    Set<String> protectedAccounts =
        pick(random, users.stream().map(DirectoryUser::accountId).toList(), random.nextInt(8));
    Set<String> protectedGroups =
        pick(random, dir.groups().stream().map(DirectoryGroup::id).toList(), random.nextInt(3));
    OrganizationSettings settings = protecting(protectedAccounts, protectedGroups);
    RuleDefinition rule = randomRule(random, dir.groups());

    List<UserEvaluation> verdicts =
        RuleEvaluator.evaluate(rule, snapshot, NOW, Protections.of(settings));

    List<UserEvaluation> matched = verdicts.stream().filter(UserEvaluation::matched).toList();
    assertThat(matched)
        .as(why)
        .allSatisfy(
            e -> {
              DirectoryUser u = e.user();
              assertThat(u.orgAdmin()).as(why + ": org admin matched").isFalse();
              assertThat(protectedAccounts).as(why).doesNotContain(u.accountId());
              assertThat(u.groupIds().stream().filter(protectedGroups::contains))
                  .as(why + ": member of a protected group matched")
                  .isEmpty();
              if (!rule.includeApps()) {
                assertThat(u.accountType()).as(why).isNotEqualTo(AccountType.APP);
              }
            });
    RulePreview preview =
        Previewer.preview(
            null,
            rule,
            snapshot,
            NOW,
            Protections.of(settings),
            new RulesProperties(Map.of(), "USD"),
            10,
            null);
    assertThat(preview.totals().matched()).as(why).isEqualTo(matched.size());
  }

  private static DirectoryUser admin(DirectoryUser u) {
    return new DirectoryUser(
        u.accountId(),
        u.name(),
        u.email(),
        u.accountType(),
        u.status(),
        u.managed(),
        true,
        u.idpSynced(),
        u.addedToOrg(),
        u.productAccess(),
        u.lastActiveByProduct(),
        u.groupIds());
  }

  private static RuleDefinition randomRule(Random random, List<DirectoryGroup> groups) {
    List<ConditionNode> conditions = new ArrayList<>();
    conditions.add(ConditionNode.status(UserStatus.ACTIVE));
    switch (random.nextInt(5)) {
      case 0 -> conditions.add(ConditionNode.inactiveInAllProducts(1 + random.nextInt(300)));
      case 1 -> conditions.add(ConditionNode.inactiveInAnyProduct(1 + random.nextInt(300)));
      case 2 -> conditions.add(ConditionNode.accountType(AccountType.ATLASSIAN, AccountType.APP));
      case 3 -> conditions.add(ConditionNode.neverActive(random.nextInt(100)));
      default -> {}
    }
    boolean includeApps = random.nextBoolean();
    List<DirectoryGroup> local =
        groups.stream().filter(g -> g.source() == GroupSource.LOCAL).toList();
    int kind = random.nextInt(4);
    RuleAction action;
    List<String> scope = List.of();
    if (kind == 0 || (kind == 2 && local.isEmpty())) {
      action = new RuleAction(RuleAction.Type.SUSPEND, null);
    } else if (kind == 1) {
      action = new RuleAction(RuleAction.Type.REMOVE_PRODUCT_ACCESS, null);
      scope =
          List.of(
              SyntheticDirectory.PRODUCTS.get(random.nextInt(SyntheticDirectory.PRODUCTS.size())));
    } else if (kind == 2) {
      action =
          new RuleAction(
              RuleAction.Type.REMOVE_FROM_GROUP, local.get(random.nextInt(local.size())).id());
    } else {
      action = new RuleAction(RuleAction.Type.FLAG_FOR_REVIEW, null);
    }
    return new RuleDefinition(
        "random",
        true,
        scope,
        ConditionNode.all(conditions.toArray(ConditionNode[]::new)),
        RuleExclusions.NONE,
        action,
        includeApps);
  }

  private static Set<String> pick(Random random, List<String> from, int count) {
    Set<String> out = new HashSet<>();
    while (out.size() < Math.min(count, from.size())) {
      out.add(from.get(random.nextInt(from.size())));
    }
    return out;
  }
}
