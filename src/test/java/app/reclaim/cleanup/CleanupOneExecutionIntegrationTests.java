package app.reclaim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.IntegrationTest;
import app.reclaim.simulator.AdminApiSimulator;
import app.reclaim.store.Leases;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One execution of a run per instance: when a run's lease lapses under a holder that is slow, not
 * dead, this instance's resumer does not start the run a second time beside it (two local runners
 * once acted on the same run at once, and one's late outcome overwrote the other's).
 */
class CleanupOneExecutionIntegrationTests extends IntegrationTest {

  @Autowired AdminApiSimulator simulator;
  @Autowired CleanupService cleanup;
  @Autowired Leases leases;

  @AfterEach
  void clearFaults() {
    simulator.faults().clear();
  }

  @Test
  void shouldNotResumeARunThisInstanceIsStillExecutingAfterItsLeaseLapsed() {
    for (int round = 0; round < 5; round++) {
      String orgId = simulatedOrg(80 + round, 150, 8);
      simulator.faults(orgId).latency(Duration.ofMillis(15));
      String ruleId =
          CleanupIntegrationTests.createRule(asAdmin(orgId), CleanupIntegrationTests.suspendIdle());
      var started = ConfirmedStart.post(asAdmin(orgId), ruleId, "EXECUTE");
      assertThat((List<?>) started.read("$.data.startCleanup.userErrors")).isEmpty();
      String runId = started.read("$.data.startCleanup.run.id");

      String lease = CleanupService.leaseName(orgId, ruleId);
      leases.holder(lease).ifPresent(owner -> leases.release(lease, owner));
      cleanup.resumeInterrupted(orgId);

      Map<String, Object> run =
          CleanupIntegrationTests.awaitEnd(() -> asViewer(orgId), runId, Duration.ofMinutes(2));
      String why = "round " + round;
      assertThat(run.get("state")).as(why).isEqualTo("COMPLETED");
      assertThat(run.get("attempts")).as(why + ": resumed beside itself").isEqualTo(1);
      assertThat(SuspendedOnce.check(simulator, () -> asViewer(orgId), orgId, runId, why))
          .as(why)
          .isNotEmpty();
    }
  }
}
