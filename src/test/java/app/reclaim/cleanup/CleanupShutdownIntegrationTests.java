package app.reclaim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.GraphQlHttp;
import app.reclaim.IntegrationTest;
import app.reclaim.ReclaimProcess;
import app.reclaim.security.Role;
import app.reclaim.simulator.AdminApiSimulator;
import app.reclaim.simulator.SimulatedAction;
import app.reclaim.store.Leases;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A Reclaim server process stopped with SIGTERM in the middle of an EXECUTE run: it starts no new
 * item, records the ones in flight, releases the run's lease and exits without an ERROR line, so
 * this test's instance resumes the run at once (not after the lease's TTL) and every user is
 * suspended exactly once.
 */
class CleanupShutdownIntegrationTests extends IntegrationTest {

  @Autowired AdminApiSimulator simulator;
  @Autowired CleanupService cleanup;
  @Autowired Leases leases;

  @AfterEach
  void clearFaults() {
    simulator.faults().clear();
  }

  @Test
  void shouldStopGracefullyOnSigtermAndBeResumedAtOnce() throws Exception {
    String orgId = simulatedOrg(91, 1_500, 12);
    String ruleId =
        CleanupIntegrationTests.createRule(
            asAdmin(orgId), CleanupIntegrationTests.suspendEveryActiveUser());
    // Slow enough upstream that the stop lands mid-run, whatever the machine's speed.
    simulator.faults(orgId).latency(Duration.ofMillis(5));
    List<String> arguments =
        List.of(
            "--reclaim.simulator.enabled=false",
            "--reclaim.atlassian.base-url=" + simulator.baseUrl(),
            "--reclaim.cleanup.scheduler-enabled=false");

    String runId;
    try (ReclaimProcess server = ReclaimProcess.start(arguments)) {
      GraphQlHttp admin = new GraphQlHttp(server.port()).bearer(token(orgId, Role.ADMIN));
      var started = ConfirmedStart.post(admin, ruleId, "EXECUTE");
      assertThat((List<?>) started.read("$.data.startCleanup.userErrors"))
          .as(started.body())
          .isEmpty();
      runId = started.read("$.data.startCleanup.run.id");
      Awaitility.await("some suspends before the stop")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> suspends(orgId).size() >= 100);
      long logBefore = Files.size(server.log());

      assertThat(server.terminate(Duration.ofSeconds(60)))
          .as("exit status of a JVM stopped by SIGTERM")
          .isEqualTo(128 + 15);
      String stopLog = Files.readString(server.log()).substring((int) logBefore);
      assertThat(stopLog).contains("stopped for shutdown").doesNotContain(" ERROR ");
    }

    assertThat(leases.holder(CleanupService.leaseName(orgId, ruleId)))
        .as("the run's lease, released by the stopping server")
        .isEmpty();
    Map<String, Object> atStop =
        CleanupProcessKillIntegrationTests.run(() -> asViewer(orgId), runId);
    assertThat(atStop.get("state")).isEqualTo("RUNNING");
    assertThat(CleanupIntegrationTests.items(() -> asViewer(orgId), runId, "IN_FLIGHT"))
        .as("every call in flight at the stop finished and was recorded")
        .isEmpty();

    cleanup.resumeInterrupted(orgId);
    Map<String, Object> run =
        CleanupIntegrationTests.awaitEnd(() -> asViewer(orgId), runId, Duration.ofMinutes(3));

    assertThat(run.get("state")).isEqualTo("COMPLETED");
    assertThat(run.get("attempts")).isEqualTo(2);
    List<SimulatedAction> suspends = suspends(orgId);
    assertThat(
            suspends.stream()
                .collect(Collectors.groupingBy(SimulatedAction::accountId, Collectors.counting()))
                .values())
        .as("upstream suspends per user")
        .containsOnly(1L);
    Set<String> done =
        CleanupIntegrationTests.items(() -> asViewer(orgId), runId, "DONE").stream()
            .map(i -> (String) i.get("accountId"))
            .collect(Collectors.toSet());
    assertThat(suspends.stream().map(SimulatedAction::accountId).collect(Collectors.toSet()))
        .as("users acted on upstream = items DONE")
        .isEqualTo(done);
  }

  List<SimulatedAction> suspends(String orgId) {
    return simulator.actions(orgId).stream().filter(a -> a.action().equals("suspend")).toList();
  }
}
