package app.reclaim.cleanup;

import app.reclaim.atlassian.ApiKeyProvider;
import app.reclaim.directory.Page;
import app.reclaim.organizations.OrganizationService;
import app.reclaim.rules.Rule;
import app.reclaim.rules.RuleDefinition;
import app.reclaim.rules.RuleService;
import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import app.reclaim.support.Cursors;
import app.reclaim.support.ErrorCode;
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
 * Cleanup runs of an org: start (ADMIN; or {@link #startFor} for trusted callers such as schedules),
 * cancel, read runs and their items (VIEWER), and resume the runs whose owner died. One run per rule
 * at a time across instances: the rule's lease (an LWT) names the owner, renewed as a heartbeat.
 */
public class CleanupService {

  private static final Logger log = LoggerFactory.getLogger(CleanupService.class);
  static final int DEFAULT_PAGE_SIZE = 20;
  static final int MAX_PAGE_SIZE = 100;
  private static final int RUN_SCAN = 200;
  private static final String RUN_CURSOR = "cleanupRun";
  private static final String ITEM_CURSOR = "cleanupItem";

  private final CleanupRunner runner;
  private final CleanupRepository repository;
  private final RuleService rules;
  private final ApiKeyProvider keys;
  private final OrganizationService organizations;
  private final app.reclaim.store.Leases leases;
  private final ExecutorService executor;
  private final String instance = "cleanup-" + UUID.randomUUID();

  CleanupService(CleanupRunner runner, CleanupRepository repository, RuleService rules,
      ApiKeyProvider keys, OrganizationService organizations, app.reclaim.store.Leases leases,
      ExecutorService executor) {
    this.runner = runner;
    this.repository = repository;
    this.rules = rules;
    this.keys = keys;
    this.organizations = organizations;
    this.leases = leases;
    this.executor = executor;
  }

  /** The result of startCleanup: the run started, or null with why not. */
  public record StartCleanupPayload(CleanupRun run, List<UserError> userErrors) {}

  /** The result of cancelCleanup: the run (cancel requested), or null with why not. */
  public record CancelCleanupPayload(CleanupRun run, List<UserError> userErrors) {}

  /** Filter of {@link #runs}; every part optional. {@code from}/{@code to} bound the start time. */
  public record RunFilter(String ruleId, CleanupRun.State state, Instant from, Instant to) {}

  /** A page of runs or items. */
  public record Connection<T>(List<Edge<T>> edges, Page.PageInfo pageInfo) {}

  public record Edge<T>(String cursor, T node) {}

  /** Starts a run of a saved rule of the caller's org in the background. ADMIN only. */
  public StartCleanupPayload start(Caller caller, String ruleId, CleanupRun.Mode mode) {
    Caller c = Caller.require(caller).requireRole(Role.ADMIN);
    return startFor(c.orgId(), ruleId, mode, c.accountId());
  }

  /**
   * Starts a run without a caller, for trusted modules (schedules): {@code startedBy} is recorded
   * (an account id, or e.g. {@code schedule:<id>}). The run executes in the background; follow it
   * with {@link #find}.
   */
  public StartCleanupPayload startFor(String orgId, String ruleId, CleanupRun.Mode mode, String startedBy) {
    return begin(orgId, ruleId, mode == null ? CleanupRun.Mode.EXECUTE : mode, startedBy, true,
        CleanupRunner.NEVER_KILLED);
  }

  /** As {@link #startFor} on the calling thread, dying after {@code actions} upstream calls (tests). */
  StartCleanupPayload runUntilKilled(String orgId, String ruleId, int actions) {
    return begin(orgId, ruleId, CleanupRun.Mode.EXECUTE, "test", false, acted -> acted >= actions);
  }

  /** Asks a RUNNING run of the caller's org to stop: no new items start; in-flight ones finish. */
  public CancelCleanupPayload cancel(Caller caller, String runId) {
    Caller c = Caller.require(caller).requireRole(Role.ADMIN);
    Optional<CleanupRun> run = uuid(runId).flatMap(id -> repository.find(c.orgId(), id));
    if (run.isEmpty()) {
      return new CancelCleanupPayload(null, List.of(UserError.of("NOT_FOUND", "no cleanup run " + runId,
          "input", "runId")));
    }
    if (!run.get().running()) {
      return new CancelCleanupPayload(run.get(), List.of(UserError.of("NOT_RUNNING",
          "the run has already ended (" + run.get().state() + ")", "input", "runId")));
    }
    repository.requestCancel(c.orgId(), run.get().id());
    log.info("cleanup run {} of org {}: cancel requested by account {}", runId, c.orgId(), c.accountId());
    return new CancelCleanupPayload(repository.find(c.orgId(), run.get().id()).orElse(run.get()), List.of());
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

  /** The caller's org's runs, newest first. */
  public Connection<CleanupRun> runs(Caller caller, RunFilter filter, Integer first, String after) {
    String orgId = Caller.require(caller).orgId();
    RunFilter f = filter == null ? new RunFilter(null, null, null, null) : filter;
    int size = pageSize(first);
    UUID before = after != null ? uuid(Cursors.decode(after, RUN_CURSOR, 1).get(0))
        .orElseThrow(() -> Cursors.invalid("malformed cursor"))
        : Uuids.endOf((f.to() == null ? Instant.now().plus(1, ChronoUnit.DAYS) : f.to()).toEpochMilli());
    UUID notBefore = Uuids.startOf(f.from() == null ? 0 : f.from().toEpochMilli());
    List<CleanupRun> found = new ArrayList<>();
    while (found.size() <= size) {
      List<CleanupRun> batch = repository.runs(orgId, before, notBefore, RUN_SCAN);
      batch.stream().filter(r -> (f.ruleId() == null || f.ruleId().equals(r.ruleId()))
          && (f.state() == null || f.state() == r.state())).forEach(found::add);
      if (batch.size() < RUN_SCAN) {
        break;
      }
      before = batch.get(batch.size() - 1).id();
    }
    boolean more = found.size() > size;
    List<Edge<CleanupRun>> edges = found.stream().limit(size)
        .map(r -> new Edge<>(Cursors.encode(RUN_CURSOR, r.id().toString()), r)).toList();
    return new Connection<>(edges, info(edges, more, after != null));
  }

  /** Items of a run (already read for the caller), in plan order, optionally of one outcome. */
  public Connection<CleanupItem> items(CleanupRun run, CleanupItem.Outcome outcome, Integer first,
      String after) {
    int size = pageSize(first);
    int afterSeq = -1;
    if (after != null) {
      List<String> parts = Cursors.decode(after, ITEM_CURSOR, 2);
      if (!run.id().toString().equals(parts.get(0))) {
        throw Cursors.invalid("this cursor belongs to another run");
      }
      afterSeq = parseSeq(parts.get(1));
    }
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
    List<Edge<CleanupItem>> edges = found.stream().limit(size).map(i -> new Edge<>(
        Cursors.encode(ITEM_CURSOR, run.id().toString(), Integer.toString(i.seq())), i)).toList();
    return new Connection<>(edges, info(edges, more, after != null));
  }

  /** Resumes every RUNNING run whose owner is gone (its lease expired). */
  void resumeInterrupted() {
    for (String orgId : organizations.installedOrgIds()) {
      for (CleanupRun run : repository.runs(orgId, Uuids.endOf(Instant.now().plus(1, ChronoUnit.DAYS)
          .toEpochMilli()), Uuids.startOf(0), RUN_SCAN)) {
        if (!run.running()) {
          continue;
        }
        String lease = leaseName(orgId, run.ruleId());
        String owner = instance + "/" + UUID.randomUUID();
        if (!leases.tryAcquire(lease, owner, leaseTtl())) {
          continue;
        }
        Optional<CleanupRun> current = repository.find(orgId, run.id()).filter(CleanupRun::running);
        if (current.isEmpty()) {
          leases.release(lease, owner);
          continue;
        }
        CleanupRun resumed = current.get().resumed();
        repository.save(resumed);
        log.info("resuming interrupted cleanup run {} of org {} (attempt {})", run.id(), orgId,
            resumed.attempts());
        submit(new CleanupRunner.Context(resumed, definitionAt(orgId, run.ruleId(), run.ruleVersion()),
            lease, owner, CleanupRunner.NEVER_KILLED));
      }
    }
  }

  private StartCleanupPayload begin(String orgId, String ruleId, CleanupRun.Mode mode, String startedBy,
      boolean background, IntPredicate killAfter) {
    Optional<Rule> rule = rules.rule(system(orgId), ruleId);
    if (rule.isEmpty()) {
      return rejected("NOT_FOUND", "no rule " + ruleId, "ruleId");
    }
    if (!rule.get().enabled()) {
      return rejected("RULE_DISABLED", "the rule is disabled; enable it before running it", "ruleId");
    }
    if (mode == CleanupRun.Mode.EXECUTE && keys.apiKey(orgId).isEmpty()) {
      return rejected("NO_CREDENTIALS", "set the organization's API key (setApiCredentials) before"
          + " executing a cleanup", "mode");
    }
    String lease = leaseName(orgId, rule.get().id());
    // One owner per run, not per instance: two runs on one instance must not share a lease.
    String owner = instance + "/" + UUID.randomUUID();
    if (runningOf(orgId, rule.get().id()) || !leases.tryAcquire(lease, owner, leaseTtl())) {
      return rejected("ALREADY_RUNNING", "a run of this rule is already running", "ruleId");
    }
    Instant now = Instant.now();
    CleanupRun run = new CleanupRun(orgId, CleanupRepository.newRunId(), rule.get().id(),
        rule.get().version(), rule.get().name(), rule.get().action().type().name(), mode,
        CleanupRun.State.RUNNING, false, 0, 0, CleanupRun.Counts.ZERO, false, null, null, 1,
        startedBy, now, now, null);
    try {
      repository.save(run);
    } catch (RuntimeException e) {
      leases.release(lease, owner);
      throw e;
    }
    log.info("cleanup run {} ({}) of rule {} v{} started in org {} by {}", run.id(), mode,
        rule.get().id(), rule.get().version(), orgId, startedBy);
    CleanupRunner.Context ctx = new CleanupRunner.Context(run, rule.get().definition(), lease, owner,
        killAfter);
    if (background) {
      submit(ctx);
      return new StartCleanupPayload(run, List.of());
    }
    return new StartCleanupPayload(execute(ctx), List.of());
  }

  private void submit(CleanupRunner.Context ctx) {
    executor.submit(() -> execute(ctx));
  }

  private CleanupRun execute(CleanupRunner.Context ctx) {
    CleanupRun end = runner.run(ctx);
    if (!end.running()) {
      leases.release(ctx.lease(), ctx.owner());
    }
    return end;
  }

  private boolean runningOf(String orgId, String ruleId) {
    return repository.runs(orgId, Uuids.endOf(Instant.now().plus(1, ChronoUnit.DAYS).toEpochMilli()),
        Uuids.startOf(0), RUN_SCAN).stream().anyMatch(r -> r.running() && r.ruleId().equals(ruleId));
  }

  /** The rule's definition if it is still at the version the run recorded, else null (operation checks only). */
  private RuleDefinition definitionAt(String orgId, String ruleId, int version) {
    return rules.rule(system(orgId), ruleId).filter(r -> r.version() == version)
        .map(Rule::definition).orElse(null);
  }

  private java.time.Duration leaseTtl() {
    return runner.leaseTtl();
  }

  static String leaseName(String orgId, String ruleId) {
    return "cleanup:" + orgId + ":" + ruleId;
  }

  private static Caller system(String orgId) {
    return new Caller(orgId, "reclaim-cleanup", Set.of(Role.VIEWER));
  }

  private static StartCleanupPayload rejected(String code, String message, String field) {
    return new StartCleanupPayload(null, List.of(UserError.of(code, message, "input", field)));
  }

  private static <T> Page.PageInfo info(List<Edge<T>> edges, boolean more, boolean previous) {
    return new Page.PageInfo(more, previous, edges.isEmpty() ? null : edges.get(0).cursor(),
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
      throw new ReclaimException(ErrorCode.BAD_USER_INPUT,
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
