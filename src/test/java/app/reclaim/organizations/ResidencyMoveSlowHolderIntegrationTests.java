package app.reclaim.organizations;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.SlowHolders;
import app.reclaim.store.Leases;
import app.reclaim.store.OrgPartitionCatalog.Scope;
import app.reclaim.store.OrgPartitions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Residency moves whose copy is slow, not dead: instance A copies orgs from eu to de while it is
 * made slow (its lease renewals late, as in a long GC pause, so each copy's lease lapses mid-copy;
 * the Cassandra node paused with SIGSTOP for longer than the lease; every core busy). The
 * platform's status call (served by this instance) reports what became of each move and its
 * rollback cleans the target. A slow copy must not write into de after that: once no copy runs any
 * more, de holds no row of the org, and the org is served from eu again. Five rounds of two moves
 * side by side per test (ten slow copies; {@code -Dreclaim.test.slow-holder-rounds}, halved).
 */
class ResidencyMoveSlowHolderIntegrationTests extends OrgLifecycleTest {

  private static final int PER_ROUND = 2;
  private static ConfigurableApplicationContext a;

  @Autowired OrgPartitions partitions;

  @Value("${reclaim.simulator.base-url}")
  String simulatorBaseUrl;

  @AfterAll
  static void stopInstance() {
    if (a != null) {
      a.close();
    }
    a = null;
  }

  @Test
  void shouldLeaveNothingInTheTargetWhenALateRenewingCopyIsRolledBack() {
    Leases leasesOnA = instance().getBean(Leases.class);
    int lapsed = 0;
    for (int round = 0; round < rounds(); round++) {
      leasesOnA.faults().delayRenewals(SlowHolders.LEASE_TTL.plusSeconds(1));
      try {
        lapsed += round("late renewals, round " + round, () -> {});
      } finally {
        leasesOnA.faults().clear();
      }
    }
    assertThat(lapsed).as("copies that lapsed mid-copy").isPositive();
  }

  @Test
  void shouldLeaveNothingInTheTargetWhenCassandraPausesDuringTheCopy() {
    instance();
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
  void shouldLeaveNothingInTheTargetWhenTheCpuIsStarved() throws Exception {
    instance();
    int cores = Runtime.getRuntime().availableProcessors();
    for (int round = 0; round < rounds(); round++) {
      try (AutoCloseable busy = SlowHolders.busyThreads(2 * cores)) {
        round("CPU starved, round " + round, () -> {});
      }
    }
  }

  private ConfigurableApplicationContext instance() {
    if (a == null) {
      // A 2 s lease: a copy counts on 1 s of it and copies only while a quarter of that remains, so
      // with its renewals late it stalls half a second after it started, whatever the machine's
      // speed (with 3 s, a quiet machine finished a 2,000-user copy before the stall).
      a = SlowHolders.instance(simulatorBaseUrl, "--reclaim.organizations.move-lease-ttl=2s");
    }
    return a;
  }

  private static int rounds() {
    return Math.max(1, SlowHolders.rounds() / PER_ROUND);
  }

  /**
   * One round: {@link #PER_ROUND} fresh orgs in eu, a move to de of each started on A, {@code
   * disturb} once they are started, then each rolled back through the platform's hooks on this
   * instance once its status is no longer in progress; checked once no copy runs on A any more.
   * Returns how many of the copies had lapsed (status failed).
   */
  private int round(String why, Runnable disturb) {
    ResidencyMoves movesOnA = a.getBean(ResidencyMoves.class);
    List<String> orgs =
        IntStream.range(0, PER_ROUND)
            .mapToObj(
                i -> CompletableFuture.supplyAsync(() -> simulatedOrg(freshSeed(), 2_000, 20)))
            .toList()
            .stream()
            .map(CompletableFuture::join)
            .toList();
    List<String> migrations = orgs.stream().map(o -> "m-" + UUID.randomUUID()).toList();
    for (int i = 0; i < PER_ROUND; i++) {
      var scheduled =
          asPlatform().postJson(hooks(orgs.get(i)) + "schedule", schedule(migrations.get(i), "de"));
      assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(200);
    }
    for (int i = 0; i < PER_ROUND; i++) {
      movesOnA.start(orgs.get(i), migrations.get(i));
    }
    disturb.run();
    int lapsed = 0;
    for (int i = 0; i < PER_ROUND; i++) {
      String orgId = orgs.get(i);
      String migrationId = migrations.get(i);
      String seen =
          Awaitility.await(why + ": the copy ends or lapses")
              .atMost(Duration.ofMinutes(1))
              .pollInterval(Duration.ofMillis(100))
              .ignoreExceptions()
              .until(
                  () -> status(orgId, migrationId).<String>read("$.status"),
                  s -> !s.equals("in-progress"));
      lapsed += seen.equals("failed") ? 1 : 0;
      String end =
          Awaitility.await(why + ": rolled back")
              .atMost(Duration.ofMinutes(1))
              .pollInterval(Duration.ofMillis(200))
              .ignoreExceptions()
              .until(
                  () ->
                      asPlatform()
                          .postJson(hooks(orgId) + "rollback", ref(migrationId))
                          .<String>read("$.status"),
                  "rolled-back"::equals);
      assertThat(end).as(why).isEqualTo("rolled-back");
    }
    Awaitility.await(why + ": no copy runs")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> orgs.stream().noneMatch(movesOnA::copyingHere));
    for (String orgId : orgs) {
      long inTarget =
          partitions.enumerate(orgId, "eu", EnumSet.of(Scope.REGION)).stream()
              .mapToLong(p -> partitions.count(p, "de"))
              .sum();
      assertThat(inTarget).as(why + ": rows of the org left in de").isZero();
      assertThat(organizations.find(orgId).orElseThrow().region()).as(why).isEqualTo("eu");
    }
    return lapsed;
  }

  private static long freshSeed() {
    return java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000_000);
  }
}
