package app.reclaim.reports;

import app.reclaim.organizations.OrganizationService;
import app.reclaim.store.Leases;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes each org's daily dashboard snapshot: once per UTC day, for every installed org without a
 * row for today. Several instances may look at once: the one that takes the org's lease (an LWT)
 * checks again that today's row is still missing, writes it and lets the lease go, so each day is
 * taken once. Taking a day again (on demand) replaces its row: one row per day whatever happens.
 */
class DashboardSnapshots {

  private static final Logger log = LoggerFactory.getLogger(DashboardSnapshots.class);

  private final DashboardService dashboards;
  private final DashboardSnapshotRepository repository;
  private final OrganizationService organizations;
  private final Leases leases;
  private final Duration leaseTtl;
  private final String owner;

  DashboardSnapshots(
      DashboardService dashboards,
      DashboardSnapshotRepository repository,
      OrganizationService organizations,
      Leases leases,
      Duration leaseTtl,
      String owner) {
    this.dashboards = dashboards;
    this.repository = repository;
    this.organizations = organizations;
    this.leases = leases;
    this.leaseTtl = leaseTtl;
    this.owner = owner;
  }

  static String leaseName(String orgId) {
    return "dashboard-snapshot:" + orgId;
  }

  /** Takes today's snapshot of every org that has none yet; returns how many this instance took. */
  int takeDue(Instant now) {
    LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
    int taken = 0;
    for (String orgId : organizations.installedOrgIds()) {
      try {
        if (takeIfMissing(orgId, today)) {
          taken++;
        }
      } catch (RuntimeException e) {
        log.error("dashboard snapshot of org {} failed", orgId, e);
      }
    }
    return taken;
  }

  /** Takes the org's snapshot of {@code day} unless it exists or another instance is taking it. */
  boolean takeIfMissing(String orgId, LocalDate day) {
    if (repository.exists(orgId, day)) {
      return false;
    }
    String lease = leaseName(orgId);
    if (!leases.tryAcquire(lease, owner, leaseTtl)) {
      return false;
    }
    try {
      // Another instance may have written it and released the lease since the first check.
      if (repository.exists(orgId, day)) {
        return false;
      }
      // IF NOT EXISTS: a holder that was slow past its lease writes nothing over another's.
      return takeOnce(orgId, day);
    } finally {
      leases.release(lease, owner);
    }
  }

  /** Computes the org's figures now and writes them as the snapshot of {@code day}. */
  Dashboard.Day take(String orgId, LocalDate day) {
    Dashboard.Day snapshot = measure(orgId, day);
    repository.write(orgId, snapshot);
    logTaken(orgId, snapshot);
    return snapshot;
  }

  /** As {@link #take}, unless another instance wrote the day first: then nothing is written. */
  private boolean takeOnce(String orgId, LocalDate day) {
    Dashboard.Day snapshot = measure(orgId, day);
    if (!repository.writeIfAbsent(orgId, snapshot)) {
      log.info("dashboard snapshot of org {} for {}: another instance took it first", orgId, day);
      return false;
    }
    logTaken(orgId, snapshot);
    return true;
  }

  private Dashboard.Day measure(String orgId, LocalDate day) {
    DashboardService.Measured measured = dashboards.figures(orgId);
    return new Dashboard.Day(day, measured.at(), measured.figures());
  }

  private static void logTaken(String orgId, Dashboard.Day snapshot) {
    log.info(
        "dashboard snapshot of org {} for {}: {} users, {} products",
        orgId,
        snapshot.date(),
        snapshot.figures().users().total(),
        snapshot.figures().products().size());
  }
}
