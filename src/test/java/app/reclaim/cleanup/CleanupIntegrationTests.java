package app.reclaim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.GraphQlHttp;
import app.reclaim.IntegrationTest;
import app.reclaim.directory.DirectoryGroup;
import app.reclaim.directory.DirectoryWriter;
import app.reclaim.organizations.CredentialsService;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.simulator.AdminApiSimulator;
import app.reclaim.simulator.SimulatedAction;
import app.reclaim.sync.DirectorySync;
import com.jayway.jsonpath.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Cleanup runs over real GraphQL HTTP, executed through the real client against the simulator. */
class CleanupIntegrationTests extends IntegrationTest {

  static final String CREATE_RULE =
      "mutation($input: CreateRuleInput!) { createRule(input: $input) {"
          + " rule { id } userErrors { code message } } }";
  static final String START =
      "mutation($input: StartCleanupInput!) { startCleanup(input: $input) {"
          + " run { id state mode ruleId ruleVersion } userErrors { field code message } } }";
  static final String CANCEL =
      "mutation($input: CancelCleanupInput!) { cancelCleanup(input: $input) {"
          + " run { id cancelRequested } userErrors { code } } }";
  static final String RUN =
      """
      query($id: ID!) { cleanupRun(id: $id) { id state mode planned itemCount pending attempts
        counts { matched affected done failed skipped requiresIdpAction flagged previewed cancelled } } }""";
  static final String ITEMS =
      """
      query($id: ID!, $outcome: CleanupItemOutcome, $after: String) { cleanupRun(id: $id) {
        items(filter: {outcome: $outcome}, first: 100, after: $after) {
          pageInfo { hasNextPage endCursor }
          edges { node { seq accountId kind groupId groupName outcome reason upstreamStatus message
            directories } } } } }""";
  static final String RUNS =
      "query($filter: CleanupRunFilter) { cleanupRuns(filter: $filter, first: 50) {"
          + " edges { node { id state ruleId } } } }";

  @Autowired AdminApiSimulator simulator;

  @Autowired OrganizationService organizations;

  @Autowired CredentialsService credentials;

  @Autowired DirectorySync sync;

  @Autowired DirectoryWriter writer;

  @Autowired CleanupService cleanup;

  @AfterEach
  void clearFaults() {
    simulator.faults().clear();
  }

  static Map<String, Object> removeConfluence() {
    return Map.of(
        "name",
        "Idle Confluence " + UUID.randomUUID(),
        "scope",
        List.of("confluence"),
        "condition",
        Map.of("inactiveInProduct", Map.of("product", "confluence", "days", 30)),
        "action",
        Map.of("type", "REMOVE_PRODUCT_ACCESS"));
  }

  /** A SUSPEND rule matching every ACTIVE user (a fresh name each time). */
  static Map<String, Object> suspendEveryActiveUser() {
    return Map.of(
        "name",
        "Suspend every active user " + UUID.randomUUID(),
        "condition",
        Map.of("status", List.of("ACTIVE")),
        "action",
        Map.of("type", "SUSPEND"));
  }

  static Map<String, Object> suspendIdle() {
    return Map.of(
        "name",
        "Idle everywhere " + UUID.randomUUID(),
        "condition",
        Map.of("inactiveInAllProducts", Map.of("days", 30)),
        "action",
        Map.of("type", "SUSPEND"));
  }

  String createRule(String orgId, Map<String, Object> rule) {
    return createRule(asAdmin(orgId), rule);
  }

  /** Saves {@code rule} as {@code admin}'s org's, asserting it was valid; its id. */
  static String createRule(GraphQlHttp admin, Map<String, Object> rule) {
    var response = admin.post(CREATE_RULE, Map.of("input", Map.of("rule", rule)));
    assertThat((List<?>) response.read("$.data.createRule.userErrors"))
        .as(response.body())
        .isEmpty();
    return response.read("$.data.createRule.rule.id");
  }

  GraphQlHttp.Response start(GraphQlHttp client, String ruleId, String mode) {
    return client.post(
        ConfirmedStart.START, Map.of("input", Map.of("ruleId", ruleId, "mode", mode)));
  }

  GraphQlHttp.Response startConfirmed(GraphQlHttp client, String ruleId, String mode) {
    return ConfirmedStart.post(client, ruleId, mode);
  }

  String startOk(String orgId, String ruleId, String mode) {
    var response = startConfirmed(asAdmin(orgId), ruleId, mode);
    assertThat((List<?>) response.read("$.data.startCleanup.userErrors"))
        .as(response.body())
        .isEmpty();
    return response.read("$.data.startCleanup.run.id");
  }

  Map<String, Object> awaitEnd(String orgId, String runId) {
    return awaitEnd(() -> asViewer(orgId), runId, java.time.Duration.ofMinutes(2));
  }

  /** The run as {@code cleanupRun} shows it once it is no longer RUNNING. */
  static Map<String, Object> awaitEnd(
      Supplier<GraphQlHttp> viewer, String runId, java.time.Duration atMost) {
    return org.awaitility.Awaitility.await("run " + runId + " ends")
        .atMost(atMost)
        .pollInterval(java.time.Duration.ofMillis(100))
        .until(
            () ->
                viewer
                    .get()
                    .post(RUN, Map.of("id", runId))
                    .<Map<String, Object>>read("$.data.cleanupRun"),
            run -> !"RUNNING".equals(run.get("state")));
  }

  List<Map<String, Object>> items(String orgId, String runId, String outcome) {
    return items(() -> asViewer(orgId), runId, outcome);
  }

  /** Every item of a run with this outcome (all when null), page by page. */
  static List<Map<String, Object>> items(
      Supplier<GraphQlHttp> viewer, String runId, String outcome) {
    List<Map<String, Object>> out = new ArrayList<>();
    String after = null;
    do {
      Map<String, Object> vars = new HashMap<>(Map.of("id", runId));
      if (outcome != null) {
        vars.put("outcome", outcome);
      }
      if (after != null) {
        vars.put("after", after);
      }
      var response = viewer.get().post(ITEMS, vars);
      List<Map<String, Object>> nodes = response.read("$.data.cleanupRun.items.edges[*].node");
      out.addAll(nodes);
      after =
          Boolean.TRUE.equals(response.read("$.data.cleanupRun.items.pageInfo.hasNextPage"))
              ? response.read("$.data.cleanupRun.items.pageInfo.endCursor")
              : null;
    } while (after != null);
    return out;
  }

  static Set<String> keys(List<Map<String, Object>> items) {
    return items.stream()
        .map(i -> i.get("accountId") + "|" + i.get("groupId"))
        .collect(Collectors.toSet());
  }

  /** Upstream writes that changed something, per account and group: each should be exactly once. */
  Map<String, Long> changes(String orgId) {
    return simulator.actions(orgId).stream()
        .filter(a -> a.outcome() == SimulatedAction.Outcome.DONE)
        .collect(
            Collectors.groupingBy(
                a -> a.accountId() + "|" + a.groupId(), TreeMap::new, Collectors.counting()));
  }

  @Test
  void shouldActOnExactlyThePreviewedUsersOnceWithIdpSeatsNeverFailed()
      throws InterruptedException {
    String orgId = simulatedOrg(31, 300, 24);
    String ruleId = createRule(orgId, removeConfluence());

    String previewId = startOk(orgId, ruleId, "PREVIEW");
    Map<String, Object> preview = awaitEnd(orgId, previewId);
    assertThat(preview.get("state")).isEqualTo("COMPLETED");
    assertThat(simulator.actions(orgId)).as("a preview makes no upstream call").isEmpty();
    Set<String> planned = keys(items(orgId, previewId, "PLANNED"));
    Set<String> idp = keys(items(orgId, previewId, "REQUIRES_IDP_ACTION"));
    assertThat(planned).isNotEmpty();
    assertThat(idp).isNotEmpty();

    String runId = startOk(orgId, ruleId, "EXECUTE");
    Map<String, Object> run = awaitEnd(orgId, runId);

    assertThat(run.get("state")).isEqualTo("COMPLETED");
    assertThat(run.get("pending")).isEqualTo(0);
    assertThat(items(orgId, runId, null))
        .allSatisfy(
            i -> assertThat(i.get("outcome")).isIn("DONE", "SKIPPED", "REQUIRES_IDP_ACTION"));
    assertThat(keys(items(orgId, runId, "DONE"))).isEqualTo(planned);
    assertThat(keys(items(orgId, runId, "REQUIRES_IDP_ACTION"))).isEqualTo(idp);
    assertThat(items(orgId, runId, "REQUIRES_IDP_ACTION"))
        .allSatisfy(
            i -> {
              assertThat(i.get("groupName")).isNotNull();
              assertThat(i.get("reason")).isEqualTo("IDP_SYNCED_GROUP");
            });
    Map<String, Long> changes = changes(orgId);
    assertThat(changes.keySet()).isEqualTo(planned);
    assertThat(changes.values()).containsOnly(1L);
    Map<String, Object> counts = (Map<String, Object>) run.get("counts");
    assertThat(counts.get("done")).isEqualTo(planned.size());
    assertThat(counts.get("failed")).isEqualTo(0);
    // The mirror shows the removals before the next sync.
    String someone = planned.iterator().next();
    String account = someone.substring(0, someone.indexOf('|'));
    String group = someone.substring(someone.indexOf('|') + 1);
    assertThat(writer.known(orgId, List.of(account)).get(account).groupIds()).doesNotContain(group);
  }

  @Test
  void shouldReachTheSameFinalStateDespite5xxAnd429Bursts() throws InterruptedException {
    String clean = simulatedOrg(32, 250, 16);
    String faulty = simulatedOrg(32, 250, 16);
    simulator.faults(faulty).errorRate(0.2, 7).throttleBursts(7, 2);

    Map<String, Object> cleanRun =
        awaitEnd(clean, startOk(clean, createRule(clean, suspendIdle()), "EXECUTE"));
    String faultyId = startOk(faulty, createRule(faulty, suspendIdle()), "EXECUTE");
    Map<String, Object> faultyRun = awaitEnd(faulty, faultyId);

    assertThat(faultyRun.get("state")).isEqualTo("COMPLETED");
    assertThat(faultyRun.get("counts")).isEqualTo(cleanRun.get("counts"));
    assertThat(outcomes(faulty, faultyId)).isEqualTo(outcomes(clean, (String) cleanRun.get("id")));
    assertThat(simulator.requests(faulty))
        .anyMatch(r -> r.status() == 429)
        .anyMatch(r -> r.status() >= 500);
    assertThat(changes(faulty).values()).containsOnly(1L);
    assertThat(changes(faulty)).isEqualTo(changes(clean));
  }

  @Test
  void shouldWaitOutAnOpenBreakerAndActOnTheSameUsersAsACleanRun() throws InterruptedException {
    String clean = simulatedOrg(37, 200, 12);
    String faulty = simulatedOrg(37, 200, 12);
    Map<String, Object> cleanRun =
        awaitEnd(clean, startOk(clean, createRule(clean, suspendIdle()), "EXECUTE"));
    // 80 requests in a row answered 503: the breaker opens (and re-opens on its trial calls) while
    // the items wait it out; with the tries alone (4, 20 ms apart) they would fail BREAKER_OPEN.
    simulator.faults(faulty).outageFor(80);

    String faultyId = startOk(faulty, createRule(faulty, suspendIdle()), "EXECUTE");
    Map<String, Object> faultyRun = awaitEnd(faulty, faultyId);

    assertThat(simulator.requests(faulty)).anyMatch(r -> r.status() == 503);
    assertThat(items(faulty, faultyId, "FAILED")).isEmpty();
    assertThat(faultyRun.get("counts")).isEqualTo(cleanRun.get("counts"));
    assertThat(keys(items(faulty, faultyId, "DONE")))
        .isEqualTo(keys(items(clean, (String) cleanRun.get("id"), "DONE")));
    assertThat(changes(faulty).values()).containsOnly(1L);
  }

  Map<String, String> outcomes(String orgId, String runId) {
    Map<String, String> out = new TreeMap<>();
    items(orgId, runId, null)
        .forEach(
            i ->
                out.put(
                    i.get("accountId") + "|" + i.get("kind") + "|" + i.get("groupId"),
                    i.get("outcome") + "|" + i.get("reason")));
    return out;
  }

  @Test
  void shouldFailAPermanent4xxWithTheUpstreamReason() throws InterruptedException {
    String orgId = simulatedOrg(33, 200, 20);
    // The mirror believes an IdP-synced group is local: Atlassian refuses the removal with a 403.
    DirectoryGroup synced = MislabeledGroup.relabelLocal(writer, orgId);
    String ruleId = createRule(orgId, MislabeledGroup.leaveRule(synced));

    String runId = startOk(orgId, ruleId, "EXECUTE");
    Map<String, Object> run = awaitEnd(orgId, runId);

    assertThat(run.get("state")).isEqualTo("COMPLETED");
    List<Map<String, Object>> failed = items(orgId, runId, "FAILED");
    assertThat(failed)
        .isNotEmpty()
        .allSatisfy(
            i -> {
              assertThat(i.get("reason")).isEqualTo("UPSTREAM_REJECTED");
              assertThat(i.get("upstreamStatus")).isEqualTo(403);
              assertThat((String) i.get("message")).contains("identity provider");
            });
    assertThat(items(orgId, runId, "DONE")).isEmpty();
  }

  @Test
  void shouldResumeAKilledRunActingOnNoUserTwice() throws InterruptedException {
    String orgId = simulatedOrg(34, 400, 16);
    String ruleId = createRule(orgId, suspendIdle());

    // 400 users: over the default blast radius, so the count is confirmed as a client would.
    var refused = start(asAdmin(orgId), ruleId, "EXECUTE");
    assertThat(refused.<List<String>>read("$.data.startCleanup.userErrors[*].code"))
        .containsExactly("BLAST_RADIUS_EXCEEDED");
    int acting = refused.read("$.data.startCleanup.blastRadius.actingUsers");
    var killed = cleanup.runUntilKilled(orgId, ruleId, 6, acting);
    assertThat(killed.run().state()).isEqualTo(CleanupRun.State.RUNNING);
    String runId = killed.run().id().toString();
    assertThat(items(orgId, runId, "IN_FLIGHT")).isNotEmpty();
    assertThat(items(orgId, runId, "PENDING")).isNotEmpty();

    // Another owner takes the run over once the dead owner's lease (3 s in tests) has expired.
    org.awaitility.Awaitility.await("run " + runId + " resumed")
        .atMost(java.time.Duration.ofSeconds(30))
        .pollInterval(java.time.Duration.ofMillis(200))
        .until(
            () -> {
              cleanup.resumeInterrupted();
              return ((Number)
                          asViewer(orgId)
                              .post(RUN, Map.of("id", runId))
                              .<Map<String, Object>>read("$.data.cleanupRun")
                              .get("attempts"))
                      .intValue()
                  >= 2;
            });
    Map<String, Object> run = awaitEnd(orgId, runId);

    assertThat(run.get("state")).isEqualTo("COMPLETED");
    assertThat(run.get("attempts")).isEqualTo(2);
    assertThat(run.get("pending")).isEqualTo(0);
    List<Map<String, Object>> done = items(orgId, runId, "DONE");
    assertThat(done).anyMatch(i -> "VERIFIED_UPSTREAM".equals(i.get("reason")));
    assertThat(items(orgId, runId, "FAILED")).isEmpty();
    List<SimulatedAction> suspends =
        simulator.actions(orgId).stream().filter(a -> a.action().equals("suspend")).toList();
    assertThat(
            suspends.stream()
                .collect(Collectors.groupingBy(SimulatedAction::accountId, Collectors.counting()))
                .values())
        .as("upstream calls per user")
        .containsOnly(1L);
    assertThat(suspends.stream().map(SimulatedAction::accountId).collect(Collectors.toSet()))
        .isEqualTo(done.stream().map(i -> (String) i.get("accountId")).collect(Collectors.toSet()));
    assertThat(done)
        .allSatisfy(
            i ->
                assertThat(
                        simulator
                            .state(orgId)
                            .user((String) i.get("accountId"))
                            .orElseThrow()
                            .status())
                    .isEqualTo("suspended"));
  }

  @Test
  void shouldCancelARunLeavingNoItemUnfinished() throws InterruptedException {
    String orgId = simulatedOrg(35, 300, 16);
    simulator.faults(orgId).latency(Duration.ofMillis(30));
    String ruleId = createRule(orgId, suspendIdle());
    String runId = startOk(orgId, ruleId, "EXECUTE");

    var again = start(asAdmin(orgId), ruleId, "EXECUTE");
    assertThat((String) again.read("$.data.startCleanup.userErrors[0].code"))
        .isEqualTo("ALREADY_RUNNING");
    var cancel = asAdmin(orgId).post(CANCEL, Map.of("input", Map.of("runId", runId)));
    assertThat((List<?>) cancel.read("$.data.cancelCleanup.userErrors"))
        .as(cancel.body())
        .isEmpty();
    Map<String, Object> run = awaitEnd(orgId, runId);

    assertThat(run.get("state")).isEqualTo("CANCELLED");
    assertThat(run.get("pending")).isEqualTo(0);
    assertThat(items(orgId, runId, "CANCELLED")).isNotEmpty();
    assertThat(changes(orgId).size()).isEqualTo(items(orgId, runId, "DONE").size());
    var late = asAdmin(orgId).post(CANCEL, Map.of("input", Map.of("runId", runId)));
    assertThat((String) late.read("$.data.cancelCleanup.userErrors[0].code"))
        .isEqualTo("NOT_RUNNING");
  }

  @Test
  void shouldAnswerUserErrorsForUnknownDisabledAndUncredentialedRules() {
    String orgId = simulatedOrg(36, 50, 8);
    assertThat(
            (String)
                start(asAdmin(orgId), UUID.randomUUID().toString(), "EXECUTE")
                    .read("$.data.startCleanup.userErrors[0].code"))
        .isEqualTo("NOT_FOUND");
    Map<String, Object> disabled = new HashMap<>(suspendIdle());
    disabled.put("enabled", false);
    assertThat(
            (String)
                start(asAdmin(orgId), createRule(orgId, disabled), "EXECUTE")
                    .read("$.data.startCleanup.userErrors[0].code"))
        .isEqualTo("RULE_DISABLED");

    String noKey = freshOrgId();
    organizations.install(new InstallOrganization(noKey, "No key", "eu"));
    assertThat(
            (String)
                start(asAdmin(noKey), createRule(noKey, suspendIdle()), "EXECUTE")
                    .read("$.data.startCleanup.userErrors[0].code"))
        .isEqualTo("NO_CREDENTIALS");
  }

  static final String RUNS_WITH_ITEMS =
      """
      query { cleanupRuns(first: 10) { edges { node { id
        items(first: 7) { pageInfo { hasNextPage } edges { node { seq accountId outcome } } } } } } }""";

  @Test
  void shouldPageTheItemsOfEveryRunOfAListInOneQuery() {
    String orgId = simulatedOrg(36, 120, 8);
    List<String> runIds =
        List.of(removeConfluence(), suspendIdle(), removeConfluence()).stream()
            .map(rule -> startOk(orgId, createRule(orgId, rule), "PREVIEW"))
            .toList();
    runIds.forEach(id -> awaitEnd(orgId, id));

    var response = asViewer(orgId).post(RUNS_WITH_ITEMS, Map.of());

    List<Map<String, Object>> runs = response.read("$.data.cleanupRuns.edges[*].node");
    assertThat(runs).extracting(r -> r.get("id")).containsExactlyInAnyOrderElementsOf(runIds);
    for (Map<String, Object> run : runs) {
      List<Map<String, Object>> expected =
          items(orgId, (String) run.get("id"), null).stream()
              .limit(7)
              .map(
                  i ->
                      Map.of(
                          "seq",
                          i.get("seq"),
                          "accountId",
                          i.get("accountId"),
                          "outcome",
                          i.get("outcome")))
              .toList();
      assertThat(JsonPath.<List<Map<String, Object>>>read(run, "$.items.edges[*].node"))
          .as("first items of run %s", run.get("id"))
          .isNotEmpty()
          .isEqualTo(expected);
    }
  }

  @Test
  void shouldRefuseViewersAndKeepRunsOfOtherOrgsInvisible() throws InterruptedException {
    String orgA = simulatedOrg(37, 60, 8);
    String orgB = simulatedOrg(37, 60, 8);
    String ruleId = createRule(orgA, suspendIdle());

    var refused = start(asViewer(orgA), ruleId, "EXECUTE");
    assertThat((String) refused.read("$.errors[0].extensions.code")).isEqualTo("FORBIDDEN");

    String runId = startOk(orgA, ruleId, "PREVIEW");
    awaitEnd(orgA, runId);
    List<?> viewerRuns =
        asViewer(orgA)
            .post(RUNS, Map.of("filter", Map.of("ruleId", ruleId)))
            .read("$.data.cleanupRuns.edges");
    assertThat(viewerRuns).hasSize(1);

    assertThat((Object) asAdmin(orgB).post(RUN, Map.of("id", runId)).read("$.data.cleanupRun"))
        .isNull();
    assertThat((List<?>) asAdmin(orgB).post(RUNS, Map.of()).read("$.data.cleanupRuns.edges"))
        .isEmpty();
    assertThat((Object) asAdmin(orgB).post(ITEMS, Map.of("id", runId)).read("$.data.cleanupRun"))
        .isNull();
    assertThat(
            (String)
                asAdmin(orgB)
                    .post(CANCEL, Map.of("input", Map.of("runId", runId)))
                    .read("$.data.cancelCleanup.userErrors[0].code"))
        .isEqualTo("NOT_FOUND");
    assertThat(
            (String)
                start(asAdmin(orgB), ruleId, "EXECUTE")
                    .read("$.data.startCleanup.userErrors[0].code"))
        .isEqualTo("NOT_FOUND");
  }
}
