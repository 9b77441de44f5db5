package app.reclaim.sync;

import app.reclaim.atlassian.ApiKeyProvider;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import app.reclaim.store.Lease;
import app.reclaim.store.Leases;
import app.reclaim.support.UserError;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, resumes and reports directory syncs. One sync per org at a time across instances: the
 * caller that takes the org's lease (an LWT) runs it; a failed or interrupted job of the same kind
 * is resumed from its cursor rather than started again.
 */
public class DirectorySync {

  private static final Logger log = LoggerFactory.getLogger(DirectorySync.class);
  private static final IntPredicate NEVER_STOP = pages -> false;

  private final SyncRunner runner;
  private final SyncJobRepository jobs;
  private final Leases leases;
  private final ApiKeyProvider keys;
  private final OrganizationService organizations;
  private final SyncProperties properties;
  private final ExecutorService executor;

  /**
   * Stops this instance's syncs between two steps and waits (at most {@code atMost}) until none
   * executes; true once idle. Their leases are released as each ends, so another instance resumes
   * them at once.
   */
  boolean stopForShutdown(java.time.Duration atMost) {
    runner.stopForShutdown();
    return app.reclaim.support.Drain.untilEmpty(executing, atMost);
  }

  /** Whether this instance is executing a sync of the org now. */
  public boolean executingHere(String orgId) {
    return executing.contains(orgId);
  }

  /** The orgs whose sync this instance is executing now (see {@link #begin}). */
  private final java.util.Set<String> executing =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final app.reclaim.organizations.SettingsService settings;
  private final String owner = "sync-" + UUID.randomUUID();

  DirectorySync(
      SyncRunner runner,
      SyncJobRepository jobs,
      Leases leases,
      ApiKeyProvider keys,
      OrganizationService organizations,
      SyncProperties properties,
      ExecutorService executor,
      app.reclaim.organizations.SettingsService settings) {
    this.settings = settings;
    this.runner = runner;
    this.jobs = jobs;
    this.leases = leases;
    this.keys = keys;
    this.organizations = organizations;
    this.properties = properties;
    this.executor = executor;
  }

  /** What {@link #start} did: the job it started or resumed, or why it did not. */
  public record Started(SyncJob job, UserError error) {}

  /** Starts (or resumes) the caller's org sync in the background. ADMIN only. */
  public Started start(Caller caller, SyncJob.Kind kind) {
    String orgId = Caller.require(caller).requireRole(Role.ADMIN).orgId();
    return begin(orgId, kind == null ? SyncJob.Kind.FULL : kind, true, NEVER_STOP, null);
  }

  /** Runs the org's sync to its end on the calling thread (demo start, benchmarks). */
  public Started runNow(String orgId, SyncJob.Kind kind) {
    return begin(orgId, kind, false, NEVER_STOP, null);
  }

  /**
   * As {@link #runNow}, stopping after {@code pages} pages as if the process died there (tests).
   */
  Started runUntilKilled(String orgId, SyncJob.Kind kind, int pages) {
    return begin(orgId, kind, false, read -> read >= pages, null);
  }

  /** The org's latest sync, if any. */
  public Optional<SyncJob> status(Caller caller) {
    return jobs.latest(Caller.require(caller).orgId());
  }

  /** The org's latest jobs, newest first (at most {@code limit}), for trusted modules. */
  public List<SyncJob> recentJobs(String orgId, int limit) {
    return jobs.recent(orgId, limit);
  }

  /** Resumes every RUNNING job whose instance is gone (its lease expired). */
  void resumeInterrupted() {
    organizations.installedOrgIds().forEach(this::resumeInterrupted);
  }

  /** Resumes the org's RUNNING job if its instance is gone (its lease expired). */
  public void resumeInterrupted(String orgId) {
    if (!organizations.writable(orgId)) {
      return; // frozen by a residency move: resumed once the move has ended
    }
    jobs.latest(orgId)
        .filter(j -> j.state() == SyncJob.State.RUNNING)
        .ifPresent(
            j -> {
              Started started = begin(orgId, j.kind(), true, NEVER_STOP, j.id());
              if (started.error() == null && started.job() != null) {
                log.info("resuming interrupted sync {} of org {}", j.id(), orgId);
              }
            });
  }

  /**
   * Starts the daily FULL sync of every org with credentials whose last one is older than today's
   * time.
   */
  void startDueDailySyncs(Instant now) {
    for (String orgId : organizations.installedOrgIds()) {
      if (!organizations.writable(orgId) || keys.apiKey(orgId).isEmpty()) {
        continue;
      }
      Instant due = lastDailyTime(now, dailyTimeOf(orgId));
      boolean fresh =
          jobs.latestCompletedFull(orgId).map(j -> !j.startedAt().isBefore(due)).orElse(false);
      boolean running =
          jobs.latest(orgId).map(j -> j.state() == SyncJob.State.RUNNING).orElse(false);
      if (!fresh && !running) {
        begin(orgId, SyncJob.Kind.FULL, true, NEVER_STOP, null);
      }
    }
  }

  /**
   * The latest daily sync time at or before {@code now} in the configured zone: a FULL sync that
   * started before it is stale. Across a DST gap the time moves forward, as java.time resolves it.
   */
  /**
   * The org's own daily sync time (settings, UTC) once it saved settings, else the configured one.
   */
  private SyncProperties dailyTimeOf(String orgId) {
    var orgSettings = settings.get(orgId);
    return orgSettings.version() == 0
        ? properties
        : new SyncProperties(
            properties.schedulerEnabled(),
            orgSettings.dailySyncTime(),
            java.time.ZoneOffset.UTC,
            properties.pageSize(),
            properties.leaseTtl(),
            properties.maxConcurrentOrgs(),
            properties.schedulerInterval(),
            properties.writeBatchUsers());
  }

  static Instant lastDailyTime(Instant now, SyncProperties properties) {
    ZonedDateTime today = now.atZone(properties.zone()).with(properties.dailyAt());
    return today.toInstant().isAfter(now) ? today.minusDays(1).toInstant() : today.toInstant();
  }

  /**
   * Starts or resumes the org's sync. With {@code resume}, only that job, and only while it is
   * still RUNNING once the lease is taken: a resumer that saw it running just before it completed
   * must not start a new sync in its place.
   */
  private Started begin(
      String orgId, SyncJob.Kind kind, boolean background, IntPredicate stop, UUID resume) {
    if (keys.apiKey(orgId).isEmpty()) {
      return new Started(
          null,
          UserError.of(
              "NO_CREDENTIALS",
              "set the organization's API key (setApiCredentials) before syncing"));
    }
    // One execution per org on this instance: a job whose local execution lost its lease (a slow
    // step) is not started again here until that execution has ended.
    if (!executing.add(orgId)) {
      return new Started(
          jobs.latest(orgId).orElse(null),
          UserError.of("ALREADY_RUNNING", "a sync of this organization is already running"));
    }
    try {
      return begin(orgId, kind, background, stop, resume, () -> executing.remove(orgId));
    } catch (RuntimeException e) {
      executing.remove(orgId);
      throw e;
    }
  }

  /** As above, with this instance's claim on the org taken; {@code ended} gives it back. */
  private Started begin(
      String orgId,
      SyncJob.Kind kind,
      boolean background,
      IntPredicate stop,
      UUID resume,
      Runnable ended) {
    // One owner per run, not per instance: a second start on this instance must not share the
    // lease.
    String owner = this.owner + "/" + UUID.randomUUID();
    java.util.Optional<Lease> taken =
        leases.acquire(SyncRunner.leaseName(orgId), owner, properties.leaseTtl());
    if (taken.isEmpty()) {
      ended.run();
      return new Started(
          jobs.latest(orgId).orElse(null),
          UserError.of("ALREADY_RUNNING", "a sync of this organization is already running"));
    }
    Lease lease = taken.get();
    SyncJob job;
    try {
      Optional<SyncJob> latest = jobs.latest(orgId);
      if (resume != null
          && latest
              .filter(j -> j.id().equals(resume) && j.state() == SyncJob.State.RUNNING)
              .isEmpty()) {
        leases.release(lease);
        ended.run();
        return new Started(null, null); // it ended meanwhile: nothing to resume
      }
      job =
          latest
              .filter(j -> j.state() != SyncJob.State.COMPLETED && j.kind() == kind)
              .map(SyncJob::resumed)
              .orElseGet(() -> newJob(orgId, kind));
      jobs.save(job);
    } catch (RuntimeException e) {
      leases.release(lease);
      ended.run();
      throw e;
    }
    SyncJob toRun = job;
    Runnable work =
        () -> {
          try {
            runner.run(toRun, lease, stop);
            if (stop == NEVER_STOP) {
              leases.release(lease);
            }
          } catch (com.datastax.oss.driver.api.core.DriverException e) {
            // The release failed with Cassandra: the lease expires by itself.
            log.warn(
                "sync of org {}: lease not released ({})", orgId, e.getClass().getSimpleName());
          } finally {
            ended.run(); // whatever failed: this instance may sync the org again
          }
        };
    if (background) {
      executor.submit(work);
      return new Started(job, null);
    }
    work.run();
    return new Started(jobs.latest(orgId).orElse(job), null);
  }

  private static SyncJob newJob(String orgId, SyncJob.Kind kind) {
    Instant now = Instant.now();
    // Later jobs have larger generations: rows a newer sync did not see are older than it.
    long generation = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    return new SyncJob(
        orgId,
        SyncJobRepository.newJobId(),
        kind,
        SyncJob.State.RUNNING,
        kind == SyncJob.Kind.FULL ? SyncJob.Phase.PROFILE : SyncJob.Phase.USERS,
        generation,
        null,
        null,
        0,
        0,
        0,
        0,
        0,
        0,
        null,
        null,
        false,
        1,
        now,
        now,
        null,
        null);
  }
}
