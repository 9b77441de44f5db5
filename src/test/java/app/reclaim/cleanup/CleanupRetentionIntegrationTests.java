package app.reclaim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.GraphQlHttp;
import app.reclaim.IntegrationTest;
import app.reclaim.organizations.CredentialsService;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.rules.PlannedOperation;
import app.reclaim.simulator.AdminApiSimulator;
import app.reclaim.store.RegionKeyspaces;
import app.reclaim.sync.DirectorySync;
import app.reclaim.sync.SyncJob;
import com.datastax.oss.driver.api.core.CqlSession;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Cleanup-log retention: runs are backdated through the repository (their end moved into the past,
 * as the clock would have done), then the retention job's pass runs with the real now. Runs that
 * ended longer ago than the org's cleanupLogRetentionDays lose their items and say so; the others,
 * and RUNNING runs however old, keep them.
 */
class CleanupRetentionIntegrationTests extends IntegrationTest {

  static final String RUN =
      """
      query($id: ID!) { cleanupRun(id: $id) { id state itemCount itemsPurgedAt
        counts { matched previewed skipped flagged requiresIdpAction }
        items(first: 100) { edges { node { seq accountId } } } } }""";
  static final String RETENTION =
      "mutation($input: UpdateSettingsInput!) { updateSettings(input: $input) {"
          + " settings { version cleanupLogRetentionDays } userErrors { code } } }";

  @Autowired AdminApiSimulator simulator;
  @Autowired OrganizationService organizations;
  @Autowired CredentialsService credentials;
  @Autowired DirectorySync sync;
  @Autowired CleanupRepository repository;
  @Autowired CleanupRetention retention;
  @Autowired CqlSession session;
  @Autowired RegionKeyspaces regions;

  @Test
  void shouldPurgeTheItemsOfRunsEndedBeforeTheOrgsRetentionAndSaySo() {
    String orgId = syncedOrg(61);
    String other = syncedOrg(62);
    setRetention(orgId, 0, 30);
    String ruleId = createRule(orgId);
    CleanupRun recent = backdate(orgId, finished(orgId, ruleId, "PREVIEW"), Duration.ofDays(20));
    CleanupRun fresh =
        repository.find(orgId, uuid(finished(orgId, ruleId, "PREVIEW"))).orElseThrow();
    // Last, since it suspends the users the previews list.
    CleanupRun old = backdate(orgId, finished(orgId, ruleId, "EXECUTE"), Duration.ofDays(40));
    CleanupRun stuck = oldRunningRun(orgId, Duration.ofDays(100));
    CleanupRun otherOld =
        backdate(other, finished(other, createRule(other), "PREVIEW"), Duration.ofDays(400));
    Map<String, Object> before = run(orgId, old.id());
    assertThat(itemRows(orgId, old)).isPositive();

    int purged = retention.purgeAll(Instant.now());

    assertThat(purged).as("runs purged in this pass, over every org").isGreaterThanOrEqualTo(1);
    Map<String, Object> after = run(orgId, old.id());
    assertThat(after.get("itemsPurgedAt")).isNotNull();
    assertThat(after.get("counts")).isEqualTo(before.get("counts"));
    assertThat(after.get("itemCount")).isEqualTo(before.get("itemCount"));
    assertThat((List<?>) ((Map<?, ?>) after.get("items")).get("edges")).isEmpty();
    assertThat(itemRows(orgId, old)).isZero();
    var export = asViewer(orgId).get("/exports/cleanup-runs/" + old.id() + "/items.csv");
    assertThat(export.status()).isEqualTo(410);
    assertThat((String) export.read("$.error.code")).isEqualTo("ITEMS_PURGED");
    assertThat((String) export.read("$.error.itemsPurgedAt")).isEqualTo(after.get("itemsPurgedAt"));
    assertThat(
            asViewer(orgId).get("/exports/cleanup-runs/" + old.id() + "/idp-actions.csv").status())
        .isEqualTo(410);
    var restore =
        asAdmin(orgId)
            .post(
                "mutation($input: RestoreCleanupInput!) { restoreCleanup(input: $input) {"
                    + " run { id } userErrors { code } } }",
                Map.of("input", Map.of("runId", old.id().toString())));
    assertThat((List<String>) restore.read("$.data.restoreCleanup.userErrors[*].code"))
        .containsExactly("ITEMS_PURGED");

    for (CleanupRun kept : List.of(recent, fresh, stuck)) {
      Map<String, Object> k = run(orgId, kept.id());
      assertThat(k.get("itemsPurgedAt")).as("run %s", kept.id()).isNull();
      assertThat((List<?>) ((Map<?, ?>) k.get("items")).get("edges")).isNotEmpty();
      assertThat(itemRows(orgId, kept)).isPositive();
    }
    assertThat(run(other, otherOld.id()).get("itemsPurgedAt"))
        .as("another org's run past its own (default, 365-day) retention")
        .isNotNull();

    // A second pass finds nothing more; a shorter retention then takes the 20-day-old run too.
    assertThat(retention.purge(orgId, Instant.now())).isZero();
    assertThat(run(orgId, old.id()).get("itemsPurgedAt")).isEqualTo(after.get("itemsPurgedAt"));
    setRetention(orgId, 1, 7);
    assertThat(retention.purge(orgId, Instant.now())).isEqualTo(1);
    assertThat(run(orgId, recent.id()).get("itemsPurgedAt")).isNotNull();
    assertThat(run(orgId, fresh.id()).get("itemsPurgedAt")).isNull();
    assertThat(run(orgId, stuck.id()).get("state")).isEqualTo("RUNNING");
    assertThat(itemRows(orgId, stuck)).isPositive();
  }

  String syncedOrg(long seed) {
    String orgId = freshOrgId();
    String key = simulator.addOrg(orgId, seed, 60, 8);
    organizations.install(new InstallOrganization(orgId, "Retention " + orgId, "eu"));
    credentials.set(orgId, key, LocalDate.now().plusDays(30));
    assertThat(sync.runNow(orgId, SyncJob.Kind.FULL).job().state())
        .isEqualTo(SyncJob.State.COMPLETED);
    return orgId;
  }

  void setRetention(String orgId, int version, int days) {
    var r =
        asAdmin(orgId)
            .post(
                RETENTION,
                Map.of(
                    "input", Map.of("expectedVersion", version, "cleanupLogRetentionDays", days)));
    assertThat((Integer) r.read("$.data.updateSettings.settings.cleanupLogRetentionDays"))
        .as(r.body())
        .isEqualTo(days);
  }

  String createRule(String orgId) {
    var r =
        asAdmin(orgId)
            .post(
                CleanupIntegrationTests.CREATE_RULE,
                Map.of("input", Map.of("rule", CleanupIntegrationTests.suspendIdle())));
    return r.read("$.data.createRule.rule.id");
  }

  String finished(String orgId, String ruleId, String mode) {
    var r = ConfirmedStart.post(asAdmin(orgId), ruleId, mode);
    String runId = r.read("$.data.startCleanup.run.id");
    Awaitility.await("run " + runId + " ends")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> run(orgId, uuid(runId)).get("state"), s -> !"RUNNING".equals(s));
    return runId;
  }

  /** The run as the clock would show it {@code ago} later: it started and ended that long ago. */
  CleanupRun backdate(String orgId, String runId, Duration ago) {
    CleanupRun r = repository.find(orgId, uuid(runId)).orElseThrow();
    CleanupRun moved =
        new CleanupRun(
            r.orgId(),
            r.id(),
            r.ruleId(),
            r.ruleVersion(),
            r.ruleName(),
            r.action(),
            r.mode(),
            r.state(),
            r.planned(),
            r.buckets(),
            r.items(),
            r.counts(),
            r.cancelRequested(),
            r.errorCode(),
            r.errorMessage(),
            r.attempts(),
            r.startedBy(),
            r.startedAt().minus(ago),
            r.updatedAt().minus(ago),
            r.finishedAt().minus(ago),
            r.restoresRunId(),
            r.itemsPurgedAt(),
            r.confirmCount(),
            r.blastRadius());
    repository.save(moved);
    return moved;
  }

  /** A PREVIEW run left RUNNING (its owner died) long ago, with one logged item. */
  CleanupRun oldRunningRun(String orgId, Duration ago) {
    Instant then = Instant.now().minus(ago);
    CleanupRun run =
        new CleanupRun(
            orgId,
            CleanupRepository.newRunId(),
            "r-stuck",
            1,
            "stuck",
            "FLAG_FOR_REVIEW",
            CleanupRun.Mode.PREVIEW,
            CleanupRun.State.RUNNING,
            true,
            1,
            1,
            CleanupRun.Counts.ZERO,
            false,
            null,
            null,
            1,
            "test",
            then,
            then,
            null,
            null,
            null,
            null,
            null);
    repository.insertItems(
        orgId,
        run.id(),
        List.of(
            new CleanupItem(
                0,
                "acct-stuck",
                PlannedOperation.Kind.FLAG_FOR_REVIEW,
                null,
                null,
                null,
                CleanupItem.Outcome.FLAGGED,
                null,
                null,
                null,
                0,
                then,
                null,
                null)));
    repository.save(run);
    return run;
  }

  Map<String, Object> run(String orgId, UUID runId) {
    GraphQlHttp.Response r = asViewer(orgId).post(RUN, Map.of("id", runId.toString()));
    return r.read("$.data.cleanupRun");
  }

  long itemRows(String orgId, CleanupRun run) {
    String keyspace = regions.keyspaceOf(organizations.regionOf(orgId)).asCql(true);
    long rows = 0;
    for (int b = 0; b < Math.max(1, run.buckets()); b++) {
      rows +=
          session
              .execute(
                  "SELECT count(*) FROM "
                      + keyspace
                      + ".cleanup_items WHERE org_id = ? AND run_id = ? AND bucket = ?",
                  orgId,
                  run.id(),
                  b)
              .one()
              .getLong(0);
    }
    return rows;
  }

  static UUID uuid(String id) {
    return UUID.fromString(id);
  }
}
