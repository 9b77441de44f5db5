package app.reclaim.reports;

import app.reclaim.cleanup.CleanupRun;
import app.reclaim.cleanup.CleanupService;
import app.reclaim.cleanup.RunSeats;
import app.reclaim.directory.AccountType;
import app.reclaim.directory.DirectoryFigures;
import app.reclaim.directory.DirectoryService;
import app.reclaim.directory.GroupSource;
import app.reclaim.directory.UserStatus;
import app.reclaim.organizations.OrganizationProfile;
import app.reclaim.organizations.OrganizationProfiles;
import app.reclaim.organizations.OrganizationSettings;
import app.reclaim.organizations.SettingsService;
import app.reclaim.reports.Dashboard.Figures;
import app.reclaim.reports.Dashboard.UpcomingRun;
import app.reclaim.rules.RuleService;
import app.reclaim.schedules.ScheduleService;
import app.reclaim.security.Caller;
import app.reclaim.support.ErrorCode;
import app.reclaim.support.ReclaimException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The dashboard and its history for a caller (VIEWER or ADMIN of the org; every read is of the
 * caller's org). The directory figures come from the org's in-memory index, the seats from the
 * cleanup runs' recorded seats (one range read of the org's runs), the upcoming runs from its
 * schedules (one partition read); a request costs the same few Cassandra reads whatever the
 * directory's size.
 */
@Service
public class DashboardService {

  private final DirectoryService directory;
  private final SettingsService settings;
  private final OrganizationProfiles profiles;
  private final CleanupService cleanup;
  private final ScheduleService schedules;
  private final RuleService rules;
  private final DashboardSnapshotRepository snapshots;
  private final ReportsProperties properties;

  DashboardService(
      DirectoryService directory,
      SettingsService settings,
      OrganizationProfiles profiles,
      CleanupService cleanup,
      ScheduleService schedules,
      RuleService rules,
      DashboardSnapshotRepository snapshots,
      ReportsProperties properties) {
    this.directory = directory;
    this.settings = settings;
    this.profiles = profiles;
    this.cleanup = cleanup;
    this.schedules = schedules;
    this.rules = rules;
    this.snapshots = snapshots;
    this.properties = properties;
  }

  /** The caller's org's dashboard now. */
  public Dashboard dashboard(Caller caller) {
    Caller c = Caller.require(caller);
    OrganizationSettings s = settings.get(c.orgId());
    Measured measured = figures(c.orgId(), s);
    List<UpcomingRun> upcoming =
        schedules.upcoming(c, properties.upcomingRuns()).stream()
            .map(
                x ->
                    new UpcomingRun(
                        x.id().toString(), x.name(), x.ruleId(), x.mode(), x.nextFireAt()))
            .toList();
    return new Dashboard(
        measured.at(),
        s.currency(),
        measured.figures(),
        Savings.reclaimed(
            runs(c.orgId(), measured.at()),
            s,
            measured.at(),
            properties.months(),
            properties.recentRuns()),
        upcoming);
  }

  /**
   * For each upcoming run, the users its rule would match now (null: the rule is gone), all rules
   * evaluated in one pass over the caller's directory snapshot.
   */
  public Map<UpcomingRun, Integer> matchingUsers(Caller caller, List<UpcomingRun> runs) {
    Map<String, Integer> counts =
        rules.matchingUsers(caller, runs.stream().map(UpcomingRun::ruleId).toList());
    Map<UpcomingRun, Integer> out = new LinkedHashMap<>();
    runs.forEach(r -> out.put(r, counts.get(r.ruleId())));
    return out;
  }

  /**
   * The caller's org's daily snapshots from {@code from} to {@code to} (included), oldest first.
   */
  public List<Dashboard.Day> history(Caller caller, LocalDate from, LocalDate to) {
    String orgId = Caller.require(caller).orgId();
    if (from == null || to == null) {
      throw bad("from and to are required");
    }
    if (from.isAfter(to)) {
      throw bad("from (" + from + ") must not be after to (" + to + ")");
    }
    long days = ChronoUnit.DAYS.between(from, to) + 1;
    if (days > properties.historyMaxDays()) {
      throw bad(
          "the range is at most " + properties.historyMaxDays() + " days (asked for " + days + ")");
    }
    return snapshots.range(orgId, from, to);
  }

  /** The figures of an org and when they were measured. */
  record Measured(Instant at, Figures figures) {}

  /** The org's directory figures now, with the activity bands and prices of its settings. */
  Measured figures(String orgId, OrganizationSettings s) {
    OrganizationProfile profile = profiles.get(orgId);
    Set<String> also = new HashSet<>(profile.products());
    also.addAll(profile.seatCapacity().keySet());
    DirectoryFigures d = directory.figures(orgId, s.activeWithinDays(), s.lowUseWithinDays(), also);
    List<Dashboard.StatusCount> byStatus = new ArrayList<>();
    for (UserStatus status : UserStatus.values()) {
      byStatus.add(new Dashboard.StatusCount(status, d.byStatus().getOrDefault(status, 0)));
    }
    List<Dashboard.TypeCount> byType = new ArrayList<>();
    for (AccountType type : AccountType.values()) {
      byType.add(new Dashboard.TypeCount(type, d.byAccountType().getOrDefault(type, 0)));
    }
    List<Dashboard.SourceCount> bySource = new ArrayList<>();
    for (GroupSource source : GroupSource.values()) {
      bySource.add(new Dashboard.SourceCount(source, d.groupsBySource().getOrDefault(source, 0)));
    }
    List<Dashboard.ProductUsage> products =
        d.products().stream()
            .map(
                p ->
                    new Dashboard.ProductUsage(
                        p.product(),
                        p.usersWithAccess(),
                        p.billableSeats(),
                        profile.seatCapacity().get(p.product()),
                        p.active(),
                        p.lowUse(),
                        p.inactive(),
                        p.neverActive(),
                        Savings.price(s, p.product())))
            .toList();
    return new Measured(
        d.at(),
        new Figures(
            new Dashboard.Bands(s.activeWithinDays(), s.lowUseWithinDays()),
            new Dashboard.Users(d.users(), byStatus, byType, d.managed(), d.unmanaged()),
            d.groups(),
            bySource,
            products));
  }

  Measured figures(String orgId) {
    return figures(orgId, settings.get(orgId));
  }

  /** The org's EXECUTE and RESTORE runs' seats over the dashboard's months, newest first. */
  private List<RunSeats> runs(String orgId, Instant now) {
    LocalDate since = Savings.since(now, properties.months());
    return cleanup
        .seats(
            orgId,
            since.atStartOfDay(ZoneOffset.UTC).toInstant(),
            now.plus(Duration.ofDays(1)),
            properties.maxRunsRead())
        .stream()
        .filter(r -> r.mode() != CleanupRun.Mode.PREVIEW)
        .toList();
  }

  private static ReclaimException bad(String message) {
    return new ReclaimException(ErrorCode.BAD_USER_INPUT, message);
  }
}
