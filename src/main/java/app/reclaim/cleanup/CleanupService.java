package app.reclaim.cleanup;

import app.reclaim.atlassian.ApiKeyProvider;
import app.reclaim.directory.DirectorySnapshot;
import app.reclaim.directory.DirectoryUser;
import app.reclaim.directory.DirectoryWriter;
import app.reclaim.directory.Page;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.organizations.OrganizationSettings;
import app.reclaim.organizations.SettingsService;
import app.reclaim.rules.BlastRadius;
import app.reclaim.rules.Protections;
import app.reclaim.rules.Rule;
import app.reclaim.rules.RuleDefinition;
import app.reclaim.rules.RuleEvaluator;
import app.reclaim.rules.RuleService;
import app.reclaim.rules.UserEvaluation;
import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import app.reclaim.store.Lease;
import app.reclaim.store.Leases;
import app.reclaim.support.Cursors;
import app.reclaim.support.ErrorCode;
import app.reclaim.support.LogPrivacy;
import app.reclaim.support.ReclaimException;
import app.reclaim.support.UserError;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleanup runs of an org: start (ADMIN; or {@link #startFor} for trusted callers such as
 * schedules), cancel, read runs and their items (VIEWER), and resume the runs whose owner died. One
 * run per rule at a time across instances: the rule's lease (an LWT) names the owner, renewed as a
 * heartbeat.
 */
public class CleanupService {

  private static final Logger log = LoggerFactory.getLogger(CleanupService.class);
  static final int DEFAULT_PAGE_SIZE = 20;
  static final int MAX_PAGE_SIZE = 100;
  private static final int RUN_SCAN = 200;
  private static final String RUN_CURSOR = "cleanupRun";
  private static final String ITEM_CURSOR = "cleanupItem";

  private final CleanupRunner runner;
  private final CleanupRestorer restorer;
  private final CleanupRepository repository;
  private final RuleService rules;
  private final ApiKeyProvider keys;
  private final OrganizationService organizations;
  private final Leases leases;
  private final ExecutorService executor;

  /** How many runs and restores this instance is executing now. */
  int executingCount() {
    return executing.size();
  }

  /** Waits until this instance executes no run (at most {@code atMost}); true once idle. */
  boolean awaitIdle(java.time.Duration atMost) {
    return app.reclaim.support.Drain.untilEmpty(executing, atMost);
  }

  /** The runs this instance is executing now (see {@link #submitClaimed}). */
  private final Set<UUID> executing = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final LogPrivacy logPrivacy;
  private final DirectoryWriter directory;
  private final SettingsService settings;
  private final java.time.Clock clock;
  private final String instance = "cleanup-" + UUID.randomUUID();

  CleanupService(
      CleanupRunner runner,
      CleanupRestorer restorer,
      CleanupRepository repository,
      RuleService rules,
      ApiKeyProvider keys,
      OrganizationService organizations,
      Leases leases,
      ExecutorService executor,
      LogPrivacy logPrivacy,
      DirectoryWriter directory,
      SettingsService settings,
      java.time.Clock clock) {
    this.logPrivacy = logPrivacy;
    this.directory = directory;
    this.settings = settings;
    this.clock = clock;
    this.runner = runner;
    this.restorer = restorer;
    this.repository = repository;
    this.rules = rules;
    this.keys = keys;
    this.organizations = organizations;
    this.leases = leases;
    this.executor = executor;
  }

  /**
   * The result of startCleanup: the run started, or null with why not; for EXECUTE, the blast
   * radius counted at the start (null when the start stopped before counting).
   */
  public record StartCleanupPayload(
      CleanupRun run, List<UserError> userErrors, BlastRadius blastRadius) {}

  /** The result of cancelCleanup: the run (cancel requested), or null with why not. */
  public record CancelCleanupPayload(CleanupRun run, List<UserError> userErrors) {}

  /** The result of restoreCleanup: the RESTORE run started, or null with why not. */
  public record RestoreCleanupPayload(CleanupRun run, List<UserError> userErrors) {}

  /** Filter of {@link #runs}; every part optional. {@code from}/{@code to} bound the start time. */
  public record RunFilter(String ruleId, CleanupRun.State state, Instant from, Instant to) {}

  /** A page of runs or items. */
  public record Connection<T>(List<Edge<T>> edges, Page.PageInfo pageInfo) {}

  public record Edge<T>(String cursor, T node) {}

  /** As {@link #start(Caller, String, CleanupRun.Mode, Integer)} without a confirmed count. */
  public StartCleanupPayload start(Caller caller, String ruleId, CleanupRun.Mode mode) {
    return start(caller, ruleId, mode, null);
  }

  /**
   * Starts a run of a saved rule of the caller's org in the background. ADMIN only. An EXECUTE run
   * that would act on more users than the org's blast-radius limits starts only when {@code
   * confirmCount} is exactly that number ({@code BLAST_RADIUS_EXCEEDED} when absent, {@code
   * CONFIRMATION_MISMATCH} when different; nothing is written either way).
   */
  public StartCleanupPayload start(
      Caller caller, String ruleId, CleanupRun.Mode mode, Integer confirmCount) {
    Caller c = Caller.require(caller).requireRole(Role.ADMIN);
    return begin(
        c.orgId(),
        ruleId,
        mode == null ? CleanupRun.Mode.EXECUTE : mode,
        c.accountId(),
        new Guard(true, confirmCount),
        true,
        CleanupRunner.NEVER_KILLED);
  }

  /**
   * Whether begin counts the blast radius before starting ({@code atStart}), and the count the
   * starter confirmed. Trusted starters (schedules) cannot confirm: their EXECUTE runs over the
   * limits are stopped by the planner, which raises RUN_BLOCKED.
   */
  private record Guard(boolean atStart, Integer confirmCount) {
    static final Guard PLANNER_ONLY = new Guard(false, null);
  }

  /**
   * Starts a run without a caller, for trusted modules (schedules): {@code startedBy} is recorded
   * (an account id, or e.g. {@code schedule:<id>}). The run executes in the background; follow it
   * with {@link #find}.
   */
  public StartCleanupPayload startFor(
      String orgId, String ruleId, CleanupRun.Mode mode, String startedBy) {
    return begin(
        orgId,
        ruleId,
        mode == null ? CleanupRun.Mode.EXECUTE : mode,
        startedBy,
        Guard.PLANNER_ONLY,
        true,
        CleanupRunner.NEVER_KILLED);
  }

  /**
   * As {@link #startFor} on the calling thread with {@code confirmCount} confirmed (the planner
   * checks it), dying after {@code actions} upstream calls (tests).
   */
  StartCleanupPayload runUntilKilled(
      String orgId, String ruleId, int actions, Integer confirmCount) {
    return begin(
        orgId,
        ruleId,
        CleanupRun.Mode.EXECUTE,
        "test",
        new Guard(false, confirmCount),
        false,
        acted -> acted >= actions);
  }

  /**
   * An EXECUTE run on the calling thread as if {@code confirmCount} had been confirmed at a start
   * that met a smaller directory: only the planner's re-check decides (tests).
   */
  StartCleanupPayload runConfirmedEarlier(String orgId, String ruleId, int confirmCount) {
    return begin(
        orgId,
        ruleId,
        CleanupRun.Mode.EXECUTE,
        "test",
        new Guard(false, confirmCount),
        false,
        CleanupRunner.NEVER_KILLED);
  }

  /** Asks a RUNNING run of the caller's org to stop: no new items start; in-flight ones finish. */
  public CancelCleanupPayload cancel(Caller caller, String runId) {
    Caller c = Caller.require(caller).requireRole(Role.ADMIN);
    Optional<CleanupRun> run = uuid(runId).flatMap(id -> repository.find(c.orgId(), id));
    if (run.isEmpty()) {
      return new CancelCleanupPayload(
          null, List.of(UserError.of("NOT_FOUND", "no cleanup run " + runId, "input", "runId")));
    }
    if (!run.get().running()) {
      return new CancelCleanupPayload(
          run.get(),
          List.of(
              UserError.of(
                  "NOT_RUNNING",
                  "the run has already ended (" + run.get().state() + ")",
                  "input",
                  "runId")));
    }
    repository.requestCancel(c.orgId(), run.get().id());
    log.info(
        "cleanup run {} of org {}: cancel requested by account {}",
        runId,
        c.orgId(),
        logPrivacy.id(c.orgId(), c.accountId()));
    return new CancelCleanupPayload(
        repository.find(c.orgId(), run.get().id()).orElse(run.get()), List.of());
  }

  /**
   * Undoes the DONE changes of a finished EXECUTE run for {@code accountIds} (null or empty: every
   * account the run changed) as a RESTORE run of its own, executed in the background. The restore
   * run carries the original's rule and {@code restoresRunId}; its items are the original's DONE
   * acting items of those accounts (PENDING, then DONE, FAILED or CANCELLED), and its acting items
   * that were not DONE are logged SKIPPED ({@code NOT_DONE}). ADMIN only; one restore of a run at a
   * time (a lease named after the run).
   */
  public RestoreCleanupPayload restore(Caller caller, String runId, List<String> accountIds) {
    Caller c = Caller.require(caller).requireRole(Role.ADMIN);
    String orgId = c.orgId();
    Optional<CleanupRun> found = uuid(runId).flatMap(id -> repository.find(orgId, id));
    if (found.isEmpty()) {
      return restoreRejected("NOT_FOUND", "no cleanup run " + runId, "runId");
    }
    CleanupRun original = found.get();
    if (original.mode() != CleanupRun.Mode.EXECUTE) {
      return restoreRejected(
          "NOT_RESTORABLE",
          "only EXECUTE runs change anything; this run is " + original.mode(),
          "runId");
    }
    if (original.state() != CleanupRun.State.COMPLETED
        && original.state() != CleanupRun.State.CANCELLED) {
      return restoreRejected(
          "NOT_FINISHED",
          "the run must be COMPLETED or CANCELLED to be restored (it is " + original.state() + ")",
          "runId");
    }
    if (original.itemsPurged()) {
      return restoreRejected(
          "ITEMS_PURGED",
          "the run's items were purged at "
              + original.itemsPurgedAt()
              + " (the organization's cleanup-log retention); nothing is left to restore from",
          "runId");
    }
    Set<String> wanted =
        accountIds == null || accountIds.isEmpty()
            ? null
            : new java.util.LinkedHashSet<>(accountIds);
    Set<String> inRun = new java.util.HashSet<>();
    List<CleanupItem> chosen = new ArrayList<>();
    repository.forEachItem(
        orgId,
        original.id(),
        original.buckets(),
        1000,
        i -> {
          inRun.add(i.accountId());
          if (i.acts() && (wanted == null || wanted.contains(i.accountId()))) {
            chosen.add(i);
          }
        });
    if (wanted != null) {
      List<String> missing = wanted.stream().filter(a -> !inRun.contains(a)).toList();
      if (!missing.isEmpty()) {
        return restoreRejected(
            "NOT_IN_RUN",
            missing.size()
                + " of the account ids are not in this run: "
                + String.join(", ", missing.subList(0, Math.min(10, missing.size()))),
            "accountIds");
      }
    }
    Optional<Lease> taken =
        leases.acquire(
            restoreLeaseName(orgId, original.id()), instance + "/" + UUID.randomUUID(), leaseTtl());
    if (taken.isEmpty() || restoring(orgId, original.id())) {
      taken.ifPresent(leases::release);
      return restoreRejected(
          "ALREADY_RUNNING", "a restore of this run is already running", "runId");
    }
    Lease lease = taken.get();
    Instant now = Instant.now();
    UUID id = CleanupRepository.newRunId();
    List<CleanupItem> items = new ArrayList<>();
    Set<String> accounts = new java.util.HashSet<>();
    // The protections in force now: an account protected since the run is not changed back either.
    // App accounts are not protected from a restore: the run that changed one had opted apps in.
    Protections protections = Protections.of(settings.get(orgId));
    java.util.Map<String, DirectoryUser> current =
        directory.known(orgId, chosen.stream().map(CleanupItem::accountId).distinct().toList());
    for (CleanupItem i : chosen) {
      accounts.add(i.accountId());
      boolean done = i.outcome() == CleanupItem.Outcome.DONE;
      UserEvaluation.Reason protectedBy =
          done ? protections.reason(i.accountId(), current.get(i.accountId()), true) : null;
      boolean undo = done && protectedBy == null;
      items.add(
          new CleanupItem(
              items.size(),
              i.accountId(),
              i.kind(),
              i.product(),
              i.groupId(),
              i.groupName(),
              undo ? CleanupItem.Outcome.PENDING : CleanupItem.Outcome.SKIPPED,
              undo ? null : done ? CleanupItem.PROTECTED : CleanupItem.NOT_DONE,
              null,
              protectedBy == null ? null : protectedBy.code(),
              0,
              now,
              // The seats the undone change freed are the seats undoing it gives back.
              undo ? i.frees() : Set.of(),
              // Undone where it was done.
              undo ? i.directories() : List.of()));
    }
    CleanupRun run;
    try {
      // Items first, then the run row already planned: a restore is never seen half written.
      repository.insertItems(orgId, id, items);
      run =
          new CleanupRun(
              orgId,
              id,
              original.ruleId(),
              original.ruleVersion(),
              original.ruleName(),
              original.action(),
              CleanupRun.Mode.RESTORE,
              CleanupRun.State.RUNNING,
              true,
              CleanupRepository.bucketsFor(items.size()),
              items.size(),
              new CleanupRun.Counts(accounts.size(), 0, 0, 0, 0, 0, 0, 0, 0),
              false,
              null,
              null,
              1,
              c.accountId(),
              now,
              now,
              null,
              original.id(),
              null,
              null,
              null);
      repository.save(run);
    } catch (RuntimeException e) {
      leases.release(lease);
      throw e;
    }
    log.info(
        "cleanup restore run {} of run {} started in org {} by account {}: {} accounts, {} items",
        id,
        original.id(),
        orgId,
        logPrivacy.id(orgId, c.accountId()),
        accounts.size(),
        items.size());
    CleanupRun started = run;
    submitClaimed(started, () -> restoreAndRelease(started, lease));
    return new RestoreCleanupPayload(run, List.of());
  }

  private CleanupRun restoreAndRelease(CleanupRun run, Lease lease) {
    CleanupRun end = restorer.run(run, lease);
    if (!end.running()) {
      leases.release(lease);
    }
    return end;
  }

  private boolean restoring(String orgId, UUID originalId) {
    return repository
        .runs(
            orgId,
            Uuids.endOf(Instant.now().plus(1, ChronoUnit.DAYS).toEpochMilli()),
            Uuids.startOf(0),
            RUN_SCAN)
        .stream()
        .anyMatch(r -> r.running() && r.restore() && originalId.equals(r.restoresRunId()));
  }

  static String restoreLeaseName(String orgId, UUID runId) {
    return app.reclaim.store.OrgLeaseNames.cleanupRestore(orgId, runId);
  }

  private static RestoreCleanupPayload restoreRejected(String code, String message, String field) {
    return new RestoreCleanupPayload(null, List.of(UserError.of(code, message, "input", field)));
  }

  /** One run of the caller's org, or empty. */
  public Optional<CleanupRun> run(Caller caller, String id) {
    String orgId = Caller.require(caller).orgId();
    return uuid(id).flatMap(u -> repository.find(orgId, u));
  }

  /** One run by org and id, for trusted modules (schedules, subscriptions). */
  public Optional<CleanupRun> find(String orgId, UUID runId) {
    return repository.find(orgId, runId);
  }

  /** The org's latest runs, newest first (at most {@code limit}), for trusted modules. */
  public List<CleanupRun> recentRuns(String orgId, int limit) {
    return repository.runs(
        orgId,
        Uuids.endOf(Instant.now().plus(1, ChronoUnit.DAYS).toEpochMilli()),
        Uuids.startOf(0),
        limit);
  }

  /**
   * The seats of the org's runs started in [{@code from}, {@code to}), newest first, at most {@code
   * limit} runs, for trusted modules (reports): one range read of the org's run partition.
   */
  public List<RunSeats> seats(String orgId, Instant from, Instant to, int limit) {
    return repository.seats(orgId, from, to, limit);
  }

  /** The caller's org's runs, newest first. */
  public Connection<CleanupRun> runs(Caller caller, RunFilter filter, Integer first, String after) {
    String orgId = Caller.require(caller).orgId();
    RunFilter f = filter == null ? new RunFilter(null, null, null, null) : filter;
    int size = pageSize(first);
    UUID before =
        after != null
            ? uuid(Cursors.decode(after, RUN_CURSOR, 1).get(0))
                .orElseThrow(() -> Cursors.invalid("malformed cursor"))
            : Uuids.endOf(
                (f.to() == null ? Instant.now().plus(1, ChronoUnit.DAYS) : f.to()).toEpochMilli());
    UUID notBefore = Uuids.startOf(f.from() == null ? 0 : f.from().toEpochMilli());
    List<CleanupRun> found = new ArrayList<>();
    while (found.size() <= size) {
      List<CleanupRun> batch = repository.runs(orgId, before, notBefore, RUN_SCAN);
      batch.stream()
          .filter(
              r ->
                  (f.ruleId() == null || f.ruleId().equals(r.ruleId()))
                      && (f.state() == null || f.state() == r.state()))
          .forEach(found::add);
      if (batch.size() < RUN_SCAN) {
        break;
      }
      before = batch.get(batch.size() - 1).id();
    }
    boolean more = found.size() > size;
    List<Edge<CleanupRun>> edges =
        found.stream()
            .limit(size)
            .map(r -> new Edge<>(Cursors.encode(RUN_CURSOR, r.id().toString()), r))
            .toList();
    return new Connection<>(edges, info(edges, more, after != null));
  }

  /** Items of a run (already read for the caller), in plan order, optionally of one outcome. */
  public Connection<CleanupItem> items(
      CleanupRun run, CleanupItem.Outcome outcome, Integer first, String after) {
    return items(itemsPage(run, outcome, first, after));
  }

  /**
   * A checked request for one page of a run's items: {@code size} items after {@code afterSeq} (-1:
   * from the start).
   */
  public record ItemsPage(
      CleanupRun run, CleanupItem.Outcome outcome, int size, int afterSeq, boolean hasAfter) {}

  /** Checks the page arguments (size, cursor of this run) before anything is read. */
  public ItemsPage itemsPage(
      CleanupRun run, CleanupItem.Outcome outcome, Integer first, String after) {
    int size = pageSize(first);
    int afterSeq = -1;
    if (after != null) {
      List<String> parts = Cursors.decode(after, ITEM_CURSOR, 2);
      if (!run.id().toString().equals(parts.get(0))) {
        throw Cursors.invalid("this cursor belongs to another run");
      }
      afterSeq = parseSeq(parts.get(1));
    }
    return new ItemsPage(run, outcome, size, afterSeq, after != null);
  }

  /** One page of items as {@link #itemsPage} checked it. */
  public Connection<CleanupItem> items(ItemsPage page) {
    CleanupRun run = page.run();
    if (run.itemsPurged()) {
      // The retention job deleted them; the run's counts stay and itemsPurgedAt says so.
      return new Connection<>(List.of(), info(List.of(), false, page.hasAfter()));
    }
    CleanupItem.Outcome outcome = page.outcome();
    int size = page.size();
    int afterSeq = page.afterSeq();
    List<CleanupItem> found = new ArrayList<>();
    int from = afterSeq;
    while (found.size() <= size && from + 1 < run.items()) {
      List<CleanupItem> batch = repository.items(run.orgId(), run.id(), from, run.items(), 500);
      if (batch.isEmpty()) {
        break;
      }
      for (CleanupItem i : batch) {
        if ((outcome == null || i.outcome() == outcome) && found.size() <= size) {
          found.add(i);
        }
      }
      from = batch.get(batch.size() - 1).seq();
    }
    boolean more = found.size() > size;
    List<Edge<CleanupItem>> edges =
        found.stream()
            .limit(size)
            .map(
                i ->
                    new Edge<>(
                        Cursors.encode(ITEM_CURSOR, run.id().toString(), Integer.toString(i.seq())),
                        i))
            .toList();
    return new Connection<>(edges, info(edges, more, page.hasAfter()));
  }

  /** Whether this instance is executing the run now (tests of slow holders). */
  boolean executingHere(UUID runId) {
    return executing.contains(runId);
  }

  /** Resumes every RUNNING run whose owner is gone (its lease expired). */
  void resumeInterrupted() {
    for (String orgId : organizations.installedOrgIds()) {
      resumeInterrupted(orgId);
    }
  }

  /** Resumes the org's RUNNING runs whose owner is gone. */
  void resumeInterrupted(String orgId) {
    if (!organizations.writable(orgId)) {
      return; // frozen by a residency move: its runs resume once the move has ended
    }
    for (CleanupRun run :
        repository.runs(
            orgId,
            Uuids.endOf(Instant.now().plus(1, ChronoUnit.DAYS).toEpochMilli()),
            Uuids.startOf(0),
            RUN_SCAN)) {
      if (!run.running() || executing.contains(run.id())) {
        continue; // ended, or still executing here (its lease lost while it finishes)
      }
      if (run.restore()) {
        resumeRestore(run);
        continue;
      }
      String owner = instance + "/" + UUID.randomUUID();
      Optional<Lease> taken = leases.acquire(leaseName(orgId, run.ruleId()), owner, leaseTtl());
      if (taken.isEmpty()) {
        continue;
      }
      Lease lease = taken.get();
      Optional<CleanupRun> current = repository.find(orgId, run.id()).filter(CleanupRun::running);
      if (current.isEmpty()) {
        leases.release(lease);
        continue;
      }
      CleanupRun resumed = current.get().resumed();
      repository.save(resumed);
      log.info(
          "resuming interrupted cleanup run {} of org {} (attempt {})",
          run.id(),
          orgId,
          resumed.attempts());
      boolean submitted =
          submit(
              new CleanupRunner.Context(
                  resumed,
                  definitionAt(orgId, run.ruleId(), run.ruleVersion()),
                  lease,
                  CleanupRunner.NEVER_KILLED));
      if (!submitted) {
        leases.release(lease); // its execution here started meanwhile and goes on
      }
    }
  }

  private void resumeRestore(CleanupRun run) {
    Optional<Lease> taken =
        leases.acquire(
            restoreLeaseName(run.orgId(), run.restoresRunId()),
            instance + "/" + UUID.randomUUID(),
            leaseTtl());
    if (taken.isEmpty()) {
      return;
    }
    Lease lease = taken.get();
    Optional<CleanupRun> current =
        repository.find(run.orgId(), run.id()).filter(CleanupRun::running);
    if (current.isEmpty()) {
      leases.release(lease);
      return;
    }
    CleanupRun resumed = current.get().resumed();
    repository.save(resumed);
    log.info(
        "resuming interrupted cleanup restore run {} of org {} (attempt {})",
        run.id(),
        run.orgId(),
        resumed.attempts());
    if (!submitClaimed(resumed, () -> restoreAndRelease(resumed, lease))) {
      leases.release(lease);
    }
  }

  private StartCleanupPayload begin(
      String orgId,
      String ruleId,
      CleanupRun.Mode mode,
      String startedBy,
      Guard guard,
      boolean background,
      IntPredicate killAfter) {
    Optional<Rule> rule = rules.rule(system(orgId), ruleId);
    if (rule.isEmpty()) {
      return rejected("NOT_FOUND", "no rule " + ruleId, "ruleId");
    }
    if (!rule.get().enabled()) {
      return rejected(
          "RULE_DISABLED", "the rule is disabled; enable it before running it", "ruleId");
    }
    if (mode == CleanupRun.Mode.EXECUTE && keys.apiKey(orgId).isEmpty()) {
      return rejected(
          "NO_CREDENTIALS",
          "set the organization's API key (setApiCredentials) before" + " executing a cleanup",
          "mode");
    }
    if (runningOf(orgId, rule.get().id())) {
      // Before the guard: a second start of a running rule is refused whatever its count.
      return rejected("ALREADY_RUNNING", "a run of this rule is already running", "ruleId");
    }
    BlastRadius radius = null;
    Integer confirmed = null;
    if (mode == CleanupRun.Mode.EXECUTE && guard.atStart()) {
      // The same evaluation the planner makes (settings and protections now); it checks again.
      OrganizationSettings orgSettings = settings.get(orgId);
      DirectorySnapshot snapshot = directory.snapshot(orgId);
      List<UserEvaluation> evaluations =
          RuleEvaluator.evaluate(
              rule.get().definition(), snapshot, clock.instant(), Protections.of(orgSettings));
      radius = BlastRadius.of(evaluations, snapshot, orgSettings);
      if (!radius.confirmedBy(guard.confirmCount())) {
        boolean mismatch = guard.confirmCount() != null;
        String message =
            mismatch
                ? "confirmCount "
                    + guard.confirmCount()
                    + " is not the number of users the run would act on: "
                    + radius.describe()
                : radius.describe();
        return new StartCleanupPayload(
            null,
            List.of(
                UserError.of(
                    mismatch ? "CONFIRMATION_MISMATCH" : CleanupRun.BLAST_RADIUS_EXCEEDED,
                    message,
                    "input",
                    "confirmCount")),
            radius);
      }
      confirmed = radius.exceeded() ? guard.confirmCount() : null;
    } else if (mode == CleanupRun.Mode.EXECUTE) {
      confirmed = guard.confirmCount();
    }
    // One owner per run, not per instance: two runs on one instance must not share a lease.
    String owner = instance + "/" + UUID.randomUUID();
    Optional<Lease> taken =
        runningOf(orgId, rule.get().id())
            ? Optional.empty()
            : leases.acquire(leaseName(orgId, rule.get().id()), owner, leaseTtl());
    if (taken.isEmpty()) {
      return rejected("ALREADY_RUNNING", "a run of this rule is already running", "ruleId");
    }
    Lease lease = taken.get();
    Instant now = Instant.now();
    CleanupRun run =
        new CleanupRun(
            orgId,
            CleanupRepository.newRunId(),
            rule.get().id(),
            rule.get().version(),
            rule.get().name(),
            rule.get().action().type().name(),
            mode,
            CleanupRun.State.RUNNING,
            false,
            0,
            0,
            CleanupRun.Counts.ZERO,
            false,
            null,
            null,
            1,
            startedBy,
            now,
            now,
            null,
            null,
            null,
            confirmed,
            null);
    try {
      repository.save(run);
    } catch (RuntimeException e) {
      leases.release(lease);
      throw e;
    }
    log.info(
        "cleanup run {} ({}) of rule {} v{} started in org {} by {}",
        run.id(),
        mode,
        rule.get().id(),
        rule.get().version(),
        orgId,
        logPrivacy.id(orgId, startedBy));
    CleanupRunner.Context ctx =
        new CleanupRunner.Context(run, rule.get().definition(), lease, killAfter);
    if (background) {
      submit(ctx);
      return new StartCleanupPayload(run, List.of(), radius);
    }
    if (!claim(run)) {
      return new StartCleanupPayload(run, List.of(), radius);
    }
    try {
      return new StartCleanupPayload(execute(ctx), List.of(), radius);
    } finally {
      executing.remove(run.id());
    }
  }

  /** False when this instance is executing the run already (nothing submitted). */
  private boolean submit(CleanupRunner.Context ctx) {
    return submitClaimed(ctx.run(), () -> execute(ctx));
  }

  /**
   * Claims the run for this instance, then executes it in the background, unless this instance is
   * executing it already: the resumer takes a run whose lease expired, and a local execution that
   * lost its lease (slow, not dead) is still finishing its in-flight items; a second local
   * execution would act beside it. Claimed before the task is queued, so a resumer that looks while
   * the task waits for a thread sees the claim.
   */
  private boolean submitClaimed(CleanupRun run, java.util.function.Supplier<CleanupRun> execution) {
    if (!claim(run)) {
      return false;
    }
    try {
      executor.submit(
          () -> {
            try {
              return execution.get();
            } finally {
              executing.remove(run.id());
            }
          });
    } catch (RuntimeException e) {
      executing.remove(run.id());
      throw e;
    }
    return true;
  }

  private boolean claim(CleanupRun run) {
    if (executing.add(run.id())) {
      return true;
    }
    log.info(
        "cleanup run {} of org {} is still executing on this instance; not started twice",
        run.id(),
        run.orgId());
    return false;
  }

  /** Executes the run on the calling thread; the caller has claimed it. */
  private CleanupRun execute(CleanupRunner.Context ctx) {
    CleanupRun end = runner.run(ctx);
    if (!end.running()) {
      leases.release(ctx.lease());
    }
    return end;
  }

  private boolean runningOf(String orgId, String ruleId) {
    return repository
        .runs(
            orgId,
            Uuids.endOf(Instant.now().plus(1, ChronoUnit.DAYS).toEpochMilli()),
            Uuids.startOf(0),
            RUN_SCAN)
        .stream()
        .anyMatch(r -> r.running() && r.ruleId().equals(ruleId));
  }

  /**
   * The rule's definition if it is still at the version the run recorded, else null (operation
   * checks only).
   */
  private RuleDefinition definitionAt(String orgId, String ruleId, int version) {
    return rules
        .rule(system(orgId), ruleId)
        .filter(r -> r.version() == version)
        .map(Rule::definition)
        .orElse(null);
  }

  private java.time.Duration leaseTtl() {
    return runner.leaseTtl();
  }

  static String leaseName(String orgId, String ruleId) {
    return app.reclaim.store.OrgLeaseNames.cleanup(orgId, ruleId);
  }

  private static Caller system(String orgId) {
    return new Caller(orgId, "reclaim-cleanup", Set.of(Role.VIEWER));
  }

  private static StartCleanupPayload rejected(String code, String message, String field) {
    return new StartCleanupPayload(
        null, List.of(UserError.of(code, message, "input", field)), null);
  }

  private static <T> Page.PageInfo info(List<Edge<T>> edges, boolean more, boolean previous) {
    return new Page.PageInfo(
        more,
        previous,
        edges.isEmpty() ? null : edges.get(0).cursor(),
        edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor());
  }

  private static int parseSeq(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw Cursors.invalid("malformed cursor");
    }
  }

  static int pageSize(Integer first) {
    if (first == null) {
      return DEFAULT_PAGE_SIZE;
    }
    if (first < 0 || first > MAX_PAGE_SIZE) {
      throw new ReclaimException(
          ErrorCode.BAD_USER_INPUT,
          "first must be between 0 and " + MAX_PAGE_SIZE + " (was " + first + ")");
    }
    return first;
  }

  private static Optional<UUID> uuid(String id) {
    try {
      UUID u = id == null ? null : UUID.fromString(id);
      return u != null && u.version() == 1 ? Optional.of(u) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
