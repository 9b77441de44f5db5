package app.reclaim.cleanup;

import app.reclaim.organizations.OrganizationService;
import app.reclaim.organizations.SettingsService;
import app.reclaim.store.Leases;
import app.reclaim.support.LogPrivacy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleanup-log retention: deletes the items (every cleanup_items partition) of the runs that
 * finished longer ago than the org's {@code cleanupLogRetentionDays} and marks each such run {@code
 * itemsPurgedAt}; the run rows, with their counts, stay. A RUNNING run is never purged, however
 * old. One instance purges an org at a time (a lease per org); a second pass finds nothing left, so
 * an interrupted one is simply done again.
 */
class CleanupRetention {

  private static final Logger log = LoggerFactory.getLogger(CleanupRetention.class);
  private static final Duration LEASE_TTL = Duration.ofMinutes(10);

  private final CleanupRepository repository;
  private final SettingsService settings;
  private final OrganizationService organizations;
  private final Leases leases;
  private final LogPrivacy logPrivacy;
  private final String owner = "cleanup-retention-" + UUID.randomUUID();

  CleanupRetention(
      CleanupRepository repository,
      SettingsService settings,
      OrganizationService organizations,
      Leases leases,
      LogPrivacy logPrivacy) {
    this.repository = repository;
    this.settings = settings;
    this.organizations = organizations;
    this.leases = leases;
    this.logPrivacy = logPrivacy;
  }

  /** One pass over every installed org; the number of runs whose items it purged. */
  int purgeAll(Instant now) {
    int purged = 0;
    for (String orgId : organizations.installedOrgIds()) {
      String lease = leaseName(orgId);
      if (!leases.tryAcquire(lease, owner, LEASE_TTL)) {
        continue;
      }
      try {
        purged += purge(orgId, now);
      } catch (RuntimeException e) {
        // One org's failure must not stop the others; the next pass tries it again.
        log.warn(
            "cleanup-log retention of org {} failed; retrying next pass",
            orgId,
            logPrivacy.exception(orgId, e));
      } finally {
        leases.release(lease, owner);
      }
    }
    return purged;
  }

  /**
   * Purges the items of the org's runs that ended before {@code now} minus the org's retention; the
   * number of runs purged.
   */
  int purge(String orgId, Instant now) {
    int days = settings.get(orgId).cleanupLogRetentionDays();
    Instant cutoff = now.minus(Duration.ofDays(days));
    List<CleanupRun> expired = new ArrayList<>();
    repository.forEachRun(
        orgId,
        r -> {
          if (!r.running()
              && !r.itemsPurged()
              && r.finishedAt() != null
              && r.finishedAt().isBefore(cutoff)) {
            expired.add(r);
          }
        });
    int buckets = 0;
    for (CleanupRun r : expired) {
      // Items first, then the mark: a crash in between leaves an unmarked run, whose partitions the
      // next pass deletes again (a no-op) before marking it.
      repository.deleteItems(orgId, r.id(), r.buckets());
      repository.markItemsPurged(orgId, r.id(), now);
      buckets += Math.max(1, r.buckets());
    }
    if (!expired.isEmpty()) {
      log.info(
          "org {}: cleanup-log items of {} runs ({} partitions) purged: ended before {}"
              + " ({}-day retention)",
          orgId,
          expired.size(),
          buckets,
          cutoff,
          days);
    }
    return expired.size();
  }

  static String leaseName(String orgId) {
    return "cleanup-retention:" + orgId;
  }
}
