package app.reclaim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.GraphQlHttp;
import app.reclaim.IntegrationTest;
import app.reclaim.SlowHolders;
import app.reclaim.security.Role;
import app.reclaim.simulator.AdminApiSimulator;
import app.reclaim.simulator.SimulatedAction;
import app.reclaim.store.Leases;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Exactly once when the holder of a run is slow, not dead. Two Reclaim instances share Cassandra
 * and the simulator: A starts an EXECUTE run, B (and A itself) keep resuming runs whose lease
 * lapsed, and then A is made slow: its lease renewals late (a long GC pause), the Cassandra node
 * paused (SIGSTOP) for longer than the lease, or every core taken by busy threads. Each round
 * checks the simulator's action log: each user suspended once, the DONE items exactly the users
 * suspended, no item left PENDING or IN_FLIGHT, and nothing acted on after the run ended.
 */
class CleanupSlowHolderIntegrationTests extends IntegrationTest {

  private static final int USERS = 120;
  private static ConfigurableApplicationContext a;
  private static ConfigurableApplicationContext b;

  @Autowired AdminApiSimulator simulator;
  @Autowired com.datastax.oss.driver.api.core.CqlSession session;

  @Value("${reclaim.simulator.base-url}")
  String simulatorBaseUrl;

  @AfterEach
  void clear() {
    simulator.faults().clear();
    if (a != null) {
      a.getBean(Leases.class).faults().clear();
    }
  }

  @AfterAll
  static void stopInstances() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    a = null;
    b = null;
  }

  private void instances() {
    if (a == null) {
      a = SlowHolders.instance(simulatorBaseUrl);
      b = SlowHolders.instance(simulatorBaseUrl);
    }
  }

  @Test
  void shouldActOnceWhenTheHoldersRenewalsAreLate() {
    instances();
    int takenOver = 0;
    for (int round = 0; round < SlowHolders.rounds(); round++) {
      Map<String, Object> run =
          round(
              910 + round,
              "late renewals, round " + round,
              () ->
                  a.getBean(Leases.class)
                      .faults()
                      .delayRenewals(SlowHolders.LEASE_TTL.plusSeconds(1)));
      takenOver += (Integer) run.get("attempts") > 1 ? 1 : 0;
    }
    // A's lease lapses in every round, and B polls for lapsed runs every 100 ms.
    assertThat(takenOver).as("rounds in which another holder took the run over").isPositive();
  }

  @Test
  void shouldActOnceWhenCassandraIsPausedLongerThanTheLease() {
    instances();
    for (int round = 0; round < SlowHolders.rounds(); round++) {
      round(
          930 + round,
          "Cassandra paused, round " + round,
          () -> {
            SlowHolders.pauseCassandra(SlowHolders.LEASE_TTL.plusSeconds(1));
            SlowHolders.awaitCassandra(session);
          });
    }
  }

  @Test
  void shouldActOnceWhenTheCpuIsStarved() throws Exception {
    instances();
    int cores = Runtime.getRuntime().availableProcessors();
    for (int round = 0; round < SlowHolders.rounds(); round++) {
      try (AutoCloseable busy = SlowHolders.busyThreads(2 * cores)) {
        round(950 + round, "CPU starved, round " + round, () -> {});
      }
    }
  }

  /**
   * One round: a fresh org, an EXECUTE run started on A, {@code disturb} once a few users are
   * suspended, then both instances resume lapsed runs until it ends. The run as it ended.
   */
  private Map<String, Object> round(long seed, String why, Runnable disturb) {
    String orgId = simulatedOrg(seed, USERS, 6);
    simulator.faults(orgId).latency(Duration.ofMillis(60));
    String ruleId =
        CleanupIntegrationTests.createRule(
            asAdmin(orgId), CleanupIntegrationTests.suspendEveryActiveUser());
    GraphQlHttp onA = new GraphQlHttp(SlowHolders.port(a)).bearer(token(orgId, Role.ADMIN));
    var started = ConfirmedStart.post(onA, ruleId, "EXECUTE");
    assertThat((List<?>) started.read("$.data.startCleanup.userErrors"))
        .as(started.body())
        .isEmpty();
    String runId = started.read("$.data.startCleanup.run.id");
    Awaitility.await(why + ": first suspends")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> suspends(orgId).size() >= 5);

    disturb.run();
    CleanupService onB = b.getBean(CleanupService.class);
    CleanupService backOnA = a.getBean(CleanupService.class);
    Map<String, Object> run =
        Awaitility.await(why + ": the run ends")
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(100))
            // As a scheduler's tick does: a Cassandra that is reconnecting fails a tick, not the
            // test.
            .ignoreExceptions()
            .until(
                () -> {
                  onB.resumeInterrupted(orgId);
                  backOnA.resumeInterrupted(orgId);
                  return CleanupProcessKillIntegrationTests.run(() -> asViewer(orgId), runId);
                },
                r -> !"RUNNING".equals(r.get("state")));
    a.getBean(Leases.class).faults().clear();
    assertThat(run.get("state")).as(why).isEqualTo("COMPLETED");
    assertThat(run.get("pending")).as(why + ": items not final").isEqualTo(0);

    List<SimulatedAction> actions = suspends(orgId);
    assertThat(
            actions.stream()
                .collect(Collectors.groupingBy(SimulatedAction::accountId, Collectors.counting()))
                .values())
        .as(why + ": suspends per user")
        .containsOnly(1L);
    Set<String> done =
        CleanupIntegrationTests.items(() -> asViewer(orgId), runId, "DONE").stream()
            .map(i -> (String) i.get("accountId"))
            .collect(Collectors.toSet());
    assertThat(done)
        .as(why + ": DONE items = users suspended upstream")
        .isEqualTo(actions.stream().map(SimulatedAction::accountId).collect(Collectors.toSet()));
    assertThat(done).as(why + ": every active user suspended").hasSizeGreaterThan(USERS / 2);
    // A holder that lost the run has nothing left to act on, even a lease later.
    long total = actions.size();
    sleep(SlowHolders.LEASE_TTL);
    assertThat(suspends(orgId)).as(why + ": acted on after the run ended").hasSize((int) total);
    return run;
  }

  private List<SimulatedAction> suspends(String orgId) {
    return simulator.actions(orgId).stream().filter(x -> x.action().equals("suspend")).toList();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
