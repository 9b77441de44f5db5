package app.reclaim.store;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.IntegrationTest;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The lease promises fencing rests on, against the tests' Cassandra. */
class LeasesIntegrationTests extends IntegrationTest {

  @Autowired Leases leases;

  @Test
  void shouldIncreaseTheEpochOnEveryTakeoverAndKeepItThroughReleases() {
    String name = "test-lease:" + UUID.randomUUID();
    Lease first = leases.acquire(name, "a", Duration.ofSeconds(5)).orElseThrow();
    assertThat(leases.acquire(name, "b", Duration.ofSeconds(5))).as("held").isEmpty();
    leases.release(first);
    Lease second = leases.acquire(name, "b", Duration.ofSeconds(5)).orElseThrow();
    assertThat(second.epoch()).isEqualTo(first.epoch() + 1);
    assertThat(leases.holder(name)).contains("b");
  }

  @Test
  void shouldNeverRenewALeaseAnotherOwnerTookEvenAfterItWasReleased() {
    String name = "test-lease:" + UUID.randomUUID();
    Lease slow = leases.acquire(name, "slow", Duration.ofSeconds(2)).orElseThrow();
    Awaitility.await("the slow holder's lease expires")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> leases.holder(name).isEmpty());
    Lease other = leases.acquire(name, "other", Duration.ofSeconds(5)).orElseThrow();
    leases.release(other);

    assertThat(leases.renew(slow)).as("renewed after a takeover").isFalse();
    assertThat(slow.lost()).isTrue();
    assertThat(slow.validFor(Duration.ZERO)).isFalse();
    assertThat(leases.holder(name)).as("nobody took it back").isEmpty();
  }

  @Test
  void shouldRenewALapsedLeaseNobodyTookWithTheSameEpoch() {
    String name = "test-lease:" + UUID.randomUUID();
    Lease lease = leases.acquire(name, "late", Duration.ofSeconds(2)).orElseThrow();
    Awaitility.await("the lease expires")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> leases.holder(name).isEmpty());
    assertThat(lease.validFor(Duration.ZERO)).as("valid past the row").isFalse();

    assertThat(leases.renew(lease)).isTrue();
    assertThat(lease.validFor(Duration.ZERO)).isTrue();
    assertThat(leases.holder(name)).contains("late");
    assertThat(leases.acquire(name, "next", Duration.ofSeconds(5))).isEmpty();
  }

  @Test
  void shouldNotTakeBackAReleasedLeaseWithARenewalThatWasUnderWay() {
    String name = "test-lease:" + UUID.randomUUID();
    Lease lease = leases.acquire(name, "holder", Duration.ofSeconds(4)).orElseThrow();
    leases.faults().delayRenewals(Duration.ofSeconds(2));
    try {
      Leases.Keeping keeping = leases.keep(lease);
      Awaitility.await("a renewal under way")
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> leases.faults().renewalsDelayed() > 0);
      keeping.close();
      leases.release(lease);
      Awaitility.await("the renewal went on")
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> leases.faults().renewalsDelayed() == 0);
      assertThat(leases.holder(name)).as("taken back by the renewal under way").isEmpty();
    } finally {
      leases.faults().clear();
    }
  }
}
