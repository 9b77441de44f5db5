package app.reclaim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.IntegrationTest;
import app.reclaim.simulator.AdminApiSimulator;
import app.reclaim.simulator.OrgSpec;
import app.reclaim.simulator.SimulatedAction;
import app.reclaim.simulator.SimulatorState;
import app.reclaim.sync.DirectorySync;
import app.reclaim.sync.SyncJob;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 17's findings against the simulator, which answers as Atlassian documents (and refuses
 * where the documentation is silent): each test failed with the client that wrote to "-", did not
 * expand {@code platformRoles}, keyed products by the human key and failed the sync on the v1
 * fallback's refusal.
 */
class UpstreamSafetyIntegrationTests extends IntegrationTest {

  static final String PREVIEW =
      """
      query($input: PreviewRuleInput!) { previewRule(input: $input, first: 1) {
        preview { totals { matched } seatsFreed { product seats } } userErrors { code } } }""";

  @Autowired AdminApiSimulator simulator;
  @Autowired DirectorySync sync;

  private String createRule(String orgId, Map<String, Object> rule) {
    return CleanupIntegrationTests.createRule(asAdmin(orgId), rule);
  }

  private String execute(String orgId, String ruleId) {
    var response = ConfirmedStart.post(asAdmin(orgId), ruleId, "EXECUTE");
    assertThat((List<?>) response.read("$.data.startCleanup.userErrors"))
        .as(response.body())
        .isEmpty();
    String runId = response.read("$.data.startCleanup.run.id");
    Map<String, Object> run =
        CleanupIntegrationTests.awaitEnd(() -> asViewer(orgId), runId, Duration.ofMinutes(2));
    assertThat(run.get("state")).isEqualTo("COMPLETED");
    return runId;
  }

  private List<Map<String, Object>> items(String orgId, String runId) {
    return CleanupIntegrationTests.items(() -> asViewer(orgId), runId, null);
  }

  @Test
  void shouldNeverSuspendAnOrgAdminOfAnOrgAnsweringAsDocumented() {
    String orgId = simulatedOrg(61, 90, 8);
    Set<String> admins =
        simulator.state(orgId).users().stream()
            .filter(u -> u.platformRoles().contains("atlassian/org-admin"))
            .map(SimulatorState.User::accountId)
            .collect(Collectors.toSet());
    assertThat(admins).as("the generated org has org admins").isNotEmpty();

    execute(orgId, createRule(orgId, CleanupIntegrationTests.suspendEveryActiveUser()));

    List<SimulatedAction> suspends =
        simulator.actions(orgId).stream().filter(a -> a.action().equals("suspend")).toList();
    assertThat(suspends).isNotEmpty();
    assertThat(suspends).noneMatch(a -> admins.contains(a.accountId()));
    assertThat(simulator.state(orgId).users())
        .filteredOn(u -> admins.contains(u.accountId()))
        .allSatisfy(u -> assertThat(u.memberships()).doesNotContainValue("suspended"));
  }

  @Test
  void shouldSuspendAndRestoreAUserInEachOfTheirDirectoriesAndNeverThroughDash() {
    String orgId = simulatedOrg(OrgSpec.of(freshOrgId(), 62, 120, 10).withDirectories(3), 30);
    Map<String, SimulatorState.User> before =
        simulator.state(orgId).users().stream()
            .collect(Collectors.toMap(SimulatorState.User::accountId, u -> u));

    String runId =
        execute(orgId, createRule(orgId, CleanupIntegrationTests.suspendEveryActiveUser()));

    assertThat(simulator.actions(orgId))
        .isNotEmpty()
        .allSatisfy(
            a -> {
              assertThat(a.directoryId()).isNotEqualTo("-");
              assertThat(a.outcome()).isNotEqualTo(SimulatedAction.Outcome.REJECTED);
            });
    List<Map<String, Object>> done =
        items(orgId, runId).stream().filter(i -> "DONE".equals(i.get("outcome"))).toList();
    assertThat(done)
        .as("some users are in two directories")
        .anyMatch(i -> ((List<?>) i.get("directories")).size() == 2);
    for (Map<String, Object> item : done) {
      String account = (String) item.get("accountId");
      Set<String> wasActiveIn =
          before.get(account).memberships().entrySet().stream()
              .filter(m -> m.getValue().equals("active"))
              .map(Map.Entry::getKey)
              .collect(Collectors.toSet());
      Set<String> suspendedIn =
          simulator.actions(orgId).stream()
              .filter(a -> a.action().equals("suspend") && a.accountId().equals(account))
              .map(SimulatedAction::directoryId)
              .collect(Collectors.toSet());
      assertThat(new HashSet<>((List<?>) item.get("directories")))
          .as("the item records every directory it suspended the user in, and only those")
          .isEqualTo(suspendedIn)
          .isEqualTo(wasActiveIn);
      assertThat(simulator.state(orgId).users())
          .filteredOn(u -> u.accountId().equals(account))
          .singleElement()
          .satisfies(
              u ->
                  assertThat(u.memberships())
                      .containsOnlyKeys(before.get(account).directoryIds())
                      .doesNotContainValue("active"));
    }
    assertThat(simulator.actions(orgId))
        .as("a suspend only where it changes something")
        .allMatch(a -> a.outcome() == SimulatedAction.Outcome.DONE);

    var restore =
        asAdmin(orgId)
            .post(
                "mutation($input: RestoreCleanupInput!) { restoreCleanup(input: $input) {"
                    + " run { id } userErrors { code message } } }",
                Map.of("input", Map.of("runId", runId)));
    assertThat((List<?>) restore.read("$.data.restoreCleanup.userErrors")).isEmpty();
    CleanupIntegrationTests.awaitEnd(
        () -> asViewer(orgId), restore.read("$.data.restoreCleanup.run.id"), Duration.ofMinutes(2));
    Map<String, SimulatorState.User> after =
        simulator.state(orgId).users().stream()
            .collect(Collectors.toMap(SimulatorState.User::accountId, u -> u));
    for (Map<String, Object> item : done) {
      String account = (String) item.get("accountId");
      assertThat(after.get(account).memberships())
          .as("restored in each directory it was suspended in, and only there")
          .isEqualTo(before.get(account).memberships());
    }
  }

  @Test
  void shouldFindTheSameLicensePathsWhateverKeySpellingTheApiUses() {
    String canonical = simulatedOrg(OrgSpec.of(freshOrgId(), 63, 150, 12), 30);
    String spelled =
        simulatedOrg(OrgSpec.of(freshOrgId(), 63, 150, 12).withAlternateProductKeys(true), 30);
    Map<String, Object> removeJira =
        Map.of(
            "name",
            "Idle Jira",
            "scope",
            List.of("jira-software"),
            "condition",
            Map.of("inactiveInProduct", Map.of("product", "jira-software", "days", 30)),
            "action",
            Map.of("type", "REMOVE_PRODUCT_ACCESS"));

    Map<String, Object> expected = preview(canonical, removeJira);
    Map<String, Object> actual = preview(spelled, removeJira);

    assertThat((Integer) ((Map<?, ?>) expected.get("totals")).get("matched")).isPositive();
    assertThat((List<?>) expected.get("seatsFreed")).isNotEmpty();
    assertThat(actual).isEqualTo(expected);
  }

  private Map<String, Object> preview(String orgId, Map<String, Object> rule) {
    var response = asViewer(orgId).post(PREVIEW, Map.of("input", Map.of("rule", rule)));
    assertThat((List<?>) response.read("$.data.previewRule.userErrors"))
        .as(response.body())
        .isEmpty();
    return response.read("$.data.previewRule.preview");
  }

  @Test
  void shouldSyncAnOrgWhoseAddedToOrgFallbackIsRefusedAndAskEachUserOnce() {
    // The original experience: the v1 last-active dates answer 403 (the simulator's documented
    // refusal); simulatedOrg asserts the first sync COMPLETED.
    String orgId = simulatedOrg(OrgSpec.of(freshOrgId(), 64, 200, 10).withDirectories(2), 30);
    String lastActive = "/v1/orgs/*/directory/users/*/last-active-dates";
    long askedFirst = simulator.requestCount(orgId, lastActive);
    assertThat(askedFirst).as("users whose v2 listing lacks addedToOrg were asked").isPositive();
    simulator.resetRequests(orgId);

    assertThat(sync.runNow(orgId, SyncJob.Kind.FULL).job().state())
        .isEqualTo(SyncJob.State.COMPLETED);

    assertThat(simulator.requestCount(orgId, lastActive))
        .as("a user asked by an earlier sync is not asked again")
        .isZero();
  }
}
