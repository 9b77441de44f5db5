package app.reclaim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.GraphQlHttp;
import app.reclaim.IntegrationTest;
import app.reclaim.ReclaimProcess;
import app.reclaim.organizations.CredentialsService;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.security.Role;
import app.reclaim.simulator.AdminApiSimulator;
import app.reclaim.simulator.SimulatedAction;
import app.reclaim.sync.DirectorySync;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A whole Reclaim server process killed with SIGKILL in the middle of a 5,000-user EXECUTE run,
 * then a new server process started: the run resumes from Cassandra, every item ends final, and the
 * simulator's action log shows each user suspended exactly once. The simulator (and this test's own
 * Spring context, whose cleanup scheduler is off) stay up; only the executing server dies.
 */
class CleanupProcessKillIntegrationTests extends IntegrationTest {

  static final int USERS = 6_200;

  @Autowired AdminApiSimulator simulator;
  @Autowired OrganizationService organizations;
  @Autowired CredentialsService credentials;
  @Autowired DirectorySync sync;

  @AfterEach
  void clearFaults() {
    simulator.faults().clear();
  }

  @Test
  void shouldFinishEveryItemAndActOnEachUserOnceAfterTheServerIsKilled9() throws Exception {
    String orgId = simulatedOrg(77, USERS, 24);
    String ruleId =
        CleanupIntegrationTests.createRule(
            asAdmin(orgId), CleanupIntegrationTests.suspendEveryActiveUser());
    // Slow enough upstream that the kill lands mid-run, whatever the machine's speed.
    simulator.faults(orgId).latency(Duration.ofMillis(5));
    List<String> arguments =
        List.of(
            "--reclaim.simulator.enabled=false",
            "--reclaim.atlassian.base-url=" + simulator.baseUrl(),
            "--reclaim.cleanup.scheduler-enabled=true",
            "--reclaim.cleanup.scheduler-interval=500ms");

    String runId;
    int actedBeforeKill;
    try (ReclaimProcess first = ReclaimProcess.start(arguments)) {
      var started = ConfirmedStart.post(on(first, orgId, Role.ADMIN), ruleId, "EXECUTE");
      assertThat((List<?>) started.read("$.data.startCleanup.userErrors"))
          .as(started.body())
          .isEmpty();
      runId = started.read("$.data.startCleanup.run.id");
      Awaitility.await("a thousand suspends before the kill")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> suspends(orgId).size() >= 1_000);

      assertThat(first.kill9()).as("exit status of a SIGKILLed JVM").isEqualTo(128 + 9);
      actedBeforeKill = suspends(orgId).size();
    }
    Map<String, Object> atKill = run(() -> asViewer(orgId), runId);
    assertThat(atKill.get("state")).as("the dead server's run").isEqualTo("RUNNING");
    assertThat((Integer) atKill.get("pending")).isPositive();

    Map<String, Object> run;
    try (ReclaimProcess second = ReclaimProcess.start(arguments)) {
      // The restarted server's resumer takes the run over once the dead owner's lease expires.
      run = CleanupIntegrationTests.awaitEnd(() -> asViewer(orgId), runId, Duration.ofMinutes(3));
    }

    assertThat(run.get("state")).isEqualTo("COMPLETED");
    assertThat((Integer) run.get("attempts")).isGreaterThanOrEqualTo(2);
    assertThat(run.get("pending")).isEqualTo(0);
    assertThat((Integer) run.get("itemCount")).isGreaterThanOrEqualTo(5_000);
    Supplier<GraphQlHttp> viewer = () -> asViewer(orgId);
    List<Map<String, Object>> items = CleanupIntegrationTests.items(viewer, runId, null);
    assertThat(items).hasSize((Integer) run.get("itemCount"));
    assertThat(items)
        .as("every item final")
        .allSatisfy(
            i -> assertThat(i.get("outcome")).isIn("DONE", "SKIPPED", "REQUIRES_IDP_ACTION"));

    List<SimulatedAction> suspends = suspends(orgId);
    assertThat(suspends.size()).as("suspends after the restart").isGreaterThan(actedBeforeKill);
    assertThat(
            suspends.stream()
                .collect(Collectors.groupingBy(SimulatedAction::accountId, Collectors.counting()))
                .values())
        .as("upstream suspends per user")
        .containsOnly(1L);
    Set<String> done =
        items.stream()
            .filter(i -> "DONE".equals(i.get("outcome")))
            .map(i -> (String) i.get("accountId"))
            .collect(Collectors.toSet());
    assertThat(done).hasSizeGreaterThanOrEqualTo(5_000);
    assertThat(suspends.stream().map(SimulatedAction::accountId).collect(Collectors.toSet()))
        .as("users acted on upstream = items DONE")
        .isEqualTo(done);
  }

  List<SimulatedAction> suspends(String orgId) {
    return simulator.actions(orgId).stream().filter(a -> a.action().equals("suspend")).toList();
  }

  GraphQlHttp on(ReclaimProcess process, String orgId, Role role) {
    return new GraphQlHttp(process.port()).bearer(token(orgId, role));
  }

  static Map<String, Object> run(Supplier<GraphQlHttp> viewer, String runId) {
    return viewer
        .get()
        .post(CleanupIntegrationTests.RUN, Map.of("id", runId))
        .read("$.data.cleanupRun");
  }
}
