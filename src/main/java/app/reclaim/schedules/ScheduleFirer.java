package app.reclaim.schedules;

import app.reclaim.cleanup.CleanupRun;
import app.reclaim.cleanup.CleanupService;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
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
 * fire (at most once, never twice); a winner that is only slow (Cassandra paused, timing out or
 * reconnecting) keeps at its claim, its start and its record while the fire is within the grace
 * (two minutes at most), each step safe to try again.
 */
class ScheduleFirer {

  private static final Logger log = LoggerFactory.getLogger(ScheduleFirer.class);
  private static final long FIRST_WAIT_MILLIS = 100;
  private static final long MAX_WAIT_MILLIS = 5_000;
  private static final Duration MAX_PERSISTENCE = Duration.ofMinutes(2);

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
    Instant latest = latestMissed(cron, zone, s.nextFireAt(), now);
    // A slow instance (Cassandra paused or reconnecting) finishes the fire it claimed rather than
    // lose it: each step is tried again while the fire is still within its grace.
    // At most MAX_PERSISTENCE, so that one org's fire does not hold the tick of every other org
    // while Cassandra is down for long: past it the fire is lost, as a dead winner's is.
    long deadline =
        System.nanoTime()
            + Math.min(
                Duration.between(now, latest.plus(grace)).toNanos(), MAX_PERSISTENCE.toNanos());
    String claim = owner + "/" + UUID.randomUUID();
    if (!claimed(s, next, claim, deadline)) {
      return Outcome.LOST;
    }
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
    CleanupService.StartCleanupPayload started = start(s, deadline);
    String error = started.userErrors().isEmpty() ? null : started.userErrors().get(0).code();
    UUID runId = started.run() == null ? null : started.run().id();
    retrying(
        deadline,
        () -> {
          repository.recordFire(s.orgId(), s.id(), runId, now, error);
          return runId;
        });
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
          runId,
          s.mode());
    }
    return Outcome.FIRED;
  }

  /** Whether this instance's {@code claim} of the fire due at {@code s.nextFireAt()} won. */
  private boolean claimed(Schedule s, Instant next, String claim, long deadline) {
    try {
      return repository.claimFire(s.orgId(), s.id(), s.nextFireAt(), next, claim);
    } catch (DriverException e) {
      if (e instanceof QueryValidationException) {
        throw e;
      }
      // Applied or not is unknown (a CAS timeout, a closed connection): the claim names its
      // claimer, so once Cassandra answers a serial read says whether it won.
      return retrying(
          deadline, () -> repository.firedBy(s.orgId(), s.id()).filter(claim::equals).isPresent());
    }
  }

  /**
   * Starts the fire's run. A start that failed may have saved its run all the same, so every later
   * attempt first looks for a run this schedule started since; and a refusal as ALREADY_RUNNING
   * after a failed attempt may be that attempt's own lease, taken though its answer was lost, so it
   * is tried again until the deadline.
   */
  private CleanupService.StartCleanupPayload start(Schedule s, long deadline) {
    String startedBy = "schedule:" + s.id();
    Instant since = Instant.now();
    boolean[] attempted = {false};
    return retrying(
        deadline,
        () -> {
          boolean again = attempted[0];
          attempted[0] = true;
          if (again) {
            Optional<CleanupRun> earlier = startedSince(s, startedBy, since);
            if (earlier.isPresent()) {
              return new CleanupService.StartCleanupPayload(earlier.get(), List.of(), null);
            }
          }
          CleanupService.StartCleanupPayload started =
              cleanup.startFor(s.orgId(), s.ruleId(), s.mode(), startedBy);
          boolean refused =
              started.userErrors().stream().anyMatch(e -> "ALREADY_RUNNING".equals(e.code()));
          if (again && refused && !passed(deadline)) {
            throw new TryAgain();
          }
          return started;
        });
  }

  private Optional<CleanupRun> startedSince(Schedule s, String startedBy, Instant since) {
    return cleanup
        .runs(
            new Caller(s.orgId(), "reclaim-schedules", Set.of(Role.VIEWER)),
            new CleanupService.RunFilter(s.ruleId(), null, since, null),
            20,
            null)
        .edges()
        .stream()
        .map(CleanupService.Edge::node)
        .filter(run -> startedBy.equals(run.startedBy()))
        .findFirst();
  }

  /** A step not done yet for a reason that may pass (as Cassandra failing it may). */
  private static final class TryAgain extends RuntimeException {
    TryAgain() {
      super("a run of the rule is already running after a failed start", null, false, false);
    }
  }

  /**
   * {@code step}, tried again while Cassandra fails it (or it asks to be) until {@code deadline} (a
   * {@link System#nanoTime} value), waiting longer each time; the last failure after it.
   */
  private <T> T retrying(long deadline, Supplier<T> step) {
    long waitMillis = FIRST_WAIT_MILLIS;
    while (true) {
      try {
        return step.get();
      } catch (QueryValidationException e) {
        throw e;
      } catch (DriverException | TryAgain e) {
        if (passed(deadline)) {
          throw e;
        }
      }
      try {
        Thread.sleep(waitMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while firing a schedule", e);
      }
      waitMillis = Math.min(waitMillis * 2, MAX_WAIT_MILLIS);
    }
  }

  private static boolean passed(long deadline) {
    return System.nanoTime() - deadline > 0;
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
