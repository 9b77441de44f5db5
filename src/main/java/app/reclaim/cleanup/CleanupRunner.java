package app.reclaim.cleanup;

import app.reclaim.atlassian.AdminApi;
import app.reclaim.atlassian.AdminApiException;
import app.reclaim.atlassian.ApiRecords;
import app.reclaim.directory.DirectoryWriter;
import app.reclaim.organizations.OrganizationMovingException;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.organizations.OrganizationSettings;
import app.reclaim.organizations.SettingsService;
import app.reclaim.rules.BlastRadius;
import app.reclaim.rules.PlannedOperation;
import app.reclaim.rules.Protections;
import app.reclaim.rules.RuleDefinition;
import app.reclaim.rules.RuleEvaluator;
import app.reclaim.rules.UserEvaluation;
import app.reclaim.store.Lease;
import app.reclaim.store.Leases;
import app.reclaim.support.LogPrivacy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a run to its end. Plans first (evaluates the rule over the directory snapshot and writes
 * every item PENDING, then marks the run planned), then works through the unfinished items, a
 * user's items together, at most {@code concurrency} users at once. Each acting item is saved
 * IN_FLIGHT before its upstream call and with its outcome after it, so an owner that dies leaves at
 * most {@code concurrency} items whose outcome is unknown; the next owner checks those upstream
 * first.
 */
class CleanupRunner {

  private static final Logger log = LoggerFactory.getLogger(CleanupRunner.class);
  static final IntPredicate NEVER_KILLED = acted -> false;
  static final String ALL_DIRECTORIES = AdminApi.ALL_DIRECTORIES;
  private static final int SCAN_PAGE = 1000;
  private static final int CHECK_EVERY = 50;

  private final AdminApi api;
  private final DirectoryWriter writer;
  private final CleanupRepository repository;
  private final Leases leases;
  private final CleanupProperties properties;
  private final Clock clock;
  private final MirrorUpdates mirror;
  private final OrganizationService organizations;
  private final LogPrivacy logPrivacy;
  private final SettingsService settings;
  private final Shutdown shutdown;

  CleanupRunner(
      AdminApi api,
      DirectoryWriter writer,
      CleanupRepository repository,
      Leases leases,
      CleanupProperties properties,
      Clock clock,
      OrganizationService organizations,
      LogPrivacy logPrivacy,
      SettingsService settings,
      Shutdown shutdown) {
    this.settings = settings;
    this.shutdown = shutdown;
    this.organizations = organizations;
    this.api = api;
    this.writer = writer;
    this.repository = repository;
    this.leases = leases;
    this.properties = properties;
    this.clock = clock;
    this.logPrivacy = logPrivacy;
    this.mirror = new MirrorUpdates(writer, logPrivacy);
  }

  java.time.Duration leaseTtl() {
    return properties.leaseTtl();
  }

  /** What one execution of a run needs: its lease (with its epoch), and when to die (tests). */
  record Context(CleanupRun run, RuleDefinition rule, Lease lease, IntPredicate killAfter) {}

  /**
   * Runs to the end, or until the lease is lost or {@code killAfter} says the process died (then
   * the run stays RUNNING, as a killed process leaves it). Returns the run as last saved. The lease
   * is renewed in the background meanwhile; renewed once first, since the run may have waited for a
   * thread longer than the lease lives.
   */
  CleanupRun run(Context ctx) {
    if (!renewed(ctx.lease())) {
      log.warn(
          "cleanup run {} of org {}: its lease was taken over before it started here",
          ctx.run().id(),
          ctx.run().orgId());
      return ctx.run();
    }
    try (Leases.Keeping keeping = leases.keep(ctx.lease())) {
      return runHeld(ctx);
    }
  }

  private boolean renewed(Lease lease) {
    try {
      return leases.renew(lease);
    } catch (com.datastax.oss.driver.api.core.DriverException e) {
      return lease.validFor(java.time.Duration.ZERO);
    }
  }

  private CleanupRun runHeld(Context ctx) {
    CleanupRun run = ctx.run();
    try {
      if (!run.planned()) {
        if (ctx.rule() == null) {
          return finish(
              run,
              CleanupRun.State.FAILED,
              CleanupRun.Counts.ZERO,
              "RULE_CHANGED",
              "the rule changed before the run was planned; start it again");
        }
        run = plan(run, ctx);
        if (run == null) {
          return ctx.run(); // the lease ran out while planning: the next holder plans again
        }
        if (!run.running()) {
          return run; // stopped by the blast-radius guard: nothing planned, nothing acted on
        }
      }
      return execute(run, ctx);
    } catch (OrganizationMovingException e) {
      // The org froze (residency move) before this pass saw it: the run stays RUNNING and resumes.
      log.info(
          "cleanup run {} of org {} paused: the organization is moving", run.id(), run.orgId());
      leases.release(ctx.lease());
      return run;
    } catch (com.datastax.oss.driver.api.core.DriverException e) {
      // Cassandra did not answer: the run stays RUNNING, its lease lapses and it resumes.
      log.warn(
          "cleanup run {} of org {} stopped: Cassandra did not answer ({}); it resumes",
          run.id(),
          run.orgId(),
          e.getClass().getSimpleName());
      return run;
    } catch (RuntimeException e) {
      log.error(
          "cleanup run {} of org {} failed",
          run.id(),
          run.orgId(),
          logPrivacy.exception(run.orgId(), e));
      return finish(run, CleanupRun.State.FAILED, run.counts(), "INTERNAL", "internal error");
    }
  }

  /**
   * Plans with the org's settings as they are now (a scheduled run uses the current protections and
   * limits). An EXECUTE run that would act on more users than the blast-radius limits allow, and
   * more than its starter confirmed, ends FAILED ({@code BLAST_RADIUS_EXCEEDED}) with no item
   * written.
   */
  private CleanupRun plan(CleanupRun run, Context ctx) {
    RuleDefinition rule = ctx.rule();
    var snapshot = writer.snapshot(run.orgId());
    OrganizationSettings orgSettings = settings.get(run.orgId());
    List<CleanupItem> items = new ArrayList<>();
    int matched = 0;
    Instant now = clock.instant();
    List<UserEvaluation> evaluations =
        RuleEvaluator.evaluate(rule, snapshot, now, Protections.of(orgSettings));
    if (run.mode() == CleanupRun.Mode.EXECUTE) {
      BlastRadius radius = BlastRadius.of(evaluations, snapshot, orgSettings);
      run = run.withBlastRadius(radius);
      if (!radius.allows(run.confirmCount())) {
        return blocked(run, radius, evaluations);
      }
    }
    for (UserEvaluation e : evaluations) {
      if (!e.matched()) {
        continue;
      }
      matched++;
      for (PlannedOperation op : e.operations()) {
        CleanupItem.Outcome outcome =
            run.mode() == CleanupRun.Mode.EXECUTE
                ? CleanupItem.Outcome.PENDING
                : previewOutcome(op.kind());
        items.add(
            new CleanupItem(
                items.size(),
                e.user().accountId(),
                op.kind(),
                op.product(),
                op.groupId(),
                op.groupName(),
                outcome,
                op.reason(),
                null,
                null,
                0,
                now,
                frees(op, e.seatsFreed()),
                null));
      }
    }
    if (!ctx.lease().awaitValidFor(java.time.Duration.ZERO, ctx.lease().ttl())) {
      return null;
    }
    repository.insertItems(run.orgId(), run.id(), items);
    if (!ctx.lease().awaitValidFor(java.time.Duration.ZERO, ctx.lease().ttl())) {
      return null;
    }
    // Saved planned only after every item is written: a crash before re-plans from scratch.
    CleanupRun planned =
        run.withProgress(
            true,
            CleanupRepository.bucketsFor(items.size()),
            items.size(),
            new CleanupRun.Counts(matched, 0, 0, 0, 0, 0, 0, 0, 0));
    repository.save(planned);
    log.info(
        "cleanup run {} of org {} planned: {} users matched, {} items",
        run.id(),
        run.orgId(),
        matched,
        items.size());
    return planned;
  }

  private CleanupRun blocked(CleanupRun run, BlastRadius radius, List<UserEvaluation> evaluations) {
    int users = (int) evaluations.stream().filter(UserEvaluation::matched).count();
    log.warn(
        "cleanup run {} of org {} blocked after planning: {} users to act on, limit {}, confirmed {}",
        run.id(),
        run.orgId(),
        radius.actingUsers(),
        radius.limit(),
        run.confirmCount());
    String message =
        run.confirmCount() == null
            ? radius.describe()
            : radius.describe()
                + " (the directory changed since "
                + run.confirmCount()
                + " users were confirmed)";
    return finish(
        run,
        CleanupRun.State.FAILED,
        new CleanupRun.Counts(users, 0, 0, 0, 0, 0, 0, 0, 0),
        CleanupRun.BLAST_RADIUS_EXCEEDED,
        message);
  }

  /**
   * The products of the user's freed seats that depend on this operation: a suspension or a group
   * removal without product (REMOVE_FROM_GROUP) frees them all, a product's group removal that one.
   */
  static Set<String> frees(PlannedOperation op, Set<String> seatsFreed) {
    return switch (op.kind()) {
      case SUSPEND -> seatsFreed;
      case LEAVE_GROUP ->
          op.product() == null
              ? seatsFreed
              : seatsFreed.contains(op.product()) ? Set.of(op.product()) : Set.of();
      default -> Set.of();
    };
  }

  private static CleanupItem.Outcome previewOutcome(PlannedOperation.Kind kind) {
    return switch (kind) {
      case SUSPEND, LEAVE_GROUP -> CleanupItem.Outcome.PLANNED;
      case SKIP -> CleanupItem.Outcome.SKIPPED;
      case REQUIRES_IDP_ACTION -> CleanupItem.Outcome.REQUIRES_IDP_ACTION;
      case FLAG_FOR_REVIEW -> CleanupItem.Outcome.FLAGGED;
    };
  }

  private CleanupRun execute(CleanupRun run, Context ctx) {
    // Fenced first: from here a holder with an older epoch can neither start nor record an item.
    if (!repository.raiseFence(run.orgId(), run.id(), run.buckets(), ctx.lease().epoch())) {
      ctx.lease().markLost();
      log.warn(
          "cleanup run {} of org {}: a later holder fenced it; this execution stops",
          run.id(),
          run.orgId());
      return run;
    }
    Tally tally = new Tally(run.counts().matched());
    List<CleanupItem> open = new ArrayList<>();
    int after = -1;
    List<CleanupItem> page;
    do {
      page = repository.items(run.orgId(), run.id(), after, run.items(), SCAN_PAGE);
      for (CleanupItem i : page) {
        if (i.outcome().isFinal()) {
          tally.add(i);
        } else {
          open.add(i);
        }
        after = i.seq();
      }
    } while (page.size() == SCAN_PAGE);
    Map<String, ApiRecords.User> upstream;
    try {
      upstream = upstreamOf(run.orgId(), open);
    } catch (AdminApiException e) {
      // Unknown outcomes cannot be settled now: leave the run to the next resume.
      log.warn(
          "cleanup run {} of org {}: checking in-flight items upstream failed; resuming later",
          run.id(),
          run.orgId());
      leases.release(ctx.lease());
      return run;
    }
    Work work = new Work(run, ctx, tally, upstream);
    boolean stopped = work.dispatch(group(open));
    if (work.killed() || work.leaseLost() || work.cassandraFailed()) {
      return run; // left RUNNING: its lease lapses (or is another's) and it resumes
    }
    if (work.stoppedForShutdown()) {
      // In-flight items finished and were recorded; the lease goes now, not after its TTL.
      log.info(
          "cleanup run {} of org {} stopped for shutdown; another instance resumes it",
          run.id(),
          run.orgId());
      leases.release(ctx.lease());
      return run;
    }
    if (work.paused()) {
      // Frozen by a residency move: left RUNNING, lease released, resumed once the move ends.
      log.info(
          "cleanup run {} of org {} paused: the organization is moving; it resumes afterwards",
          run.id(),
          run.orgId());
      leases.release(ctx.lease());
      return run;
    }
    CleanupRun.State end = CleanupRun.State.COMPLETED;
    if (stopped) {
      end = CleanupRun.State.CANCELLED;
      for (CleanupItem i : work.undispatched()) {
        CleanupItem settled =
            i.outcome() == CleanupItem.Outcome.IN_FLIGHT
                    && i.acts()
                    && effectPresent(i, upstream.get(i.accountId()))
                ? i.ended(CleanupItem.Outcome.DONE, CleanupItem.VERIFIED_UPSTREAM, null, null)
                : i.ended(CleanupItem.Outcome.CANCELLED, null, null, null);
        if (!work.record(settled)) {
          return run;
        }
        tally.add(settled);
      }
    }
    if (!ctx.lease().validFor(java.time.Duration.ZERO)) {
      return run; // a holder that lost the run does not end it: the next holder does
    }
    // Seats before the final row: a run is never seen finished without them.
    repository.saveSeats(run.orgId(), run.id(), tally.seats());
    CleanupRun done = finish(run, end, tally.counts(), null, null);
    log.info(
        "cleanup run {} of org {} {}: {} affected, {} done, {} failed, {} skipped, {} need IdP action",
        run.id(),
        run.orgId(),
        end,
        done.counts().affected(),
        done.counts().done(),
        done.counts().failed(),
        done.counts().skipped(),
        done.counts().requiresIdpAction());
    return done;
  }

  private CleanupRun finish(
      CleanupRun run,
      CleanupRun.State state,
      CleanupRun.Counts counts,
      String code,
      String message) {
    CleanupRun ended = run.finished(state, counts, code, message);
    repository.save(ended);
    return ended;
  }

  /** Consecutive items of one user form one task (the plan writes a user's items together). */
  private static List<List<CleanupItem>> group(List<CleanupItem> open) {
    List<List<CleanupItem>> tasks = new ArrayList<>();
    for (CleanupItem i : open) {
      List<CleanupItem> last = tasks.isEmpty() ? null : tasks.get(tasks.size() - 1);
      if (last != null && last.get(0).accountId().equals(i.accountId())) {
        last.add(i);
      } else {
        tasks.add(new ArrayList<>(List.of(i)));
      }
    }
    return tasks;
  }

  /**
   * The upstream state of the users whose acting items are IN_FLIGHT (a previous owner may have
   * made the call): one pass over the org's users, stopping once all are found.
   */
  private Map<String, ApiRecords.User> upstreamOf(String orgId, List<CleanupItem> open) {
    Set<String> wanted = new HashSet<>();
    open.stream()
        .filter(i -> i.outcome() == CleanupItem.Outcome.IN_FLIGHT && i.acts())
        .forEach(i -> wanted.add(i.accountId()));
    Map<String, ApiRecords.User> found = new HashMap<>();
    String cursor = null;
    while (!wanted.isEmpty() && found.size() < wanted.size()) {
      String at = cursor;
      var page = retrying(() -> api.searchUsers(orgId, ALL_DIRECTORIES, at, 100));
      page.items().stream()
          .filter(u -> wanted.contains(u.accountId()))
          .forEach(u -> found.put(u.accountId(), u));
      cursor = page.nextCursor();
      if (cursor == null) {
        break;
      }
    }
    return found;
  }

  static boolean effectPresent(CleanupItem item, ApiRecords.User user) {
    if (user == null) {
      return false;
    }
    if (item.kind() == PlannedOperation.Kind.SUSPEND) {
      return "suspended".equalsIgnoreCase(user.status())
          || "suspended".equalsIgnoreCase(user.membershipStatus());
    }
    return user.groups() == null
        || user.groups().stream().noneMatch(g -> g.id().equals(item.groupId()));
  }

  private <T> T retrying(java.util.function.Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (AdminApiException.Unavailable | AdminApiException.Throttled e) {
        if (attempt >= properties.itemAttempts()) {
          throw e;
        }
        pause();
      }
    }
  }

  private void pause() {
    ItemCalls.sleep(properties.retryBackoff());
  }

  /** One execution pass: dispatch, heartbeat, cancel checks, and the per-user tasks. */
  private final class Work {
    private final CleanupRun run;
    private final AdminApi api;
    private final Context ctx;
    private final Tally tally;
    private final Map<String, ApiRecords.User> upstream;
    private final WriteTargets targets;
    private final ItemCalls.Budget budget = ItemCalls.Budget.of(properties);
    private final AtomicInteger acted = new AtomicInteger();
    private volatile boolean killed;
    // Written by the dispatcher's heartbeat, read by the item threads: once lost, no item starts.
    private volatile boolean leaseLost;
    // Set by an item thread whose Cassandra write failed: the run stops here and resumes later.
    private volatile boolean cassandraFailed;
    private boolean stoppedForShutdown;
    private boolean paused;
    private final List<CleanupItem> undispatched = new ArrayList<>();
    private long savedAt = System.nanoTime();

    Work(CleanupRun run, Context ctx, Tally tally, Map<String, ApiRecords.User> upstream) {
      this.run = run;
      this.ctx = ctx;
      this.tally = tally;
      this.upstream = upstream;
      // Every request, retries included, leaves only while the lease covers its longest time.
      Lease lease = ctx.lease();
      this.api =
          CleanupRunner.this.api.permitted(
              longest -> lease.awaitValidFor(longest, lease.ttl()) || lost());
      this.targets = new WriteTargets(this.api, run.orgId());
    }

    /** Notes the lease lost (for the permit, which then refuses); false. */
    private boolean lost() {
      leaseLost = true;
      return false;
    }

    /**
     * Records an item's end: an acting item only while this holder's epoch still fences the item's
     * partition (an LWT), so a holder that lost the run never overwrites what the next one did.
     * False, and the lease lost, when refused.
     */
    boolean record(CleanupItem item) {
      if (!item.acts()) {
        repository.update(run.orgId(), run.id(), item);
        return true;
      }
      if (repository.updateFenced(run.orgId(), run.id(), item, ctx.lease().epoch())) {
        return true;
      }
      fenced();
      return false;
    }

    private void fenced() {
      if (!leaseLost) {
        log.warn(
            "cleanup run {} of org {}: a later holder fenced it; this execution stops",
            run.id(),
            run.orgId());
      }
      ctx.lease().markLost();
      leaseLost = true;
    }

    boolean killed() {
      return killed;
    }

    boolean stoppedForShutdown() {
      return stoppedForShutdown;
    }

    boolean leaseLost() {
      return leaseLost;
    }

    boolean cassandraFailed() {
      return cassandraFailed;
    }

    boolean paused() {
      return paused;
    }

    List<CleanupItem> undispatched() {
      return undispatched;
    }

    /**
     * Dispatches every task; true when a cancel stopped it (the rest are in {@link #undispatched}).
     */
    boolean dispatch(List<List<CleanupItem>> tasks) {
      AtomicInteger n = new AtomicInteger();
      ExecutorService pool =
          Executors.newFixedThreadPool(
              properties.concurrency(),
              r -> {
                Thread t = new Thread(r, "cleanup-item-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      Semaphore slots = new Semaphore(properties.concurrency());
      boolean cancelled = false;
      Recheck recheck = null;
      long snapshotAt = 0;
      try {
        for (int t = 0; t < tasks.size(); t++) {
          if (t % CHECK_EVERY == 0) {
            cancelled =
                repository
                    .find(run.orgId(), run.id())
                    .map(CleanupRun::cancelRequested)
                    .orElse(true);
          }
          if (cancelled || killed || !heartbeat()) {
            tasks.subList(t, tasks.size()).forEach(undispatched::addAll);
            break;
          }
          slots.acquireUninterruptibly();
          // A user's items all run in one task, so a view of the mirror at most a second old is
          // current for that user; other writers (sync, SCIM) show up within the second.
          if (recheck == null || System.nanoTime() - snapshotAt >= 1_000_000_000L) {
            recheck =
                new Recheck(
                    ctx.rule(),
                    Protections.of(settings.get(run.orgId())),
                    writer.snapshot(run.orgId()),
                    clock.instant());
            snapshotAt = System.nanoTime();
          }
          List<CleanupItem> task = tasks.get(t);
          Recheck view = recheck;
          pool.submit(
              () -> {
                try {
                  userTask(task, view);
                } catch (OrganizationMovingException e) {
                  log.info(
                      "cleanup run {} of org {}: item of account {} left for the resume",
                      run.id(),
                      run.orgId(),
                      task.get(0).accountId());
                } catch (com.datastax.oss.driver.api.core.DriverException e) {
                  // Unknown whether its IN_FLIGHT or outcome write landed: the next holder checks.
                  log.warn(
                      "cleanup run {} of org {}: item of account {} left to the resume:"
                          + " Cassandra did not answer ({})",
                      run.id(),
                      run.orgId(),
                      logPrivacy.id(run.orgId(), task.get(0).accountId()),
                      e.getClass().getSimpleName());
                  cassandraFailed = true;
                } catch (RuntimeException e) {
                  log.error(
                      "cleanup run {} of org {}: item of account {} failed",
                      run.id(),
                      run.orgId(),
                      logPrivacy.id(run.orgId(), task.get(0).accountId()),
                      logPrivacy.exception(run.orgId(), e));
                } finally {
                  slots.release();
                }
              });
          saveProgress();
        }
      } finally {
        pool.shutdown();
        while (!awaitQuietly(pool)) {
          heartbeat();
        }
      }
      if (!killed && !leaseLost && !paused && !cassandraFailed) {
        saveProgressNow();
      }
      return cancelled && !killed && !leaseLost && !paused;
    }

    private boolean awaitQuietly(ExecutorService pool) {
      try {
        return pool.awaitTermination(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return true;
      }
    }

    private boolean heartbeat() {
      if (leaseLost || paused || stoppedForShutdown || cassandraFailed) {
        return false;
      }
      if (shutdown.stopping()) {
        stoppedForShutdown = true;
        return false;
      }
      if (!organizations.writable(run.orgId())) {
        paused = true;
        return false;
      }
      if (ctx.lease().lost()) {
        log.warn(
            "cleanup run {} of org {} lost its lease; another instance continues it",
            run.id(),
            run.orgId());
        leaseLost = true;
        return false;
      }
      return true;
    }

    private void saveProgress() {
      // Twice a second: a subscription polling the row then reports progress at least once a
      // second.
      if (System.nanoTime() - savedAt >= 500_000_000L) {
        saveProgressNow();
      }
    }

    private void saveProgressNow() {
      if (!ctx.lease().validFor(java.time.Duration.ZERO)) {
        return; // the run's row is the holder's to write
      }
      repository.save(run.withProgress(true, run.buckets(), run.items(), tally.counts()));
      savedAt = System.nanoTime();
    }

    private void userTask(List<CleanupItem> items, Recheck recheck) {
      String accountId = items.get(0).accountId();
      String ruleReason =
          tally.touched(accountId) || items.stream().noneMatch(CleanupItem::acts)
              ? null
              : recheck.ruleReason(accountId, items);
      for (CleanupItem item : items) {
        if (killed || leaseLost || shutdown.stopping()) {
          return; // the rest of this user's items are left to the run's next owner
        }
        CleanupItem end = item(item, ruleReason, recheck);
        if (end == null || !record(end)) {
          return;
        }
        tally.add(end);
        if (end.outcome() == CleanupItem.Outcome.FAILED) {
          // The reason and status only: the upstream message may quote a name or an email.
          log.warn(
              "cleanup run {} of org {}: {} of account {} failed: {} {}",
              run.id(),
              run.orgId(),
              end.kind(),
              logPrivacy.id(run.orgId(), accountId),
              end.reason(),
              end.upstreamStatus() == null ? "" : end.upstreamStatus());
        }
        if (end.outcome() == CleanupItem.Outcome.DONE && end.acts()) {
          mirror.reflect(run.orgId(), end, recheck.user(accountId));
        }
      }
    }

    /** The item's final state, or null when the process "died" with it IN_FLIGHT. */
    private CleanupItem item(CleanupItem item, String ruleReason, Recheck recheck) {
      switch (item.kind()) {
        case SKIP -> {
          return item.ended(CleanupItem.Outcome.SKIPPED, item.reason(), null, null);
        }
        case REQUIRES_IDP_ACTION -> {
          return item.ended(CleanupItem.Outcome.REQUIRES_IDP_ACTION, item.reason(), null, null);
        }
        case FLAG_FOR_REVIEW -> {
          return item.ended(CleanupItem.Outcome.FLAGGED, null, null, null);
        }
        default -> {}
      }
      if (item.outcome() == CleanupItem.Outcome.IN_FLIGHT) {
        ApiRecords.User now = upstream.get(item.accountId());
        if (now == null) {
          return item.ended(CleanupItem.Outcome.SKIPPED, CleanupItem.USER_NOT_FOUND, null, null);
        }
        if (effectPresent(item, now)) {
          return item.ended(CleanupItem.Outcome.DONE, CleanupItem.VERIFIED_UPSTREAM, null, null);
        }
      }
      String skip = ruleReason != null ? ruleReason : recheck.operationReason(item);
      if (skip != null) {
        return item.ended(CleanupItem.Outcome.SKIPPED, skip, null, null);
      }
      if (leaseLost || shutdown.stopping()) {
        return null; // not started: another owner may have the run now, or will after shutdown
      }
      if (!ctx.lease().awaitValidFor(java.time.Duration.ZERO, ctx.lease().ttl())) {
        leaseLost = true;
        return null; // the lease ran out (this holder was slow): the next holder has the item
      }
      CleanupItem flying = item.inFlight();
      // The claim: only while this holder's epoch fences the item's partition.
      if (!repository.updateFenced(run.orgId(), run.id(), flying, ctx.lease().epoch())) {
        fenced();
        return null;
      }
      if (killed || leaseLost) {
        return null;
      }
      CleanupItem end;
      try {
        end = call(flying);
      } catch (AdminApiException.NotSent e) {
        leaseLost = true;
        return null; // IN_FLIGHT: the next holder checks upstream whether an earlier try landed
      }
      if (ctx.killAfter().test(acted.incrementAndGet())) {
        // The call was made; the process dies before recording it (tests of crash safety).
        killed = true;
        return null;
      }
      return end;
    }

    private CleanupItem call(CleanupItem item) {
      boolean suspend = item.kind() == PlannedOperation.Kind.SUSPEND;
      return ItemCalls.call(
          item,
          budget,
          () ->
              suspend
                  ? targets.ofUser(item.accountId(), "active")
                  : targets.ofGroup(item.groupId()),
          directory -> {
            if (suspend) {
              api.suspend(run.orgId(), directory, item.accountId());
            } else {
              api.removeMember(run.orgId(), directory, item.groupId(), item.accountId());
            }
          });
    }
  }
}
