package app.reclaim.sync;

import app.reclaim.atlassian.AdminApi;
import app.reclaim.atlassian.AdminApiException;
import app.reclaim.atlassian.ApiRecords;
import app.reclaim.directory.DirectoryGroup;
import app.reclaim.directory.DirectoryUser;
import app.reclaim.directory.DirectoryWriter;
import app.reclaim.organizations.OrganizationMovingException;
import app.reclaim.organizations.OrganizationProfile;
import app.reclaim.organizations.OrganizationProfiles;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.store.Lease;
import app.reclaim.store.Leases;
import app.reclaim.support.LogPrivacy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a sync job through its phases. After every upstream page it writes the page to the
 * directory and then saves the job with the next page's cursor, so an interrupted job resumes at
 * the first page it had not completed. The org's lease is renewed in the background, so a dead
 * instance's job is taken over once its lease expires; a holder that was only slow is fenced: the
 * taker raises the org's sync fence to its lease's epoch, and every page write checks the fence
 * first and every job save is conditional on it, so the slow holder stops at its next page.
 */
class SyncRunner {

  private static final Logger log = LoggerFactory.getLogger(SyncRunner.class);
  static final String ALL_DIRECTORIES = AdminApi.ALL_DIRECTORIES;
  static final int STEP_ATTEMPTS = 3;

  /**
   * Users pages read ahead of the writer, at most: two write batches (see {@link #pagesAhead}), at
   * least this many.
   */
  static final int MIN_PAGES_AHEAD = 20;

  static final int LOOKUPS_IN_FLIGHT = 4;

  private final AdminApi api;
  private final DirectoryWriter writer;
  private final OrganizationProfiles profiles;
  private final SyncJobRepository jobs;
  private final Leases leases;
  private final SyncProperties properties;
  private final OrganizationService organizations;
  private final LogPrivacy logPrivacy;

  /** Set when the application stops: jobs stop between two steps (see {@link #stopForShutdown}). */
  private volatile boolean stopping;

  /**
   * Jobs stop at their next step boundary, their last page written and the cursor saved, so they
   * resume from there elsewhere as soon as their lease is released (the caller releases it).
   */
  void stopForShutdown() {
    stopping = true;
  }

  /** Each running job's reader of users pages ahead of its writer (see {@link Reader}). */
  private final Map<java.util.UUID, Reader> readers = new ConcurrentHashMap<>();

  private final ExecutorService fetcher =
      Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "sync-prefetch");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * The v1 last-active-dates calls of one page (users whose v2 listing lacks addedToOrg), made side
   * by side: each is one small request, and the client's per-org rate limiter and bulkhead still
   * bound them.
   */
  private final ExecutorService lookups =
      Executors.newFixedThreadPool(
          LOOKUPS_IN_FLIGHT,
          r -> {
            Thread thread = new Thread(r, "sync-lookup");
            thread.setDaemon(true);
            return thread;
          });

  SyncRunner(
      AdminApi api,
      DirectoryWriter writer,
      OrganizationProfiles profiles,
      SyncJobRepository jobs,
      Leases leases,
      SyncProperties properties,
      OrganizationService organizations,
      LogPrivacy logPrivacy) {
    this.organizations = organizations;
    this.logPrivacy = logPrivacy;
    this.api = api;
    this.writer = writer;
    this.profiles = profiles;
    this.jobs = jobs;
    this.leases = leases;
    this.properties = properties;
  }

  /**
   * Two write batches of pages: the next batch is read while this one is mapped and written, and
   * the one after starts before the writer comes back for it.
   */
  static int pagesAhead(SyncProperties properties) {
    int perBatch =
        (properties.writeBatchUsers() + properties.pageSize() - 1) / properties.pageSize();
    return Math.max(MIN_PAGES_AHEAD, 2 * perBatch);
  }

  static String leaseName(String orgId) {
    return app.reclaim.store.OrgLeaseNames.sync(orgId);
  }

  /** Thrown when this holder's lease ran out or a later holder fenced the org's sync. */
  private static final class Fenced extends RuntimeException {
    Fenced() {
      super(null, null, false, false);
    }
  }

  /**
   * Runs {@code job} to its end (or until {@code stopAfterPage} says to stop, which leaves it
   * RUNNING as a killed process would). The caller holds the org's {@code lease}.
   */
  SyncJob run(SyncJob job, Lease lease, IntPredicate stopAfterPage) {
    try {
      // Renewed once first: the job may have waited for a thread longer than the lease lives.
      if (!leases.renew(lease) || !jobs.raiseFence(job.orgId(), lease.epoch())) {
        lease.markLost();
        return lost(job);
      }
    } catch (com.datastax.oss.driver.api.core.DriverException e) {
      log.warn(
          "sync {} of org {} could not take its fence; it resumes later", job.id(), job.orgId());
      return job;
    }
    try (Leases.Keeping keeping = leases.keep(lease)) {
      return runFenced(job, lease, stopAfterPage);
    }
  }

  private SyncJob lost(SyncJob job) {
    log.warn(
        "sync {} of org {} lost its lease; another instance continues it", job.id(), job.orgId());
    return job;
  }

  /**
   * Before a page's rows are written: the lease still valid here, and the org's fence still this
   * holder's epoch (a serial read, so it sees any takeover that happened before).
   */
  private void checkFence(String orgId, Lease lease) {
    if (!lease.awaitValidFor(java.time.Duration.ZERO, lease.ttl())) {
      throw new Fenced();
    }
    Long fence = jobs.fence(orgId);
    if (fence == null || fence != lease.epoch()) {
      lease.markLost();
      throw new Fenced();
    }
  }

  private void save(SyncJob job, Lease lease) {
    if (!jobs.saveFenced(job, lease.epoch())) {
      lease.markLost();
      throw new Fenced();
    }
  }

  private SyncJob runFenced(SyncJob job, Lease lease, IntPredicate stopAfterPage) {
    long start = System.nanoTime();
    try {
      while (job.phase() != SyncJob.Phase.DONE) {
        if (!organizations.writable(job.orgId())) {
          return paused(job);
        }
        if (stopping) {
          log.info(
              "sync {} of org {} stopped for shutdown; it resumes from its cursor elsewhere",
              job.id(),
              job.orgId());
          return job;
        }
        if (lease.lost()) {
          return lost(job);
        }
        job = step(job, lease);
        save(job, lease);
        if (stopAfterPage.test(job.pagesRead()) && job.phase() != SyncJob.Phase.DONE) {
          return job;
        }
      }
      log.info(
          "sync {} ({}) of org {} completed: {} users, {} groups, {} pages, removed {} users and"
              + " {} groups, {} ms",
          job.id(),
          job.kind(),
          job.orgId(),
          job.usersSynced(),
          job.groupsSynced(),
          job.pagesRead(),
          job.usersRemoved(),
          job.groupsRemoved(),
          (System.nanoTime() - start) / 1_000_000);
      return job;
    } catch (Fenced e) {
      return lost(job);
    } catch (com.datastax.oss.driver.api.core.DriverException e) {
      // Cassandra slow or unreachable: the job stays RUNNING at its last saved page and resumes.
      log.warn(
          "sync {} of org {} stopped: Cassandra did not answer ({}); it resumes from its cursor",
          job.id(),
          job.orgId(),
          e.getClass().getSimpleName());
      return job;
    } catch (OrganizationMovingException e) {
      return paused(job);
    } catch (AdminApiException.Unavailable e) {
      return fail(
          lease,
          job,
          e.breakerOpen() ? "BREAKER_OPEN" : "UPSTREAM_UNAVAILABLE",
          e.getMessage(),
          e.breakerOpen());
    } catch (AdminApiException.Throttled e) {
      return fail(
          lease,
          job,
          "THROTTLED",
          "rate limited upstream; retry after " + e.retryAfterSeconds() + " s",
          false);
    } catch (AdminApiException.Rejected e) {
      return fail(lease, job, "UPSTREAM_REJECTED", e.status() + " " + e.upstreamMessage(), false);
    } catch (RuntimeException e) {
      log.error(
          "sync {} of org {} failed", job.id(), job.orgId(), logPrivacy.exception(job.orgId(), e));
      return fail(lease, job, "INTERNAL", "internal error", false);
    } finally {
      Reader reader = readers.remove(job.id());
      if (reader != null) {
        reader.close();
      }
    }
  }

  /**
   * A frozen org (residency move) stops its sync between two pages: the job stays RUNNING at its
   * last saved cursor and the scheduler resumes it once the move has ended.
   */
  private SyncJob paused(SyncJob job) {
    log.info(
        "sync {} of org {} paused: the organization is moving; it resumes afterwards",
        job.id(),
        job.orgId());
    return job;
  }

  /**
   * One phase step (a page, or the profile), retried a few times when the API stays unavailable or
   * throttled past the client's own retries: a sync of thousands of pages should not fail on one
   * unlucky page. An open breaker is not retried here; the job fails and resumes later.
   */
  private SyncJob step(SyncJob job, Lease lease) {
    for (int attempt = 1; ; attempt++) {
      try {
        return switch (job.phase()) {
          case PROFILE -> profile(job);
          case GROUPS -> groupsPage(job, lease);
          case USERS -> usersPage(job, lease);
          case CLEANUP -> cleanup(job, lease);
          case DONE -> job;
        };
      } catch (AdminApiException.Unavailable | AdminApiException.Throttled e) {
        boolean breakerOpen = e instanceof AdminApiException.Unavailable u && u.breakerOpen();
        if (breakerOpen || attempt >= STEP_ATTEMPTS) {
          throw e;
        }
        log.info(
            "sync {} of org {}: {} step failed upstream (attempt {} of {}); retrying",
            job.id(),
            job.orgId(),
            job.phase(),
            attempt,
            STEP_ATTEMPTS);
      }
    }
  }

  private SyncJob fail(Lease lease, SyncJob job, String code, String message, boolean breakerOpen) {
    SyncJob failed = job.failed(code, message, breakerOpen);
    if (!jobs.saveFenced(failed, lease.epoch())) {
      lease.markLost();
      return lost(job); // a later holder has the job: its failure is not this holder's to record
    }
    log.warn("sync {} of org {} failed in phase {}: {}", job.id(), job.orgId(), job.phase(), code);
    return failed;
  }

  /** Directories (user-management experience), domains (managed), workspaces (products). */
  private SyncJob profile(SyncJob job) {
    String org = job.orgId();
    int directories = 0;
    String cursor = null;
    do {
      var page = api.directories(org, cursor);
      directories += page.items().size();
      cursor = page.nextCursor();
    } while (cursor != null);
    Set<String> managedDomains = new HashSet<>();
    cursor = null;
    do {
      var page = api.domains(org, cursor);
      page.items().stream()
          .filter(d -> "verified".equalsIgnoreCase(d.claimStatus()))
          .forEach(d -> managedDomains.add(d.name().toLowerCase(Locale.ROOT)));
      cursor = page.nextCursor();
    } while (cursor != null);
    Map<String, String> resources = new HashMap<>();
    Set<String> products = new HashSet<>();
    List<ApiRecords.Workspace> workspaces = new ArrayList<>();
    cursor = null;
    do {
      var page = api.workspaces(org, cursor);
      for (ApiRecords.Workspace w : page.items()) {
        if (w.typeKey() != null) {
          workspaces.add(w);
          resources.put(w.id(), w.typeKey());
          if (w.status() == null || "online".equalsIgnoreCase(w.status())) {
            products.add(w.typeKey());
          }
        }
      }
      cursor = page.nextCursor();
    } while (cursor != null);
    Map<String, Integer> capacity = UpstreamMapping.seatCapacity(workspaces);
    profiles.update(
        org,
        new OrganizationProfile(
            directories > 1
                ? OrganizationProfile.UserManagement.ORIGINAL
                : OrganizationProfile.UserManagement.CENTRALIZED,
            managedDomains,
            products,
            capacity));
    return job.withProfile(directories, resources);
  }

  private SyncJob groupsPage(SyncJob job, Lease lease) {
    var page = api.searchGroups(job.orgId(), ALL_DIRECTORIES, job.cursor(), properties.pageSize());
    List<DirectoryGroup> groups = new ArrayList<>(page.items().size());
    for (ApiRecords.Group g : page.items()) {
      List<ApiRecords.RoleAssignment> assignments = new ArrayList<>();
      String cursor = null;
      do {
        var roles = api.groupRoleAssignments(job.orgId(), directoryOf(g), g.id(), cursor);
        assignments.addAll(roles.items());
        cursor = roles.nextCursor();
      } while (cursor != null);
      groups.add(UpstreamMapping.group(g, assignments, job.resourceProducts()));
    }
    checkFence(job.orgId(), lease);
    writer.upsertSyncedGroups(job.orgId(), groups, job.generation());
    return page.hasNext()
        ? job.progress(SyncJob.Phase.GROUPS, page.nextCursor(), 0, groups.size(), 1)
        : job.progress(SyncJob.Phase.USERS, null, 0, groups.size(), 1);
  }

  /**
   * Reads one job's users pages ahead of its writer: each page needs the previous page's cursor, so
   * one background task follows the chain, at most {@link #pagesAhead} pages ahead of what the
   * writer took; the writer meanwhile maps and writes. A page the reader failed to fetch (or never
   * reached) is fetched again by the writer itself, with its retries and error handling.
   */
  /** A users page and the addedToOrg dates asked for it (see {@link #addedToOrg}). */
  private record Fetched(
      AdminApi.ApiPage<ApiRecords.User> page, CompletableFuture<Map<String, Instant>> added) {}

  private final class Reader {

    private static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(60);

    private final SyncJob job;
    private final Map<String, CompletableFuture<Fetched>> pages = new ConcurrentHashMap<>();
    private final int ahead = pagesAhead(properties);
    private final Semaphore room = new Semaphore(ahead);
    private volatile boolean closed;

    /** Followers still reading; {@link #close} waits for them (guarded by {@code this}). */
    private int following;

    Reader(SyncJob job) {
      this.job = job;
    }

    /** Starts reading at {@code cursor} unless that page is already read or being read. */
    void readFrom(String cursor) {
      if (closed || pages.containsKey(key(cursor)) || !room.tryAcquire()) {
        return;
      }
      CompletableFuture<Fetched> page = new CompletableFuture<>();
      if (pages.putIfAbsent(key(cursor), page) != null) {
        room.release();
        return;
      }
      synchronized (this) {
        following++;
      }
      fetcher.execute(
          () -> {
            try {
              follow(cursor, page);
            } finally {
              synchronized (this) {
                following--;
                notifyAll();
              }
            }
          });
    }

    private void follow(String cursor, CompletableFuture<Fetched> page) {
      while (true) {
        AdminApi.ApiPage<ApiRecords.User> read;
        try {
          read = fetch(cursor);
        } catch (RuntimeException e) {
          page.completeExceptionally(e);
          return;
        }
        page.complete(new Fetched(read, addedToOrg(job, read.items())));
        if (!read.hasNext() || closed) {
          return;
        }
        try {
          if (!room.tryAcquire(1, TimeUnit.MINUTES) || closed) {
            return;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        cursor = read.nextCursor();
        page = new CompletableFuture<>();
        if (pages.putIfAbsent(key(cursor), page) != null) {
          room.release();
          return;
        }
      }
    }

    /** The page at {@code cursor}: read ahead, or fetched now. */
    Fetched take(String cursor) {
      var ahead = pages.remove(key(cursor));
      if (ahead != null) {
        room.release();
        try {
          return ahead.join();
        } catch (CompletionException e) {
          // fall through: fetched again on this thread, with its retries and error handling
        }
      }
      AdminApi.ApiPage<ApiRecords.User> read = fetch(cursor);
      return new Fetched(read, addedToOrg(job, read.items()));
    }

    private AdminApi.ApiPage<ApiRecords.User> fetch(String cursor) {
      return api.searchUsers(job.orgId(), ALL_DIRECTORIES, cursor, properties.pageSize());
    }

    /**
     * Stops reading ahead and waits (at most a request timeout and a bit) for the reads in flight:
     * once a job's run returns, it makes no more upstream calls, as a stopped process would not.
     */
    void close() {
      closed = true;
      room.release(ahead);
      pages.clear();
      long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
      synchronized (this) {
        while (following > 0 && System.nanoTime() < deadline) {
          try {
            wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }

    private static String key(String cursor) {
      return cursor == null ? "" : "c:" + cursor;
    }
  }

  /**
   * Reads users pages until {@code reclaim.sync.write-batch-users} are buffered (or the last page),
   * writes them in one go, and moves the job's cursor past them. Writing many pages at once lets
   * the directory group rows of the same partition into batches (one page of 100 users spreads over
   * the org's 64 partitions); an interrupted step re-reads only pages it had not written.
   */
  private SyncJob usersPage(SyncJob step, Lease lease) {
    // Asked before this job's first write of users (an attempt that crashed after writing finds
    // them, and then looks for stale rows as any sync does).
    SyncJob job =
        step.usersBefore() != null ? step : step.withUsersBefore(writer.hasUsers(step.orgId()));
    List<DirectoryUser> users = new ArrayList<>();
    String cursor = job.cursor();
    Reader reader = readers.computeIfAbsent(job.id(), id -> new Reader(job));
    int pages = 0;
    boolean last;
    do {
      Fetched fetched = reader.take(cursor);
      var page = fetched.page();
      pages++;
      last = !page.hasNext();
      if (!last) {
        // The next pages travel over HTTP while this one is mapped and the buffer written.
        reader.readFrom(page.nextCursor());
      }
      users.addAll(map(job, page.items(), fetched.added()));
      cursor = page.nextCursor();
    } while (!last && users.size() < properties.writeBatchUsers());
    checkFence(job.orgId(), lease);
    writer.upsertSyncedUsers(job.orgId(), users, job.generation());
    return last
        ? job.progress(SyncJob.Phase.CLEANUP, null, users.size(), 0, pages)
        : job.progress(SyncJob.Phase.USERS, cursor, users.size(), 0, pages);
  }

  /**
   * Starts asking the v1 last-active dates of the page's users whose v2 listing lacks addedToOrg
   * (ADMIN-API §1.5): one call per user, side by side, started as soon as the page is read so that
   * they run while earlier pages are written. Asked once per user: a date already stored is kept
   * (the date a user joined does not change), and a user an earlier sync wrote without a date was
   * asked then and got none, so is not asked again. A 4xx for one user (the endpoint serves the
   * centralized experience and managed accounts only) leaves that user's date unknown instead of
   * failing the sync; an unavailable API still fails the step, which its attempts retry.
   */
  private CompletableFuture<Map<String, Instant>> addedToOrg(
      SyncJob job, List<ApiRecords.User> page) {
    List<String> missing =
        page.stream().filter(u -> u.addedToOrg() == null).map(ApiRecords.User::accountId).toList();
    if (missing.isEmpty()) {
      return CompletableFuture.completedFuture(Map.of());
    }
    Map<String, DirectoryUser> known = writer.known(job.orgId(), missing);
    Map<String, Instant> added = new ConcurrentHashMap<>();
    List<String> storedWithout = new ArrayList<>();
    for (String accountId : missing) {
      DirectoryUser stored = known.get(accountId);
      if (stored != null && stored.addedToOrg() != null) {
        added.put(accountId, stored.addedToOrg());
      } else if (stored != null) {
        storedWithout.add(accountId);
      }
    }
    Set<String> askedBefore =
        storedWithout.isEmpty() ? Set.of() : writer.writtenBySync(job.orgId(), storedWithout);
    List<CompletableFuture<Void>> calls = new ArrayList<>();
    for (String accountId : missing) {
      if (added.containsKey(accountId) || askedBefore.contains(accountId)) {
        continue;
      }
      calls.add(CompletableFuture.runAsync(() -> askAddedToOrg(job, accountId, added), lookups));
    }
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(v -> added);
  }

  private void askAddedToOrg(SyncJob job, String accountId, Map<String, Instant> added) {
    try {
      Instant at = api.lastActiveDates(job.orgId(), accountId).addedToOrg();
      if (at != null) {
        added.put(accountId, at);
      }
    } catch (AdminApiException.Rejected e) {
      log.debug(
          "sync {} of org {}: last-active dates of account {} refused ({}); added-to-org unknown",
          job.id(),
          job.orgId(),
          logPrivacy.id(job.orgId(), accountId),
          e.status());
    }
  }

  private List<DirectoryUser> map(
      SyncJob job, List<ApiRecords.User> page, CompletableFuture<Map<String, Instant>> asked) {
    Map<String, Instant> added;
    try {
      added = asked.join();
    } catch (CompletionException aheadFailed) {
      // Asked again now, as a page read ahead that failed is fetched again: a failure here
      // fails the step, which the step's own attempts retry.
      try {
        added = addedToOrg(job, page).join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException cause) {
          throw cause;
        }
        throw e;
      }
    }
    List<DirectoryUser> users = new ArrayList<>(page.size());
    for (ApiRecords.User u : page) {
      users.add(
          UpstreamMapping.user(
              u, u.addedToOrg() == null ? added.get(u.accountId()) : null, job.resourceProducts()));
    }
    return users;
  }

  /** Removes what this sync did not see: users always, groups only after a FULL read of them. */
  private SyncJob cleanup(SyncJob job, Lease lease) {
    checkFence(job.orgId(), lease);
    DirectoryWriter.Removed removed =
        writer.removeOlderThan(
            job.orgId(),
            job.generation(),
            job.kind() == SyncJob.Kind.FULL,
            !Boolean.FALSE.equals(job.usersBefore()));
    return job.completed(removed.users(), removed.groups());
  }

  private static String directoryOf(ApiRecords.Group g) {
    return g.directoryId() == null ? ALL_DIRECTORIES : g.directoryId();
  }
}
