package app.reclaim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.Csv4180;
import app.reclaim.GraphQlHttp;
import app.reclaim.IntegrationTest;
import app.reclaim.directory.DirectoryGroup;
import app.reclaim.directory.DirectoryUser;
import app.reclaim.directory.DirectoryWriter;
import app.reclaim.organizations.CredentialsService;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.simulator.AdminApiSimulator;
import app.reclaim.simulator.SimulatorState;
import app.reclaim.store.Leases;
import app.reclaim.sync.DirectorySync;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/** Run exports over HTTP and restoreCleanup, against the simulator through the real client. */
class CleanupExportRestoreIntegrationTests extends IntegrationTest {

  static final String RESTORE =
      "mutation($input: RestoreCleanupInput!) { restoreCleanup(input: $input) {"
          + " run { id mode state restoresRunId ruleId } userErrors { field code message } } }";
  static final String RUN =
      """
      query($id: ID!) { cleanupRun(id: $id) { id state mode restoresRunId itemCount pending
        counts { matched affected done failed skipped } } }""";

  @Autowired AdminApiSimulator simulator;

  @Autowired OrganizationService organizations;

  @Autowired CredentialsService credentials;

  @Autowired DirectorySync sync;

  @Autowired DirectoryWriter writer;

  @Autowired CleanupRepository repository;

  @Autowired Leases leases;

  String createRule(String orgId, Map<String, Object> rule) {
    var response =
        asAdmin(orgId)
            .post(CleanupIntegrationTests.CREATE_RULE, Map.of("input", Map.of("rule", rule)));
    assertThat((List<?>) response.read("$.data.createRule.userErrors"))
        .as(response.body())
        .isEmpty();
    return response.read("$.data.createRule.rule.id");
  }

  String startOk(String orgId, String ruleId, String mode) {
    var response = ConfirmedStart.post(asAdmin(orgId), ruleId, mode);
    assertThat((List<?>) response.read("$.data.startCleanup.userErrors"))
        .as(response.body())
        .isEmpty();
    return response.read("$.data.startCleanup.run.id");
  }

  Map<String, Object> awaitEnd(String orgId, String runId) {
    return org.awaitility.Awaitility.await("run " + runId + " ends")
        .atMost(java.time.Duration.ofMinutes(2))
        .pollInterval(java.time.Duration.ofMillis(100))
        .until(
            () ->
                asViewer(orgId)
                    .post(RUN, Map.of("id", runId))
                    .<Map<String, Object>>read("$.data.cleanupRun"),
            run -> !"RUNNING".equals(run.get("state")));
  }

  List<Map<String, Object>> items(String orgId, String runId, String outcome) {
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
      var response = asViewer(orgId).post(CleanupIntegrationTests.ITEMS, vars);
      List<Map<String, Object>> nodes = response.read("$.data.cleanupRun.items.edges[*].node");
      out.addAll(nodes);
      after =
          Boolean.TRUE.equals(response.read("$.data.cleanupRun.items.pageInfo.hasNextPage"))
              ? response.read("$.data.cleanupRun.items.pageInfo.endCursor")
              : null;
    } while (after != null);
    return out;
  }

  /** The fields an export and the GraphQL items share, as strings (null: empty). */
  static List<String> key(Map<String, Object> item) {
    return java.util.Arrays.asList(
        str(item.get("seq")),
        str(item.get("accountId")),
        str(item.get("kind")),
        str(item.get("groupId")),
        str(item.get("groupName")),
        str(item.get("outcome")),
        str(item.get("reason")));
  }

  static String str(Object o) {
    return o == null ? "" : o.toString();
  }

  /** The CSV's records as maps by header, the header checked. */
  static List<Map<String, String>> records(String csv, List<String> header) {
    List<List<String>> rows = Csv4180.records(csv);
    assertThat(rows.get(0)).isEqualTo(header);
    List<Map<String, String>> out = new ArrayList<>();
    for (List<String> r : rows.subList(1, rows.size())) {
      assertThat(r).hasSize(header.size());
      Map<String, String> m = new HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        m.put(header.get(i), r.get(i));
      }
      out.add(m);
    }
    return out;
  }

  static List<String> csvKey(Map<String, String> r) {
    return List.of(
        r.get("seq"),
        r.get("accountId"),
        r.get("kind"),
        r.get("groupId"),
        r.get("groupName"),
        r.get("outcome"),
        r.get("reason"));
  }

  @Test
  void shouldExportARunsItemsAsCsvAndJsonAndItsIdpActionsPerGroup() throws Exception {
    String orgId = simulatedOrg(41, 250, 16);
    String ruleId = createRule(orgId, CleanupIntegrationTests.removeConfluence());
    // Give an IdP-synced group that the run will name a formula-like name (with a comma and
    // quotes).
    String previewId = startOk(orgId, ruleId, "PREVIEW");
    awaitEnd(orgId, previewId);
    String idpGroup = (String) items(orgId, previewId, "REQUIRES_IDP_ACTION").get(0).get("groupId");
    DirectoryGroup g = writer.snapshot(orgId).groups().get(idpGroup);
    String formula = "=HYPERLINK(\"http://x\",\"y\")";
    writer.upsertGroups(
        orgId,
        List.of(new DirectoryGroup(g.id(), formula, g.description(), g.source(), null, g.roles())));

    String runId = startOk(orgId, ruleId, "EXECUTE");
    assertThat(awaitEnd(orgId, runId).get("state")).isEqualTo("COMPLETED");
    List<Map<String, Object>> all = items(orgId, runId, null);
    assertThat(all).extracting(i -> i.get("outcome")).contains("DONE", "REQUIRES_IDP_ACTION");

    String base = "/exports/cleanup-runs/" + runId;
    GraphQlHttp.Response csv = asViewer(orgId).get(base + "/items.csv");
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.contentType()).startsWith("text/csv");
    List<Map<String, String>> rows = records(csv.body(), CleanupExports.ITEM_COLUMNS);
    assertThat(rows.stream().map(CleanupExportRestoreIntegrationTests::csvKey).toList())
        .isEqualTo(
            all.stream()
                .map(i -> key(i).stream().map(v -> v.equals(formula) ? "'" + formula : v).toList())
                .toList());
    assertThat(rows).anyMatch(r -> r.get("groupName").equals("'" + formula));
    assertThat(csv.body()).doesNotContain("\n=").doesNotContain(",=");

    GraphQlHttp.Response done = asAdmin(orgId).get(base + "/items.csv?outcome=DONE");
    List<Map<String, String>> doneRows = records(done.body(), CleanupExports.ITEM_COLUMNS);
    assertThat(doneRows.stream().map(CleanupExportRestoreIntegrationTests::csvKey).toList())
        .isEqualTo(
            items(orgId, runId, "DONE").stream()
                .map(CleanupExportRestoreIntegrationTests::key)
                .toList())
        .isNotEmpty();

    GraphQlHttp.Response json =
        asViewer(orgId).get(base + "/items.json?outcome=REQUIRES_IDP_ACTION");
    assertThat(json.status()).isEqualTo(200);
    List<Map<String, Object>> jsonItems =
        JsonMapper.builder().build().readValue(json.body(), List.class);
    assertThat(jsonItems.stream().map(CleanupExportRestoreIntegrationTests::key).toList())
        .isEqualTo(
            items(orgId, runId, "REQUIRES_IDP_ACTION").stream()
                .map(CleanupExportRestoreIntegrationTests::key)
                .toList());
    List<Map<String, Object>> jsonAll =
        JsonMapper.builder()
            .build()
            .readValue(asViewer(orgId).get(base + "/items.json").body(), List.class);
    assertThat(jsonAll).hasSize(all.size());

    // The IdP owner's list: exactly the REQUIRES_IDP_ACTION users, grouped per group, with emails.
    GraphQlHttp.Response idp = asViewer(orgId).get(base + "/idp-actions.csv");
    assertThat(idp.status()).isEqualTo(200);
    List<Map<String, String>> idpRows =
        records(idp.body(), List.of("groupId", "groupName", "accountId", "email"));
    List<Map<String, Object>> idpItems = items(orgId, runId, "REQUIRES_IDP_ACTION");
    assertThat(idpRows.stream().map(r -> r.get("groupId") + "|" + r.get("accountId")).toList())
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(
            idpItems.stream()
                .map(i -> i.get("groupId") + "|" + i.get("accountId"))
                .collect(Collectors.toSet()));
    List<String> groupOrder = idpRows.stream().map(r -> r.get("groupId")).toList();
    assertThat(new LinkedHashSet<>(groupOrder))
        .as("each group's rows together")
        .hasSize((int) groupOrder.stream().distinct().count());
    for (int i = 1; i < groupOrder.size(); i++) {
      if (!groupOrder.get(i).equals(groupOrder.get(i - 1))) {
        assertThat(groupOrder.subList(0, i)).doesNotContain(groupOrder.get(i));
      }
    }
    Map<String, DirectoryUser> known =
        writer.known(orgId, idpRows.stream().map(r -> r.get("accountId")).toList());
    assertThat(idpRows)
        .allSatisfy(
            r -> assertThat(r.get("email")).isEqualTo(known.get(r.get("accountId")).email()));
    assertThat(idpRows)
        .filteredOn(r -> r.get("groupId").equals(idpGroup))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.get("groupName")).isEqualTo("'" + formula));
  }

  @Test
  void shouldRefuseExportsWithoutATokenAndHideOtherOrganizationsRuns() throws Exception {
    String orgId = simulatedOrg(42, 60, 6);
    String runId =
        startOk(orgId, createRule(orgId, CleanupIntegrationTests.removeConfluence()), "PREVIEW");
    awaitEnd(orgId, runId);
    String other = freshOrgId();
    organizations.install(new InstallOrganization(other, "Other " + other, "eu"));

    for (String file : List.of("items.csv", "items.json", "idp-actions.csv")) {
      String path = "/exports/cleanup-runs/" + runId + "/" + file;
      assertThat(anonymous().get(path).status()).isEqualTo(401);
      assertThat(withAuthorization("Bearer not-a-token").get(path).status()).isEqualTo(401);
      assertThat(asPlatform().get(path).status()).isEqualTo(403);
      assertThat(asAdmin(other).get(path).status()).isEqualTo(404);
      assertThat(asViewer(orgId).get(path).status()).isEqualTo(200);
    }
    assertThat(asViewer(orgId).get("/exports/cleanup-runs/not-a-run/items.csv").status())
        .isEqualTo(404);
    assertThat(
            asViewer(orgId)
                .get("/exports/cleanup-runs/" + runId + "/items.csv?outcome=NOPE")
                .status())
        .isEqualTo(400);
  }

  @Test
  void shouldNeutraliseFormulaCellsAndQuoteAsRfc4180() {
    assertThat(CleanupExports.cell("=1+2")).isEqualTo("'=1+2");
    assertThat(CleanupExports.cell("+1")).isEqualTo("'+1");
    assertThat(CleanupExports.cell("-1")).isEqualTo("'-1");
    assertThat(CleanupExports.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(CleanupExports.cell("a,b")).isEqualTo("\"a,b\"");
    assertThat(CleanupExports.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(CleanupExports.cell("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(CleanupExports.cell(null)).isEmpty();
    assertThat(CleanupExports.cell("plain")).isEqualTo("plain");
  }

  /** The accounts with a DONE change in the run. */
  Set<String> changed(String orgId, String runId) {
    return items(orgId, runId, "DONE").stream()
        .map(i -> (String) i.get("accountId"))
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  String restoreOk(String orgId, String runId, List<String> accountIds) {
    Map<String, Object> input = new HashMap<>(Map.of("runId", runId));
    if (accountIds != null) {
      input.put("accountIds", accountIds);
    }
    var response = asAdmin(orgId).post(RESTORE, Map.of("input", input));
    assertThat((List<?>) response.read("$.data.restoreCleanup.userErrors"))
        .as(response.body())
        .isEmpty();
    assertThat((String) response.read("$.data.restoreCleanup.run.mode")).isEqualTo("RESTORE");
    assertThat((String) response.read("$.data.restoreCleanup.run.restoresRunId")).isEqualTo(runId);
    return response.read("$.data.restoreCleanup.run.id");
  }

  @Test
  void shouldRestoreRemovedMembershipsOfTheChosenUsersOnly() throws Exception {
    String orgId = simulatedOrg(43, 250, 16);
    SimulatorState.Org before = simulator.state(orgId);
    String runId =
        startOk(orgId, createRule(orgId, CleanupIntegrationTests.removeConfluence()), "EXECUTE");
    assertThat(awaitEnd(orgId, runId).get("state")).isEqualTo("COMPLETED");
    List<String> changed = new ArrayList<>(changed(orgId, runId));
    assertThat(changed).hasSizeGreaterThan(3);
    List<String> chosen = changed.subList(0, 3);
    List<String> others = changed.subList(3, changed.size());
    SimulatorState.Org afterRun = simulator.state(orgId);
    assertThat(chosen).allSatisfy(a -> assertThat(afterRun.user(a)).isNotEqualTo(before.user(a)));

    String restoreId = restoreOk(orgId, runId, chosen);
    Map<String, Object> restore = awaitEnd(orgId, restoreId);

    assertThat(restore.get("state")).isEqualTo("COMPLETED");
    assertThat(restore.get("pending")).isEqualTo(0);
    SimulatorState.Org after = simulator.state(orgId);
    assertThat(chosen).allSatisfy(a -> assertThat(after.user(a)).isEqualTo(before.user(a)));
    assertThat(others).allSatisfy(a -> assertThat(after.user(a)).isEqualTo(afterRun.user(a)));
    // The restore's log: one DONE item per membership the run removed from the chosen users.
    List<Map<String, Object>> restored = items(orgId, restoreId, null);
    assertThat(restored).allSatisfy(i -> assertThat(i.get("outcome")).isEqualTo("DONE"));
    assertThat(
            restored.stream()
                .map(i -> i.get("accountId") + "|" + i.get("groupId"))
                .collect(Collectors.toSet()))
        .isEqualTo(
            items(orgId, runId, "DONE").stream()
                .filter(i -> chosen.contains(i.get("accountId")))
                .map(i -> i.get("accountId") + "|" + i.get("groupId"))
                .collect(Collectors.toSet()));
    assertThat((Map<String, Object>) restore.get("counts")).containsEntry("affected", 3);
    // The mirror shows the memberships back, and the restore is listed among the runs.
    Map<String, DirectoryUser> mirrored = writer.known(orgId, chosen);
    restored.forEach(
        i ->
            assertThat(mirrored.get((String) i.get("accountId")).groupIds())
                .contains((String) i.get("groupId")));
    List<String> listed =
        asViewer(orgId)
            .post(CleanupIntegrationTests.RUNS, Map.of())
            .read("$.data.cleanupRuns.edges[*].node.id");
    assertThat(listed).contains(restoreId, runId);
  }

  @Test
  void shouldRestoreEverySuspendedUserOfARun() throws Exception {
    String orgId = simulatedOrg(44, 200, 12);
    SimulatorState.Org before = simulator.state(orgId);
    String runId =
        startOk(orgId, createRule(orgId, CleanupIntegrationTests.suspendIdle()), "EXECUTE");
    assertThat(awaitEnd(orgId, runId).get("state")).isEqualTo("COMPLETED");
    Set<String> suspended = changed(orgId, runId);
    assertThat(suspended)
        .isNotEmpty()
        .allSatisfy(
            a ->
                assertThat(simulator.state(orgId).user(a).orElseThrow().status())
                    .isEqualTo("suspended"));

    String restoreId = restoreOk(orgId, runId, null);
    assertThat(awaitEnd(orgId, restoreId).get("state")).isEqualTo("COMPLETED");

    assertThat(simulator.state(orgId).users()).isEqualTo(before.users());
    assertThat(items(orgId, restoreId, "DONE"))
        .hasSize(suspended.size())
        .allSatisfy(i -> assertThat(i.get("kind")).isEqualTo("SUSPEND"));
    assertThat(writer.known(orgId, suspended).values())
        .allSatisfy(u -> assertThat(u.status()).isEqualTo(app.reclaim.directory.UserStatus.ACTIVE));
  }

  @Test
  void shouldRefuseViewersAndAnswerUserErrors() throws Exception {
    String orgId = simulatedOrg(45, 80, 8);
    String ruleId = createRule(orgId, CleanupIntegrationTests.removeConfluence());
    String previewId = startOk(orgId, ruleId, "PREVIEW");
    awaitEnd(orgId, previewId);
    String runId = startOk(orgId, ruleId, "EXECUTE");
    awaitEnd(orgId, runId);

    var viewer = asViewer(orgId).post(RESTORE, Map.of("input", Map.of("runId", runId)));
    assertThat(viewer.body()).contains("FORBIDDEN");
    assertThat(viewer.body()).doesNotContain("RESTORE\"");

    assertThat(restoreError(orgId, Map.of("runId", Uuids.timeBased().toString())))
        .isEqualTo("runId|NOT_FOUND");
    assertThat(restoreError(orgId, Map.of("runId", "nonsense"))).isEqualTo("runId|NOT_FOUND");
    String other = freshOrgId();
    organizations.install(new InstallOrganization(other, "Other " + other, "eu"));
    assertThat(restoreError(other, Map.of("runId", runId))).isEqualTo("runId|NOT_FOUND");
    assertThat(restoreError(orgId, Map.of("runId", previewId))).isEqualTo("runId|NOT_RESTORABLE");
    assertThat(
            restoreError(orgId, Map.of("runId", runId, "accountIds", List.of("no-such-account"))))
        .isEqualTo("accountIds|NOT_IN_RUN");

    Instant now = Instant.now();
    CleanupRun running =
        new CleanupRun(
            orgId,
            CleanupRepository.newRunId(),
            "r-elsewhere",
            1,
            "elsewhere",
            "SUSPEND",
            CleanupRun.Mode.EXECUTE,
            CleanupRun.State.RUNNING,
            true,
            1,
            0,
            CleanupRun.Counts.ZERO,
            false,
            null,
            null,
            1,
            "test",
            now,
            now,
            null,
            null,
            null,
            null,
            null);
    repository.save(running);
    assertThat(restoreError(orgId, Map.of("runId", running.id().toString())))
        .isEqualTo("runId|NOT_FINISHED");

    String lease = CleanupService.restoreLeaseName(orgId, UUID.fromString(runId));
    assertThat(leases.tryAcquire(lease, "another-instance", Duration.ofMinutes(1))).isTrue();
    try {
      assertThat(restoreError(orgId, Map.of("runId", runId))).isEqualTo("runId|ALREADY_RUNNING");
    } finally {
      leases.release(lease, "another-instance");
    }
    assertThat(awaitEnd(orgId, restoreOk(orgId, runId, null)).get("state")).isEqualTo("COMPLETED");
  }

  String restoreError(String orgId, Map<String, Object> input) {
    var response = asAdmin(orgId).post(RESTORE, Map.of("input", input));
    List<Map<String, Object>> errors = response.read("$.data.restoreCleanup.userErrors");
    assertThat(errors).as(response.body()).hasSize(1);
    assertThat((Object) response.read("$.data.restoreCleanup.run")).isNull();
    List<?> field = (List<?>) errors.get(0).get("field");
    return field.get(field.size() - 1) + "|" + errors.get(0).get("code");
  }
}
