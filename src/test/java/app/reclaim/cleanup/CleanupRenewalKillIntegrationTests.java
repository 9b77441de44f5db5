package app.reclaim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.GraphQlHttp;
import app.reclaim.IntegrationTest;
import app.reclaim.ReclaimProcess;
import app.reclaim.SlowHolders;
import app.reclaim.security.Role;
import app.reclaim.simulator.AdminApiSimulator;
import app.reclaim.simulator.SimulatedAction;
import com.datastax.oss.driver.api.core.CqlSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A holder killed (SIGKILL) while its lease renewals are in flight: a Reclaim server process runs
 * EXECUTE runs of five orgs; the Cassandra node is paused (SIGSTOP) long enough for every run's
 * renewal LWT to be sent and hang, the process is killed, and only then the node goes on, so the
 * node may still apply a dead holder's renewal (its lease then lives a TTL past its death). This
 * test's instance resumes the runs once their leases lapse. Each run ends COMPLETED with each user
 * suspended once. Rounds of five runs until {@code -Dreclaim.test.slow-holder-rounds} (10) holders
 * were killed.
 */
class CleanupRenewalKillIntegrationTests extends IntegrationTest {

  private static final int PER_ROUND = 5;
  private static final int USERS = 150;

  @Autowired AdminApiSimulator simulator;
  @Autowired CleanupService cleanup;
  @Autowired CqlSession session;

  @AfterEach
  void clearFaults() {
    simulator.faults().clear();
  }

  @Test
  void shouldActOnceWhenTheHolderIsKilledDuringARenewal() throws Exception {
    int rounds = (SlowHolders.rounds() + PER_ROUND - 1) / PER_ROUND;
    for (int round = 0; round < rounds; round++) {
      String why = "round " + round;
      List<String> orgs =
          IntStream.range(0, PER_ROUND)
              .mapToObj(
                  i ->
                      CompletableFuture.supplyAsync(
                          () ->
                              simulatedOrg(
                                  java.util.concurrent.ThreadLocalRandom.current()
                                      .nextLong(1_000_000),
                                  USERS,
                                  6)))
              .toList()
              .stream()
              .map(CompletableFuture::join)
              .toList();
      List<String> rules = new ArrayList<>();
      for (String orgId : orgs) {
        simulator.faults(orgId).latency(Duration.ofMillis(60));
        rules.add(
            CleanupIntegrationTests.createRule(
                asAdmin(orgId), CleanupIntegrationTests.suspendEveryActiveUser()));
      }
      List<String> runIds = new ArrayList<>();
      try (ReclaimProcess holder =
          ReclaimProcess.start(
              List.of(
                  "--reclaim.simulator.enabled=false",
                  "--reclaim.atlassian.base-url=" + simulator.baseUrl(),
                  "--reclaim.cleanup.max-concurrent-runs=" + PER_ROUND))) {
        for (int i = 0; i < PER_ROUND; i++) {
          GraphQlHttp admin = new GraphQlHttp(holder.port()).bearer(token(orgs.get(i), Role.ADMIN));
          var started = ConfirmedStart.post(admin, rules.get(i), "EXECUTE");
          assertThat((List<?>) started.read("$.data.startCleanup.userErrors"))
              .as(started.body())
              .isEmpty();
          runIds.add(started.read("$.data.startCleanup.run.id"));
        }
        Awaitility.await(why + ": every run under way")
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> orgs.stream().allMatch(o -> suspends(o).size() >= 5));
        // Longer than the renewal interval (a quarter of the 6 s TTL): every lease's renewal is
        // sent and hangs; the holder dies with them in flight; the node then goes on.
        SlowHolders.pauseCassandra(
            Duration.ofMillis(2_000),
            () -> {
              try {
                assertThat(holder.kill9()).as("exit of a SIGKILLed JVM").isEqualTo(128 + 9);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
      }
      SlowHolders.awaitCassandra(session);
      Awaitility.await(why + ": the runs end")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(
              () -> {
                boolean ended = true;
                for (int i = 0; i < PER_ROUND; i++) {
                  cleanup.resumeInterrupted(orgs.get(i));
                  ended &= !"RUNNING".equals(run(orgs.get(i), runIds.get(i)).get("state"));
                }
                return ended;
              });
      Awaitility.await(why + ": executions end")
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> runIds.stream().noneMatch(r -> cleanup.executingHere(UUID.fromString(r))));
      for (int i = 0; i < PER_ROUND; i++) {
        check(why + ", org " + i, orgs.get(i), runIds.get(i));
      }
    }
  }

  private void check(String why, String orgId, String runId) {
    Map<String, Object> run = run(orgId, runId);
    assertThat(run.get("state")).as(why).isEqualTo("COMPLETED");
    assertThat(run.get("pending")).as(why + ": items not final").isEqualTo(0);
    assertThat((Integer) run.get("attempts")).as(why + ": resumed here").isGreaterThan(1);
    SuspendedOnce.check(simulator, () -> asViewer(orgId), orgId, runId, why);
  }

  private Map<String, Object> run(String orgId, String runId) {
    return CleanupProcessKillIntegrationTests.run(() -> asViewer(orgId), runId);
  }

  private List<SimulatedAction> suspends(String orgId) {
    return SuspendedOnce.suspends(simulator, orgId);
  }
}
