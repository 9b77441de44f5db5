package app.reclaim.organizations;

import app.reclaim.store.Leases;
import app.reclaim.store.OrgPartitionCatalog;
import app.reclaim.store.OrgPartitions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Waits, after an org was frozen in the registry, until nothing writes its data any more: first for
 * longer than the registry cache TTL (every instance has read the freeze; requests already past the
 * check have finished), then until the org's leases are free (running syncs and cleanup runs notice
 * the freeze between two steps, stop, and release their lease; they resume after the move).
 */
@Component
class OrgQuiescer {

  private static final Duration POLL = Duration.ofMillis(100);

  private final OrgPartitions partitions;
  private final Leases leaseTable;
  private final OrganizationsProperties properties;

  OrgQuiescer(OrgPartitions partitions, Leases leaseTable, OrganizationsProperties properties) {
    this.partitions = partitions;
    this.leaseTable = leaseTable;
    this.properties = properties;
  }

  /** An org whose work did not stop within {@code reclaim.organizations.quiesce-timeout}. */
  static final class NotQuiet extends RuntimeException {
    NotQuiet(String message) {
      super(message);
    }
  }

  /**
   * Returns once the org is quiet; {@code heartbeat} runs between waits (a caller holding a lease
   * renews it there). Leases named in {@code ignore} (the caller's own) do not count.
   *
   * @throws NotQuiet when a lease is still held after the timeout
   */
  void awaitQuiet(String orgId, String region, Set<String> ignore, Runnable heartbeat) {
    sleep(properties.freezeWait(), heartbeat);
    List<OrgPartitions.Partition> leases =
        partitions.enumerate(orgId, region, Set.of(OrgPartitionCatalog.Scope.CONTROL)).stream()
            .filter(p -> p.table().name().equals("leases"))
            .filter(p -> !ignore.contains((String) p.key().get(0)))
            .toList();
    long deadline = System.nanoTime() + properties.quiesceTimeout().toNanos();
    while (true) {
      List<String> held =
          leases.stream()
              .map(p -> (String) p.key().get(0))
              // Held, not merely present: a lease's row outlives its owner (it keeps the epoch).
              .filter(name -> leaseTable.holder(name).isPresent())
              .toList();
      if (held.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new NotQuiet(
            "work on the organization did not pause within "
                + properties.quiesceTimeout()
                + " (leases still held: "
                + String.join(", ", held)
                + ")");
      }
      sleep(POLL, heartbeat);
    }
  }

  /** Sleeps in short steps, running {@code heartbeat} between them. */
  static void sleep(Duration duration, Runnable heartbeat) {
    long end = System.nanoTime() + duration.toNanos();
    while (true) {
      heartbeat.run();
      long left = end - System.nanoTime();
      if (left <= 0) {
        return;
      }
      try {
        Thread.sleep(Math.min(left / 1_000_000 + 1, 1000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the organization", e);
      }
    }
  }
}
