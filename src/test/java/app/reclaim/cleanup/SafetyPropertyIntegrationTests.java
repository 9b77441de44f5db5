package app.reclaim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.IntegrationTest;
import app.reclaim.simulator.AdminApiSimulator;
import app.reclaim.simulator.OrgSpec;
import app.reclaim.simulator.SimulatedAction;
import app.reclaim.simulator.SimulatorState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The safety invariants of issue 17 as properties over random organizations (size, directories,
 * admins, app accounts, IdP groups: the simulator's generator from a random seed), random settings
 * (protected accounts and groups) and random rules, end to end through GraphQL, the real client and
 * the simulator:
 *
 * <ul>
 *   <li>no org admin, protected account, member of a protected group, or app account (unless the
 *       rule opts apps in) is in an EXECUTE plan's acting items or in the simulator's action log;
 *   <li>the EXECUTE plan is the plan {@code previewRule} showed for the same data and settings;
 *   <li>a RESTORE of the run undoes exactly its DONE items: the upstream state afterwards is the
 *       state before the run, and the restore wrote nothing else.
 * </ul>
 *
 * Each trial's seed is in the assertion messages; {@code -Dreclaim.test.safety-seed=N} replays a
 * run and {@code -Dreclaim.test.safety-trials=N} widens it.
 */
class SafetyPropertyIntegrationTests extends IntegrationTest {

  static final int TRIALS = Integer.getInteger("reclaim.test.safety-trials", 10);

  static final String UPDATE_SETTINGS =
      "mutation($input: UpdateSettingsInput!) { updateSettings(input: $input) {"
          + " settings { version } userErrors { field code message } } }";
  static final String PREVIEW =
      """
      query($input: PreviewRuleInput!, $after: String) {
        previewRule(input: $input, first: 100, after: $after) {
          preview { matches { pageInfo { hasNextPage endCursor }
            edges { node { user { accountId } operations { kind groupId } } } } }
          userErrors { code message } } }""";
  static final String RESTORE =
      "mutation($input: RestoreCleanupInput!) { restoreCleanup(input: $input) {"
          + " run { id } userErrors { field code message } } }";

  static final List<String> PRODUCTS =
      List.of("jira-software", "confluence", "jira-servicedesk", "bitbucket");
  static final Set<String> ACTING = Set.of("SUSPEND", "LEAVE_GROUP");

  @Autowired AdminApiSimulator simulator;

  @Test
  void shouldNeverActOnProtectedAccountsExecuteThePreviewAndRestoreExactlyTheDoneItems() {
    long base = Long.getLong("reclaim.test.safety-seed", new Random().nextLong());
    for (int t = 0; t < TRIALS; t++) {
      trial(base + t);
    }
  }

  private void trial(long seed) {
    Random random = new Random(seed);
    String why = "trial seed " + seed + " (-Dreclaim.test.safety-seed=" + seed + ")";
    String orgId =
        simulatedOrg(
            OrgSpec.of(freshOrgId(), seed, 40 + random.nextInt(80), 6 + random.nextInt(8))
                .withDirectories(1 + random.nextInt(3)),
            30);
    SimulatorState.Org before = simulator.state(orgId);

    Set<String> protectedAccounts = pick(random, accountIds(before), random.nextInt(6));
    Set<String> protectedGroups = pick(random, groupIds(before), random.nextInt(3));
    protect(orgId, protectedAccounts, protectedGroups, why);
    boolean includeApps = random.nextBoolean();
    Map<String, Object> rule = randomRule(random, includeApps);
    String ruleId = createRule(orgId, rule);

    Set<String> previewed = previewPlan(orgId, ruleId, why);
    String runId = startExecute(orgId, ruleId, why);
    Map<String, Object> run =
        CleanupIntegrationTests.awaitEnd(() -> asViewer(orgId), runId, Duration.ofMinutes(2));
    assertThat(run.get("state")).as(why).isEqualTo("COMPLETED");
    List<Map<String, Object>> items = items(orgId, runId);

    // 1. Nobody protected is planned, and nobody protected is written to upstream.
    Set<String> untouchable = untouchable(before, protectedAccounts, protectedGroups, includeApps);
    Set<String> planned =
        items.stream()
            .filter(i -> ACTING.contains(i.get("kind")))
            .map(i -> (String) i.get("accountId"))
            .collect(Collectors.toSet());
    assertThat(planned)
        .as(why + ": acting items of protected accounts")
        .doesNotContainAnyElementsOf(untouchable);
    assertThat(simulator.actions(orgId))
        .as(why + ": upstream writes to protected accounts")
        .noneMatch(a -> untouchable.contains(a.accountId()));

    // 2. EXECUTE planned what the preview showed, operation for operation.
    assertThat(operations(items))
        .as(why + ": EXECUTE plan against previewRule")
        .isEqualTo(previewed);

    // 3. RESTORE undoes exactly the DONE items.
    List<Map<String, Object>> done =
        items.stream().filter(i -> "DONE".equals(i.get("outcome"))).toList();
    assertThat(items)
        .as(why + ": no failed item in a run without faults")
        .noneMatch(i -> "FAILED".equals(i.get("outcome")));
    if (done.isEmpty()) {
      return;
    }
    int writesBefore = simulator.actions(orgId).size();
    var restore = asAdmin(orgId).post(RESTORE, Map.of("input", Map.of("runId", runId)));
    assertThat((List<?>) restore.read("$.data.restoreCleanup.userErrors")).as(why).isEmpty();
    String restoreId = restore.read("$.data.restoreCleanup.run.id");
    assertThat(
            CleanupIntegrationTests.awaitEnd(
                    () -> asViewer(orgId), restoreId, Duration.ofMinutes(2))
                .get("state"))
        .as(why)
        .isEqualTo("COMPLETED");
    List<SimulatedAction> restoreWrites =
        simulator.actions(orgId).subList(writesBefore, simulator.actions(orgId).size());
    assertThat(
            restoreWrites.stream()
                .map(a -> a.accountId() + "|" + group(a.groupId()))
                .collect(Collectors.toSet()))
        .as(why + ": the restore wrote to exactly the DONE items")
        .isEqualTo(
            done.stream()
                .map(i -> i.get("accountId") + "|" + group(i.get("groupId")))
                .collect(Collectors.toSet()));
    assertThat(upstream(simulator.state(orgId)))
        .as(why + ": the upstream state after the restore is the state before the run")
        .isEqualTo(upstream(before));
  }

  private String createRule(String orgId, Map<String, Object> rule) {
    return CleanupIntegrationTests.createRule(asAdmin(orgId), rule);
  }

  private String startExecute(String orgId, String ruleId, String why) {
    // Acting users may outnumber billable ones (apps, users without a product): confirm the count.
    var response = ConfirmedStart.post(asAdmin(orgId), ruleId, "EXECUTE");
    assertThat((List<?>) response.read("$.data.startCleanup.userErrors"))
        .as(why + " " + response.body())
        .isEmpty();
    return response.read("$.data.startCleanup.run.id");
  }

  private static String group(Object groupId) {
    return groupId == null ? "-" : groupId.toString();
  }

  /**
   * Each user's membership per directory and groups, the upstream state a run and its restore
   * change.
   */
  private static Map<String, String> upstream(SimulatorState.Org org) {
    Map<String, String> out = new TreeMap<>();
    org.users()
        .forEach(
            u ->
                out.put(
                    u.accountId(),
                    new TreeMap<>(u.memberships()) + " " + new TreeSet<>(u.groupIds())));
    return out;
  }

  private Set<String> untouchable(
      SimulatorState.Org org,
      Set<String> protectedAccounts,
      Set<String> protectedGroups,
      boolean includeApps) {
    Set<String> out = new HashSet<>(protectedAccounts);
    for (SimulatorState.User u : org.users()) {
      if (u.platformRoles().contains("atlassian/org-admin")
          || (!includeApps && "app".equals(u.accountType()))
          || u.groupIds().stream().anyMatch(protectedGroups::contains)) {
        out.add(u.accountId());
      }
    }
    return out;
  }

  private void protect(String orgId, Set<String> accounts, Set<String> groups, String why) {
    Map<String, Object> input = new HashMap<>();
    input.put("expectedVersion", 0);
    input.put("protectedAccounts", List.copyOf(accounts));
    input.put("protectedGroups", List.copyOf(groups));
    var response = asAdmin(orgId).post(UPDATE_SETTINGS, Map.of("input", input));
    assertThat((List<?>) response.read("$.data.updateSettings.userErrors"))
        .as(why + " " + response.body())
        .isEmpty();
  }

  /** A random rule among the shapes admins write: who to pick, and what to do to them. */
  private static Map<String, Object> randomRule(Random random, boolean includeApps) {
    List<Map<String, Object>> conditions = new ArrayList<>();
    conditions.add(Map.of("status", List.of("ACTIVE")));
    switch (random.nextInt(4)) {
      case 0 ->
          conditions.add(Map.of("inactiveInAllProducts", Map.of("days", 1 + random.nextInt(200))));
      case 1 ->
          conditions.add(Map.of("inactiveInAnyProduct", Map.of("days", 1 + random.nextInt(200))));
      case 2 -> conditions.add(Map.of("accountType", List.of("ATLASSIAN", "APP")));
      default -> {}
    }
    Map<String, Object> rule = new HashMap<>();
    rule.put("name", "random " + random.nextLong());
    rule.put("condition", Map.of("all", conditions));
    rule.put("includeApps", includeApps);
    if (random.nextBoolean()) {
      String product = PRODUCTS.get(random.nextInt(PRODUCTS.size()));
      rule.put("scope", List.of(product));
      rule.put("action", Map.of("type", "REMOVE_PRODUCT_ACCESS"));
    } else {
      rule.put("action", Map.of("type", "SUSPEND"));
    }
    return rule;
  }

  /** Every operation {@code previewRule} plans for the saved rule, as account|kind|group. */
  private Set<String> previewPlan(String orgId, String ruleId, String why) {
    Set<String> out = new HashSet<>();
    String after = null;
    do {
      Map<String, Object> vars = new HashMap<>(Map.of("input", Map.of("ruleId", ruleId)));
      if (after != null) {
        vars.put("after", after);
      }
      var response = asViewer(orgId).post(PREVIEW, vars);
      assertThat((List<?>) response.read("$.data.previewRule.userErrors"))
          .as(why + " " + response.body())
          .isEmpty();
      List<Map<String, Object>> nodes =
          response.read("$.data.previewRule.preview.matches.edges[*].node");
      for (Map<String, Object> node : nodes) {
        String account = (String) ((Map<?, ?>) node.get("user")).get("accountId");
        for (Object op : (List<?>) node.get("operations")) {
          Map<?, ?> o = (Map<?, ?>) op;
          out.add(account + "|" + o.get("kind") + "|" + group(o.get("groupId")));
        }
      }
      after =
          Boolean.TRUE.equals(
                  response.read("$.data.previewRule.preview.matches.pageInfo.hasNextPage"))
              ? response.read("$.data.previewRule.preview.matches.pageInfo.endCursor")
              : null;
    } while (after != null);
    return out;
  }

  private static Set<String> operations(List<Map<String, Object>> items) {
    return items.stream()
        .map(i -> i.get("accountId") + "|" + i.get("kind") + "|" + group(i.get("groupId")))
        .collect(Collectors.toSet());
  }

  private List<Map<String, Object>> items(String orgId, String runId) {
    return CleanupIntegrationTests.items(() -> asViewer(orgId), runId, null);
  }

  private static List<String> accountIds(SimulatorState.Org org) {
    return org.users().stream().map(SimulatorState.User::accountId).toList();
  }

  private static List<String> groupIds(SimulatorState.Org org) {
    return org.groups().stream().map(SimulatorState.Group::id).toList();
  }

  private static Set<String> pick(Random random, List<String> from, int count) {
    Set<String> out = new HashSet<>();
    while (out.size() < Math.min(count, from.size())) {
      out.add(from.get(random.nextInt(from.size())));
    }
    return out;
  }
}
