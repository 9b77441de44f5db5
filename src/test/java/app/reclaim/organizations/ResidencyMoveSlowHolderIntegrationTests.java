package app.reclaim.organizations;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.SlowHolders;
import app.reclaim.store.Leases;
import app.reclaim.store.OrgPartitionCatalog.Scope;
import app.reclaim.store.OrgPartitions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A residency move whose copy is slow, not dead: instance A copies an org from eu to de while its
 * lease renewals come late (a long GC pause), so its lease lapses mid-copy; the platform's status
 * call (served by this instance) then reports the move failed and its rollback cleans the target.
 * The slow copy must not write into de after that: once no copy runs any more, de holds no row of
 * the org, and the org is served from eu again. Repeated {@link SlowHolders#rounds()} times.
 */
class ResidencyMoveSlowHolderIntegrationTests extends OrgLifecycleTest {

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
  void shouldLeaveNothingInTheTargetWhenASlowCopyIsRolledBack() {
    if (a == null) {
      a = SlowHolders.instance(simulatorBaseUrl);
    }
    ResidencyMoves movesOnA = a.getBean(ResidencyMoves.class);
    Leases leasesOnA = a.getBean(Leases.class);
    int lapsed = 0;
    for (int round = 0; round < SlowHolders.rounds(); round++) {
      String why = "round " + round;
      String orgId = simulatedOrg(800 + round, 2_000, 20);
      String migrationId = "m-" + UUID.randomUUID();
      var scheduled = asPlatform().postJson(hooks(orgId) + "schedule", schedule(migrationId, "de"));
      assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(200);
      leasesOnA.faults().delayRenewals(SlowHolders.LEASE_TTL.plusSeconds(1));
      try {
        movesOnA.start(orgId, migrationId);
        String seen =
            Awaitility.await(why + ": the copy ends or lapses")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100))
                .until(
                    () -> status(orgId, migrationId).<String>read("$.status"),
                    s -> !s.equals("in-progress"));
        lapsed += seen.equals("failed") ? 1 : 0;
        var rolledBack = asPlatform().postJson(hooks(orgId) + "rollback", ref(migrationId));
        assertThat((String) rolledBack.read("$.status"))
            .as(rolledBack.body())
            .isEqualTo("rolled-back");
        Awaitility.await(why + ": no copy runs")
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> !movesOnA.copyingHere(orgId));
      } finally {
        leasesOnA.faults().clear();
      }
      long inTarget =
          partitions.enumerate(orgId, "eu", EnumSet.of(Scope.REGION)).stream()
              .mapToLong(p -> partitions.count(p, "de"))
              .sum();
      assertThat(inTarget).as(why + ": rows of the org left in de").isZero();
      assertThat(organizations.find(orgId).orElseThrow().region()).as(why).isEqualTo("eu");
    }
    assertThat(lapsed).as("rounds whose copy lapsed mid-copy").isPositive();
  }
}
