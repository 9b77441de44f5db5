package app.reclaim.reports;

import app.reclaim.rules.RulePreview.ProductSeats;
import app.reclaim.support.Csv;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * A dashboard as CSV in long form, one figure per record: {@code section,key,metric,value} (e.g.
 * {@code product,confluence,billableSeats,120}), the same figures as the {@code dashboard} query.
 * Numbers (negative savings included) are written as they are; text goes through {@link Csv#cell}.
 */
final class DashboardCsv {

  static final List<String> HEADER = List.of("section", "key", "metric", "value");

  private final Writer w;

  private DashboardCsv(Writer w) {
    this.w = w;
  }

  static void write(Writer w, Dashboard d, Map<Dashboard.UpcomingRun, Integer> matching)
      throws IOException {
    new DashboardCsv(w).all(d, matching);
  }

  private void all(Dashboard d, Map<Dashboard.UpcomingRun, Integer> matching) throws IOException {
    Csv.row(w, HEADER);
    text("dashboard", "", "generatedAt", d.generatedAt().toString());
    text("dashboard", "", "currency", d.currency());
    number("dashboard", "", "activeWithinDays", d.activityBands().activeWithinDays());
    number("dashboard", "", "lowUseWithinDays", d.activityBands().lowUseWithinDays());
    number("users", "", "total", d.users().total());
    number("users", "", "managed", d.users().managed());
    number("users", "", "unmanaged", d.users().unmanaged());
    for (Dashboard.StatusCount c : d.users().byStatus()) {
      number("usersByStatus", c.status().name(), "count", c.count());
    }
    for (Dashboard.TypeCount c : d.users().byAccountType()) {
      number("usersByAccountType", c.accountType().name(), "count", c.count());
    }
    number("groups", "", "total", d.groups());
    for (Dashboard.SourceCount c : d.groupsBySource()) {
      number("groupsBySource", c.source().name(), "count", c.count());
    }
    for (Dashboard.ProductUsage p : d.products()) {
      number("product", p.product(), "usersWithAccess", p.usersWithAccess());
      number("product", p.product(), "billableSeats", p.billableSeats());
      number("product", p.product(), "capacity", p.capacity());
      number("product", p.product(), "active", p.active());
      number("product", p.product(), "lowUse", p.lowUse());
      number("product", p.product(), "inactive", p.inactive());
      number("product", p.product(), "neverActive", p.neverActive());
      decimal("product", p.product(), "pricePerSeat", p.pricePerSeat());
    }
    Dashboard.Reclaimed r = d.reclaimed();
    text("reclaimed", "", "since", r.since().toString());
    number("reclaimed", "", "seatsReclaimed", r.seatsReclaimed());
    number("reclaimed", "", "seatsRestored", r.seatsRestored());
    decimal("reclaimed", "", "estimatedMonthlySavings", r.estimatedMonthlySavings().amount());
    for (Dashboard.Month m : r.months()) {
      number("month", m.month(), "runs", m.runs());
      number("month", m.month(), "seatsReclaimed", m.seatsReclaimed());
      number("month", m.month(), "seatsRestored", m.seatsRestored());
      decimal("month", m.month(), "estimatedMonthlySavings", m.estimatedMonthlySavings().amount());
    }
    for (Dashboard.Run run : r.runs()) {
      text("run", run.runId(), "ruleId", run.ruleId());
      text("run", run.runId(), "ruleName", run.ruleName());
      text("run", run.runId(), "mode", run.mode().name());
      text("run", run.runId(), "state", run.state().name());
      text("run", run.runId(), "startedAt", run.startedAt().toString());
      text("run", run.runId(), "finishedAt", str(run.finishedAt()));
      number("run", run.runId(), "seats", run.seats());
      decimal(
          "run", run.runId(), "estimatedMonthlySavings", run.estimatedMonthlySavings().amount());
      for (ProductSeats s : run.seatsByProduct()) {
        number("runProduct", run.runId() + "/" + s.product(), "seats", s.seats());
        decimal(
            "runProduct", run.runId() + "/" + s.product(), "monthlySavings", s.monthlySavings());
      }
    }
    for (Dashboard.UpcomingRun u : d.upcomingRuns()) {
      text("upcomingRun", u.scheduleId(), "scheduleName", u.scheduleName());
      text("upcomingRun", u.scheduleId(), "ruleId", u.ruleId());
      text("upcomingRun", u.scheduleId(), "mode", u.mode().name());
      text("upcomingRun", u.scheduleId(), "nextFireAt", u.nextFireAt().toString());
      number("upcomingRun", u.scheduleId(), "matchingUsers", matching.get(u));
    }
    w.flush();
  }

  private void text(String section, String key, String metric, String value) throws IOException {
    Csv.row(w, java.util.Arrays.asList(section, key, metric, value));
  }

  /** A number we produced: written as is (a minus sign is not a formula here). */
  private void number(String section, String key, String metric, Integer value) throws IOException {
    raw(section, key, metric, value == null ? "" : value.toString());
  }

  private void decimal(String section, String key, String metric, String value) throws IOException {
    if (value != null && !value.matches("-?\\d+(\\.\\d+)?")) {
      throw new IllegalArgumentException("not a decimal: " + metric);
    }
    raw(section, key, metric, value == null ? "" : value);
  }

  private void raw(String section, String key, String metric, String value) throws IOException {
    w.write(Csv.cell(section));
    w.write(',');
    w.write(Csv.cell(key));
    w.write(',');
    w.write(Csv.cell(metric));
    w.write(',');
    w.write(value);
    w.write("\r\n");
  }

  private static String str(Object value) {
    return value == null ? null : value.toString();
  }
}
