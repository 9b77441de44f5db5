package app.reclaim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.GraphQlHttp;
import app.reclaim.IntegrationTest;
import app.reclaim.SlowHolders;
import app.reclaim.directory.DirectoryWriter;
import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import app.reclaim.simulator.AdminApiSimulator;
import app.reclaim.simulator.SimulatedAction;
import app.reclaim.simulator.SimulatorState;
import app.reclaim.store.Leases;
import app.reclaim.sync.DirectorySync;
import app.reclaim.sync.SyncJob;
import com.datastax.oss.driver.api.core.CqlSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Exactly once when the holder of a run or a sync is slow, not dead. Two Reclaim instances share
 * Cassandra and the simulator. In each round instance A starts EXECUTE runs of two orgs and FULL
 * syncs of two others; then A is made slow (its lease renewals late, as in a long GC pause; the
 * Cassandra node paused with SIGSTOP for longer than the lease; every core taken by busy threads)
 * while both instances keep resuming work whose lease lapsed, as their schedulers do. Five rounds
 * ({@code -Dreclaim.test.slow-holder-rounds}, halved) make ten disturbed holders of each kind per
 * test. Each round then checks, once no instance executes any of them any more:
 *
 * <ul>
 *   <li>each run: COMPLETED, each user suspended once in the simulator's action log, the DONE items
 *       exactly the users suspended, no item PENDING or IN_FLIGHT;
 *   <li>each sync: the job started is the one that COMPLETED (a resumer that came late must not
 *       start another), still COMPLETED (a stale holder's save would overwrite it), and every
 *       upstream user in the mirror.
 * </ul>
 */
class SlowHolderIntegrationTests extends IntegrationTest {

  /** Holders of each kind in one round, disturbed together. */
  private static final int PER_ROUND = 2;

  private static final int RUN_USERS = 120;
  private static final int SYNC_USERS = 200;
  private static ConfigurableApplicationContext a;
  private static ConfigurableApplicationContext b;

  @Autowired AdminApiSimulator simulator;
  @Autowired DirectoryWriter directory;
  @Autowired CqlSession session;

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
    int runsTakenOver = 0;
    int syncsTakenOver = 0;
    for (int round = 0; round < rounds(); round++) {
      for (Ends ends :
          round(
              "late renewals, round " + round,
              () ->
                  a.getBean(Leases.class)
                      .faults()
                      .delayRenewals(SlowHolders.LEASE_TTL.plusSeconds(1)))) {
        runsTakenOver += (Integer) ends.run().get("attempts") > 1 ? 1 : 0;
        syncsTakenOver += ends.sync().attempts() > 1 ? 1 : 0;
      }
    }
    // A's leases lapse in every round, and both instances look for lapsed work every 100 ms.
    assertThat(runsTakenOver).as("rounds in which another holder took the run over").isPositive();
    assertThat(syncsTakenOver).as("rounds in which another holder took the sync over").isPositive();
  }

  @Test
  void shouldActOnceWhenCassandraIsPausedLongerThanTheLease() {
    instances();
    for (int round = 0; round < rounds(); round++) {
      round(
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
    for (int round = 0; round < rounds(); round++) {
      try (AutoCloseable busy = SlowHolders.busyThreads(2 * cores)) {
        round("CPU starved, round " + round, () -> {});
      }
    }
  }

  private static int rounds() {
    return Math.max(1, SlowHolders.rounds() / PER_ROUND);
  }

  record Ends(Map<String, Object> run, SyncJob sync) {}

  /** One pair of holders: a run of one org and a sync of another, both started on A. */
  record Pair(String runOrg, UUID runId, String syncOrg, SyncJob job) {}

  /**
   * One round: {@link #PER_ROUND} pairs on fresh orgs started on A, {@code disturb} once all are
   * under way, then both instances resume lapsed work until all end.
   */
  private List<Ends> round(String why, Runnable disturb) {
    List<CompletableFuture<Pair>> starting = new ArrayList<>();
    for (int i = 0; i < PER_ROUND; i++) {
      String pair = why + ", pair " + i;
      starting.add(CompletableFuture.supplyAsync(() -> start(pair)));
    }
    List<Pair> pairs = starting.stream().map(CompletableFuture::join).toList();
    disturb.run();
    CleanupService runsB = b.getBean(CleanupService.class);
    CleanupService runsA = a.getBean(CleanupService.class);
    DirectorySync syncA = a.getBean(DirectorySync.class);
    DirectorySync syncB = b.getBean(DirectorySync.class);
    Awaitility.await(why + ": all end")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(100))
        // As a scheduler's tick does: a Cassandra that is reconnecting fails a tick, not the test.
        .ignoreExceptions()
        .until(
            () -> {
              boolean ended = true;
              for (Pair p : pairs) {
                runsB.resumeInterrupted(p.runOrg());
                runsA.resumeInterrupted(p.runOrg());
                syncB.resumeInterrupted(p.syncOrg());
                syncA.resumeInterrupted(p.syncOrg());
                ended &=
                    !"RUNNING".equals(run(p.runOrg(), p.runId()).get("state"))
                        && syncB.recentJobs(p.syncOrg(), 1).get(0).state() != SyncJob.State.RUNNING;
              }
              return ended;
            });
    a.getBean(Leases.class).faults().clear();
    // Once no instance executes any of them any more, nothing can act for them: a stale call or
    // save would show now.
    Awaitility.await(why + ": executions end")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                pairs.stream()
                    .noneMatch(
                        p ->
                            runsA.executingHere(p.runId())
                                || runsB.executingHere(p.runId())
                                || syncA.executingHere(p.syncOrg())
                                || syncB.executingHere(p.syncOrg())));
    return pairs.stream()
        .map(
            p ->
                new Ends(
                    checkRun(why, p.runOrg(), p.runId()), checkSync(why, p.syncOrg(), p.job())))
        .toList();
  }

  /** Two fresh orgs, a run of one and a sync of the other started on A and under way. */
  private Pair start(String why) {
    String runOrg = simulatedOrg(freshSeed(), RUN_USERS, 6);
    String syncOrg = simulatedOrg(freshSeed(), SYNC_USERS, 12);
    simulator.faults(runOrg).latency(Duration.ofMillis(60));
    // Each groups page asks every group's roles one after another: seconds of sync at 250 ms.
    simulator.faults(syncOrg).latency(Duration.ofMillis(250));
    String ruleId =
        CleanupIntegrationTests.createRule(
            asAdmin(runOrg), CleanupIntegrationTests.suspendEveryActiveUser());
    GraphQlHttp onA = new GraphQlHttp(SlowHolders.port(a)).bearer(token(runOrg, Role.ADMIN));
    var started = ConfirmedStart.post(onA, ruleId, "EXECUTE");
    assertThat((List<?>) started.read("$.data.startCleanup.userErrors"))
        .as(started.body())
        .isEmpty();
    UUID runId = UUID.fromString(started.read("$.data.startCleanup.run.id"));
    SyncJob job =
        a.getBean(DirectorySync.class)
            .start(new Caller(syncOrg, "slow-holder-test", Set.of(Role.ADMIN)), SyncJob.Kind.FULL)
            .job();
    assertThat(job).as(why + ": sync started").isNotNull();
    Awaitility.await(why + ": both under way")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> suspends(runOrg).size() >= 5);
    return new Pair(runOrg, runId, syncOrg, job);
  }

  private Map<String, Object> checkRun(String why, String orgId, UUID runId) {
    Map<String, Object> run = run(orgId, runId);
    assertThat(run.get("state")).as(why).isEqualTo("COMPLETED");
    assertThat(run.get("pending")).as(why + ": items not final").isEqualTo(0);
    Set<String> done =
        SuspendedOnce.check(simulator, () -> asViewer(orgId), orgId, runId.toString(), why);
    assertThat(done).as(why + ": active users suspended").hasSizeGreaterThan(RUN_USERS / 2);
    return run;
  }

  private SyncJob checkSync(String why, String orgId, SyncJob started) {
    List<SyncJob> jobs = b.getBean(DirectorySync.class).recentJobs(orgId, 1);
    SyncJob job = jobs.get(0);
    assertThat(job.id()).as(why + ": the job started is the org's last").isEqualTo(started.id());
    assertThat(job.state()).as(why + ": " + job.errorCode()).isEqualTo(SyncJob.State.COMPLETED);
    List<String> upstream =
        simulator.state(orgId).users().stream().map(SimulatorState.User::accountId).toList();
    assertThat(directory.known(orgId, upstream).keySet())
        .as(why + ": upstream users in the mirror")
        .containsExactlyInAnyOrderElementsOf(upstream);
    return job;
  }

  private Map<String, Object> run(String orgId, UUID runId) {
    return CleanupProcessKillIntegrationTests.run(() -> asViewer(orgId), runId.toString());
  }

  private List<SimulatedAction> suspends(String orgId) {
    return SuspendedOnce.suspends(simulator, orgId);
  }

  private static long freshSeed() {
    return java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000_000);
  }
}
