package app.reclaim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.IntegrationTest;
import app.reclaim.organizations.CredentialsService;
import app.reclaim.organizations.InstallOrganization;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.simulator.AdminApiSimulator;
import app.reclaim.simulator.SimulatedAction;
import app.reclaim.sync.DirectorySync;
import app.reclaim.sync.SyncJob;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A cleanup run executing when a residency move starts pauses (stays RUNNING, releases its lease,
 * writes nothing while the org is frozen) and, resumed after the move, acts on every user exactly
 * once.
 */
class CleanupResidencyMoveIntegrationTests extends IntegrationTest {

  @Autowired AdminApiSimulator simulator;
  @Autowired OrganizationService organizations;
  @Autowired CredentialsService credentials;
  @Autowired DirectorySync sync;
  @Autowired CleanupService cleanup;

  @AfterEach
  void clearFaults() {
    simulator.faults().clear();
  }

  @Test
  void shouldPauseARunningRunForTheMoveAndActOnEachUserOnceAfterIt() {
    String orgId = freshOrgId();
    String key = simulator.addOrg(orgId, 93, 400, 16);
    organizations.install(new InstallOrganization(orgId, "Moving cleanup " + orgId, "eu"));
    credentials.set(orgId, key, LocalDate.now().plusDays(30));
    assertThat(sync.runNow(orgId, SyncJob.Kind.FULL).job().state())
        .isEqualTo(SyncJob.State.COMPLETED);
    String ruleId =
        asAdmin(orgId)
            .post(
                CleanupIntegrationTests.CREATE_RULE,
                Map.of("input", Map.of("rule", CleanupIntegrationTests.suspendIdle())))
            .read("$.data.createRule.rule.id");
    simulator.faults(orgId).latency(Duration.ofMillis(80));
    String runId =
        ConfirmedStart.post(asAdmin(orgId), ruleId, "EXECUTE").read("$.data.startCleanup.run.id");
    Awaitility.await("the run acts on its first users")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> run(orgId, runId),
            r ->
                ((Map<?, ?>) r.get("counts")).get("done") != null
                    && (Integer) ((Map<?, ?>) r.get("counts")).get("done") > 0);
    String migrationId = "m-" + UUID.randomUUID();
    String hooks = "/platform/installations/" + orgId + "/migration/";
    assertThat(
            asPlatform()
                .postJson(
                    hooks + "schedule",
                    "{\"migrationId\":\"" + migrationId + "\",\"location\":\"DE\"}")
                .status())
        .isEqualTo(200);
    assertThat(
            asPlatform()
                .postJson(hooks + "start", "{\"migrationId\":\"" + migrationId + "\"}")
                .status())
        .isEqualTo(202);
    String ready =
        Awaitility.await("the move is ready")
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () ->
                    asPlatform()
                        .get(hooks + "status?migrationId=" + migrationId)
                        .<String>read("$.status"),
                s -> !s.equals("in-progress"));
    assertThat(ready).isEqualTo("ready-to-commit");

    Map<String, Object> paused = run(orgId, runId);
    assertThat(paused.get("state")).as("paused, not failed or finished").isEqualTo("RUNNING");
    assertThat((Integer) paused.get("pending")).isPositive();
    assertThat(
            asPlatform()
                .postJson(hooks + "rollback", "{\"migrationId\":\"" + migrationId + "\"}")
                .<String>read("$.status"))
        .isEqualTo("rolled-back");
    simulator.faults(orgId).clear();
    cleanup.resumeInterrupted();
    Map<String, Object> done =
        Awaitility.await("the resumed run ends")
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> run(orgId, runId), r -> !"RUNNING".equals(r.get("state")));

    assertThat(done.get("state")).isEqualTo("COMPLETED");
    assertThat(((Map<?, ?>) done.get("counts")).get("failed")).isEqualTo(0);
    Map<String, Long> changes =
        simulator.actions(orgId).stream()
            .filter(a -> a.outcome() == SimulatedAction.Outcome.DONE)
            .collect(
                Collectors.groupingBy(
                    a -> a.accountId() + "|" + a.groupId(), TreeMap::new, Collectors.counting()));
    assertThat(changes).isNotEmpty();
    assertThat(changes.values()).as("no user acted on twice").containsOnly(1L);
    assertThat(((Map<?, ?>) done.get("counts")).get("done")).isEqualTo(changes.size());
  }

  Map<String, Object> run(String orgId, String runId) {
    return asViewer(orgId)
        .post(CleanupIntegrationTests.RUN, Map.of("id", runId))
        .read("$.data.cleanupRun");
  }
}
