package app.reclaim.schedules;

import app.reclaim.cleanup.CleanupRun;
import app.reclaim.rules.RuleService;
import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import app.reclaim.support.Cursors;
import app.reclaim.support.ErrorCode;
import app.reclaim.support.LogPrivacy;
import app.reclaim.support.ReclaimException;
import app.reclaim.support.UserError;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.support.CronExpression;

/**
 * An org's schedules: read (VIEWER) and create, update (compare-and-set on the version), pause,
 * resume and delete (ADMIN). Invalid input comes back as {@link UserError}s and nothing is saved.
 */
public class ScheduleService {

  private static final Logger log = LoggerFactory.getLogger(ScheduleService.class);
  static final int DEFAULT_PAGE_SIZE = 20;
  static final int MAX_PAGE_SIZE = 100;
  private static final String CURSOR = "schedule";
  private static final int NAME_MAX = 200;

  private final ScheduleRepository repository;
  private final RuleService rules;
  private final Clock clock;
  private final LogPrivacy logPrivacy;

  ScheduleService(
      ScheduleRepository repository, RuleService rules, Clock clock, LogPrivacy logPrivacy) {
    this.repository = repository;
    this.rules = rules;
    this.clock = clock;
    this.logPrivacy = logPrivacy;
  }

  /** What createSchedule and updateSchedule take; in an update, null fields keep their value. */
  public record ScheduleInput(
      String name,
      String cron,
      String timeZone,
      String ruleId,
      CleanupRun.Mode mode,
      Boolean enabled) {}

  /** The result of the schedule mutations but delete. */
  public record SchedulePayload(Schedule schedule, List<UserError> userErrors) {}

  public record DeleteSchedulePayload(String deletedScheduleId, List<UserError> userErrors) {}

  public record PageInfo(
      boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {}

  public record Edge(String cursor, Schedule node) {}

  public record Connection(List<Edge> edges, PageInfo pageInfo) {}

  public Connection schedules(Caller caller, Integer first, String after) {
    String orgId = Caller.require(caller).orgId();
    int size = pageSize(first);
    UUID from =
        after == null
            ? Uuids.startOf(0)
            : uuid(Cursors.decode(after, CURSOR, 1).get(0))
                .orElseThrow(() -> Cursors.invalid("malformed cursor"));
    List<Schedule> found = size == 0 ? List.of() : repository.page(orgId, from, size + 1);
    boolean more = found.size() > size;
    List<Edge> edges =
        found.stream()
            .limit(size)
            .map(s -> new Edge(Cursors.encode(CURSOR, s.id().toString()), s))
            .toList();
    return new Connection(
        edges,
        new PageInfo(
            more,
            after != null,
            edges.isEmpty() ? null : edges.get(0).cursor(),
            edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor()));
  }

  /**
   * The caller's org's enabled schedules by next fire time, soonest first, at most {@code limit}:
   * one read of the org's schedule partition (a handful of rows).
   */
  public List<Schedule> upcoming(Caller caller, int limit) {
    String orgId = Caller.require(caller).orgId();
    return repository.all(orgId).stream()
        .filter(s -> s.visibleNextFireAt() != null)
        .sorted(java.util.Comparator.comparing(Schedule::nextFireAt).thenComparing(Schedule::id))
        .limit(limit)
        .toList();
  }

  public Optional<Schedule> schedule(Caller caller, String id) {
    String orgId = Caller.require(caller).orgId();
    return uuid(id).flatMap(u -> repository.find(orgId, u));
  }

  public SchedulePayload create(Caller caller, ScheduleInput input) {
    Caller c = admin(caller);
    List<UserError> errors = new ArrayList<>();
    String name = input.name() == null ? null : input.name().strip();
    validate(c, name, input.cron(), input.timeZone(), input.ruleId(), null, errors);
    if (!errors.isEmpty()) {
      return new SchedulePayload(null, errors);
    }
    Instant now = clock.instant();
    boolean enabled = input.enabled() == null || input.enabled();
    CronExpression cron = CronExpression.parse(normalize(input.cron()));
    ZoneId zone = ZoneId.of(input.timeZone().strip());
    Schedule s =
        new Schedule(
            c.orgId(),
            Uuids.timeBased(),
            name,
            normalize(input.cron()),
            zone.getId(),
            input.ruleId(),
            input.mode() == null ? CleanupRun.Mode.EXECUTE : input.mode(),
            enabled,
            1,
            nextAfter(cron, zone, now),
            null,
            null,
            null,
            now,
            now,
            c.accountId());
    repository.create(s);
    log.info(
        "schedule {} ({}) created in org {} by {}",
        s.id(),
        s.cron(),
        c.orgId(),
        logPrivacy.id(c.orgId(), c.accountId()));
    return new SchedulePayload(s, List.of());
  }

  public SchedulePayload update(
      Caller caller, String id, Integer expectedVersion, ScheduleInput input) {
    Caller c = admin(caller);
    // Retried only when a fire moved next_fire_at between the read and the write (same version).
    for (int attempt = 0; attempt < 5; attempt++) {
      Optional<Schedule> found = uuid(id).flatMap(u -> repository.find(c.orgId(), u));
      if (found.isEmpty()) {
        return notFound(id);
      }
      Schedule old = found.get();
      if (expectedVersion == null || expectedVersion != old.version()) {
        return stale(old);
      }
      String name = input.name() == null ? old.name() : input.name().strip();
      String cronText = input.cron() == null ? old.cron() : input.cron();
      String zoneText = input.timeZone() == null ? old.timeZone() : input.timeZone();
      String ruleId = input.ruleId() == null ? old.ruleId() : input.ruleId();
      List<UserError> errors = new ArrayList<>();
      validate(c, name, cronText, zoneText, ruleId, old.id(), errors);
      if (!errors.isEmpty()) {
        return new SchedulePayload(null, errors);
      }
      CronExpression cron = CronExpression.parse(normalize(cronText));
      ZoneId zone = ZoneId.of(zoneText.strip());
      boolean enabled = input.enabled() == null ? old.enabled() : input.enabled();
      boolean sameTimes =
          normalize(cronText).equals(old.cron())
              && zone.getId().equals(old.timeZone())
              && old.enabled()
              && enabled;
      Instant now = clock.instant();
      Schedule s =
          new Schedule(
              old.orgId(),
              old.id(),
              name,
              normalize(cronText),
              zone.getId(),
              ruleId,
              input.mode() == null ? old.mode() : input.mode(),
              enabled,
              old.version() + 1,
              sameTimes ? old.nextFireAt() : nextAfter(cron, zone, now),
              old.lastRunId(),
              old.lastRunAt(),
              old.lastError(),
              old.createdAt(),
              now,
              c.accountId());
      if (repository.update(s, old)) {
        return new SchedulePayload(s, List.of());
      }
    }
    return uuid(id)
        .flatMap(u -> repository.find(c.orgId(), u))
        .map(ScheduleService::stale)
        .orElseGet(() -> notFound(id));
  }

  /** Pauses (enabled = false): a paused schedule never fires. Pausing a paused one is a no-op. */
  public SchedulePayload pause(Caller caller, String id) {
    return setEnabled(admin(caller), id, false);
  }

  /**
   * Resumes: the next fire is the cron's next time after now (fires missed while paused are
   * skipped).
   */
  public SchedulePayload resume(Caller caller, String id) {
    return setEnabled(admin(caller), id, true);
  }

  public DeleteSchedulePayload delete(Caller caller, String id) {
    Caller c = admin(caller);
    Optional<UUID> u = uuid(id);
    if (u.isEmpty() || !repository.delete(c.orgId(), u.get())) {
      return new DeleteSchedulePayload(null, notFound(id).userErrors());
    }
    log.info(
        "schedule {} deleted in org {} by {}",
        id,
        c.orgId(),
        logPrivacy.id(c.orgId(), c.accountId()));
    return new DeleteSchedulePayload(u.get().toString(), List.of());
  }

  private SchedulePayload setEnabled(Caller c, String id, boolean enabled) {
    for (int attempt = 0; attempt < 5; attempt++) {
      Optional<Schedule> found = uuid(id).flatMap(u -> repository.find(c.orgId(), u));
      if (found.isEmpty()) {
        return notFound(id);
      }
      Schedule old = found.get();
      if (old.enabled() == enabled) {
        return new SchedulePayload(old, List.of());
      }
      Instant now = clock.instant();
      Instant next =
          enabled
              ? nextAfter(CronExpression.parse(old.cron()), ZoneId.of(old.timeZone()), now)
              : old.nextFireAt();
      Schedule s =
          new Schedule(
              old.orgId(),
              old.id(),
              old.name(),
              old.cron(),
              old.timeZone(),
              old.ruleId(),
              old.mode(),
              enabled,
              old.version() + 1,
              next,
              old.lastRunId(),
              old.lastRunAt(),
              old.lastError(),
              old.createdAt(),
              now,
              c.accountId());
      if (repository.update(s, old)) {
        return new SchedulePayload(s, List.of());
      }
    }
    throw new ReclaimException(ErrorCode.INTERNAL, "the schedule kept changing; try again");
  }

  private void validate(
      Caller c,
      String name,
      String cronText,
      String zoneText,
      String ruleId,
      UUID self,
      List<UserError> errors) {
    if (name == null || name.isBlank()) {
      errors.add(UserError.of("BLANK", "name must not be blank", "input", "name"));
    } else if (name.length() > NAME_MAX) {
      errors.add(
          UserError.of("TOO_LONG", "name is at most " + NAME_MAX + " characters", "input", "name"));
    } else if (repository.all(c.orgId()).stream()
        .anyMatch(
            s ->
                !s.id().equals(self)
                    && s.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))) {
      errors.add(
          UserError.of(
              "DUPLICATE_NAME", "another schedule is named \"" + name + "\"", "input", "name"));
    }
    ZoneId zone = null;
    try {
      zone = ZoneId.of(zoneText == null ? "" : zoneText.strip());
    } catch (DateTimeException e) {
      errors.add(
          UserError.of(
              "UNKNOWN_TIME_ZONE",
              "unknown time zone \"" + zoneText + "\"; use an IANA id such as Europe/Berlin",
              "input",
              "timeZone"));
    }
    try {
      CronExpression cron = CronExpression.parse(normalize(cronText));
      if (zone != null && nextAfter(cron, zone, clock.instant()) == null) {
        errors.add(
            UserError.of("INVALID_CRON", "the cron expression never fires", "input", "cron"));
      }
    } catch (IllegalArgumentException e) {
      errors.add(
          UserError.of(
              "INVALID_CRON",
              "invalid cron expression \""
                  + cronText
                  + "\" (seconds minutes"
                  + " hours day-of-month month day-of-week, or a macro such as @daily): "
                  + e.getMessage(),
              "input",
              "cron"));
    }
    if (ruleId == null
        || rules
            .rule(new Caller(c.orgId(), "reclaim-schedules", Set.of(Role.VIEWER)), ruleId)
            .isEmpty()) {
      errors.add(UserError.of("UNKNOWN_RULE", "no rule " + ruleId, "input", "ruleId"));
    }
  }

  /**
   * Five-field (Unix) cron gets a leading {@code 0} seconds field; six fields and macros pass as
   * they are.
   */
  static String normalize(String cron) {
    if (cron == null) {
      return "";
    }
    String text = cron.strip().replaceAll("\\s+", " ");
    return !text.startsWith("@") && text.split(" ").length == 5 ? "0 " + text : text;
  }

  /**
   * The cron's first time strictly after {@code after}, evaluated in {@code zone}; null if none.
   */
  static Instant nextAfter(CronExpression cron, ZoneId zone, Instant after) {
    ZonedDateTime next = cron.next(after.atZone(zone));
    return next == null ? null : next.toInstant();
  }

  private static Caller admin(Caller caller) {
    return Caller.require(caller).requireRole(Role.ADMIN);
  }

  private static SchedulePayload notFound(String id) {
    return new SchedulePayload(
        null, List.of(UserError.of("NOT_FOUND", "no schedule " + id, "input", "id")));
  }

  private static SchedulePayload stale(Schedule current) {
    return new SchedulePayload(
        null,
        List.of(
            UserError.of(
                "STALE_VERSION",
                "the schedule is at version "
                    + current.version()
                    + "; read it again and reapply your change",
                "input",
                "expectedVersion")));
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

  static Optional<UUID> uuid(String id) {
    try {
      UUID u = id == null ? null : UUID.fromString(id);
      return u != null && u.version() == 1 ? Optional.of(u) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
