package app.reclaim.schedules;

import app.reclaim.cleanup.CleanupService;
import app.reclaim.organizations.OrganizationService;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.support.CronExpression;

/**
 * Fires due schedules. Every instance runs one; for each installed org it reads the org's schedules
 * (one partition) and, for each enabled one whose {@code next_fire_at} has passed, tries to claim
 * the fire with an LWT that moves {@code next_fire_at} on only if it still holds the value read.
 * Exactly one instance's claim is applied; that instance starts the run with {@code
 * CleanupService.startFor(orgId, ruleId, mode, "schedule:<id>")} and records it as the last run.
 *
 * <p>Missed fires (the instances were down past one or more fire times): the schedule fires at most
 * once, for the latest missed time, and only if that time is within {@code grace} of now; otherwise
 * the missed times are skipped. Either way the next fire is the cron's first time after now, so a
 * schedule never fires a burst. A claim whose winner dies before starting the run loses that one
 * fire (at most once, never twice).
 */
class ScheduleFirer {

  private static final Logger log = LoggerFactory.getLogger(ScheduleFirer.class);

  private final ScheduleRepository repository;
  private final CleanupService cleanup;
  private final OrganizationService organizations;
  private final Duration grace;
  private final String owner;

  ScheduleFirer(
      ScheduleRepository repository,
      CleanupService cleanup,
      OrganizationService organizations,
      Duration grace,
      String owner) {
    this.repository = repository;
    this.cleanup = cleanup;
    this.organizations = organizations;
    this.grace = grace;
    this.owner = owner;
  }

  /** What one due schedule came to. */
  enum Outcome {
    FIRED,
    SKIPPED_MISSED,
    LOST,
    NOT_DUE
  }

  /**
   * Fires every due schedule of every installed org as of {@code now}; returns how many this
   * instance fired.
   */
  int tick(Instant now) {
    int fired = 0;
    for (String orgId : organizations.installedOrgIds()) {
      if (!organizations.writable(orgId)) {
        // Frozen by a residency move: its due schedules fire after the move, as missed fires.
        continue;
      }
      try {
        fired += tickOrg(orgId, now);
      } catch (RuntimeException e) {
        log.error("schedules of org {}: tick failed", orgId, e);
      }
    }
    return fired;
  }

  /** Fires the due schedules of one org as of {@code now}; returns how many this instance fired. */
  int tickOrg(String orgId, Instant now) {
    int fired = 0;
    for (Schedule s : repository.all(orgId)) {
      if (fire(s, now) == Outcome.FIRED) {
        fired++;
      }
    }
    return fired;
  }

  /** Tries one schedule as read in {@code s} (possibly stale: the claim's LWT decides). */
  Outcome fire(Schedule s, Instant now) {
    if (!s.enabled() || s.nextFireAt() == null || s.nextFireAt().isAfter(now)) {
      return Outcome.NOT_DUE;
    }
    CronExpression cron = CronExpression.parse(s.cron());
    ZoneId zone = ZoneId.of(s.timeZone());
    Instant next = ScheduleService.nextAfter(cron, zone, now);
    if (!repository.claimFire(s.orgId(), s.id(), s.nextFireAt(), next, owner)) {
      return Outcome.LOST;
    }
    Instant latest = latestMissed(cron, zone, s.nextFireAt(), now);
    if (latest.isBefore(now.minus(grace))) {
      log.warn(
          "schedule {} of org {}: skipped fires missed since {} (the latest, {}, is older than the"
              + " grace of {}); next fire {}",
          s.id(),
          s.orgId(),
          s.nextFireAt(),
          latest,
          grace,
          next);
      return Outcome.SKIPPED_MISSED;
    }
    CleanupService.StartCleanupPayload started =
        cleanup.startFor(s.orgId(), s.ruleId(), s.mode(), "schedule:" + s.id());
    String error = started.userErrors().isEmpty() ? null : started.userErrors().get(0).code();
    repository.recordFire(
        s.orgId(), s.id(), started.run() == null ? null : started.run().id(), now, error);
    if (error != null) {
      log.warn(
          "schedule {} of org {} fired for {} but no run started: {}",
          s.id(),
          s.orgId(),
          latest,
          error);
    } else {
      log.info(
          "schedule {} of org {} fired for {}: run {} ({})",
          s.id(),
          s.orgId(),
          latest,
          started.run().id(),
          s.mode());
    }
    return Outcome.FIRED;
  }

  /**
   * The last fire time at or before {@code now}, given that {@code due} (at or before now) is one.
   */
  static Instant latestMissed(CronExpression cron, ZoneId zone, Instant due, Instant now) {
    Instant latest = due;
    // Fast-forward without walking every missed time: the first time in (now - 1 day, now] if any,
    // then step through at most one day of times.
    Instant dayBefore = now.minus(Duration.ofDays(1));
    if (latest.isBefore(dayBefore)) {
      Instant candidate = ScheduleService.nextAfter(cron, zone, dayBefore);
      if (candidate != null && !candidate.isAfter(now)) {
        latest = candidate;
      }
    }
    for (int i = 0; i < 100_000; i++) {
      Instant n = ScheduleService.nextAfter(cron, zone, latest);
      if (n == null || n.isAfter(now)) {
        break;
      }
      latest = n;
    }
    return latest;
  }
}
