package app.reclaim.reports;

import app.reclaim.cleanup.CleanupRun;
import app.reclaim.directory.AccountType;
import app.reclaim.directory.GroupSource;
import app.reclaim.directory.UserStatus;
import app.reclaim.rules.RulePreview.Money;
import app.reclaim.rules.RulePreview.ProductSeats;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An org's dashboard at {@code generatedAt}: its directory figures (see {@link Figures}), the seats
 * its cleanup runs reclaimed with their estimated savings, and its upcoming scheduled runs. Amounts
 * are decimal strings in {@code currency}.
 */
public record Dashboard(
    Instant generatedAt,
    String currency,
    Figures figures,
    Reclaimed reclaimed,
    List<UpcomingRun> upcomingRuns) {

  // The directory figures are fields of Dashboard (and Day) in the schema.

  public Bands activityBands() {
    return figures.activityBands();
  }

  public Users users() {
    return figures.users();
  }

  public int groups() {
    return figures.groups();
  }

  public List<SourceCount> groupsBySource() {
    return figures.groupsBySource();
  }

  public List<ProductUsage> products() {
    return figures.products();
  }

  /**
   * The directory part of a dashboard, which the daily snapshot stores: the activity bands used,
   * users, groups by source and per product seats.
   */
  public record Figures(
      Bands activityBands,
      Users users,
      int groups,
      List<SourceCount> groupsBySource,
      List<ProductUsage> products) {}

  public record Bands(int activeWithinDays, int lowUseWithinDays) {}

  public record Users(
      int total,
      List<StatusCount> byStatus,
      List<TypeCount> byAccountType,
      int managed,
      int unmanaged) {}

  public record StatusCount(UserStatus status, int count) {}

  public record TypeCount(AccountType accountType, int count) {}

  public record SourceCount(GroupSource source, int count) {}

  /** One product's seats; see the schema's {@code ProductUsage}. Capacity null when unknown. */
  public record ProductUsage(
      String product,
      int usersWithAccess,
      int billableSeats,
      Integer capacity,
      int active,
      int lowUse,
      int inactive,
      int neverActive,
      String pricePerSeat) {}

  /** Seats reclaimed and restored over the months since {@code since}. */
  public record Reclaimed(
      LocalDate since,
      int seatsReclaimed,
      int seatsRestored,
      Money estimatedMonthlySavings,
      List<Month> months,
      List<Run> runs) {}

  public record Month(
      String month,
      int runs,
      int seatsReclaimed,
      int seatsRestored,
      Money estimatedMonthlySavings) {}

  public record Run(
      String runId,
      String ruleId,
      String ruleName,
      CleanupRun.Mode mode,
      CleanupRun.State state,
      Instant startedAt,
      Instant finishedAt,
      int seats,
      List<ProductSeats> seatsByProduct,
      Money estimatedMonthlySavings) {}

  /** A schedule's next fire; the users its rule matches are resolved for all of them at once. */
  public record UpcomingRun(
      String scheduleId,
      String scheduleName,
      String ruleId,
      CleanupRun.Mode mode,
      Instant nextFireAt) {}

  /** One day's stored snapshot. */
  public record Day(LocalDate date, Instant takenAt, Figures figures) {

    public Bands activityBands() {
      return figures.activityBands();
    }

    public Users users() {
      return figures.users();
    }

    public int groups() {
      return figures.groups();
    }

    public List<SourceCount> groupsBySource() {
      return figures.groupsBySource();
    }

    public List<ProductUsage> products() {
      return figures.products();
    }
  }
}
