package app.reclaim.reports;

import app.reclaim.cleanup.CleanupRun;
import app.reclaim.cleanup.RunSeats;
import app.reclaim.organizations.OrganizationSettings;
import app.reclaim.rules.RulePreview.Money;
import app.reclaim.rules.RulePreview.ProductSeats;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Seats reclaimed and restored by cleanup runs, per run and per UTC month, priced with the org's
 * seat prices now (monthly, per product; a product without a price counts seats but no money). Pure
 * code over the runs' recorded seats.
 */
final class Savings {

  private Savings() {}

  /** The first day of the oldest of the {@code months} months up to the one holding {@code now}. */
  static LocalDate since(Instant now, int months) {
    return YearMonth.from(now.atZone(ZoneOffset.UTC)).minusMonths(months - 1L).atDay(1);
  }

  /**
   * Totals, every month (oldest first, empty ones with zeros) and the latest runs of {@code runs}
   * (EXECUTE and RESTORE runs, newest first, started in the window).
   */
  static Dashboard.Reclaimed reclaimed(
      List<RunSeats> runs, OrganizationSettings settings, Instant now, int months, int recentRuns) {
    LocalDate since = since(now, months);
    Map<YearMonth, Month> byMonth = new TreeMap<>();
    for (int m = 0; m < months; m++) {
      byMonth.put(YearMonth.from(since).plusMonths(m), new Month());
    }
    Month total = new Month();
    List<Dashboard.Run> recent = new ArrayList<>();
    for (RunSeats r : runs) {
      Month month = byMonth.get(YearMonth.from(r.startedAt().atZone(ZoneOffset.UTC)));
      if (month == null) {
        continue;
      }
      month.add(r);
      total.add(r);
      if (recent.size() < recentRuns) {
        recent.add(run(r, settings));
      }
    }
    List<Dashboard.Month> monthly = new ArrayList<>();
    byMonth.forEach(
        (ym, m) ->
            monthly.add(
                new Dashboard.Month(
                    ym.toString(),
                    m.runs,
                    m.reclaimed(),
                    m.restored(),
                    money(m.net(settings), settings))));
    return new Dashboard.Reclaimed(
        since,
        total.reclaimed(),
        total.restored(),
        money(total.net(settings), settings),
        monthly,
        recent);
  }

  static Dashboard.Run run(RunSeats r, OrganizationSettings settings) {
    List<ProductSeats> byProduct = new ArrayList<>();
    BigDecimal sum = BigDecimal.ZERO;
    for (var e : new TreeMap<>(r.seats()).entrySet()) {
      BigDecimal value = value(settings, e.getKey(), e.getValue());
      sum = sum.add(value);
      byProduct.add(
          new ProductSeats(e.getKey(), e.getValue(), price(settings, e.getKey()), amount(value)));
    }
    boolean restore = r.mode() == CleanupRun.Mode.RESTORE;
    return new Dashboard.Run(
        r.runId().toString(),
        r.ruleId(),
        r.ruleName(),
        r.mode(),
        r.state(),
        r.startedAt(),
        r.finishedAt(),
        r.total(),
        byProduct,
        money(restore ? sum.negate() : sum, settings));
  }

  /** The product's monthly seat price from the settings (two decimals), or null when unset. */
  static String price(OrganizationSettings settings, String product) {
    BigDecimal price = settings.seatPrices().get(product);
    return price == null ? null : amount(price);
  }

  private static BigDecimal value(OrganizationSettings settings, String product, int seats) {
    BigDecimal price = settings.seatPrices().get(product);
    return price == null ? BigDecimal.ZERO : price.multiply(BigDecimal.valueOf(seats));
  }

  private static Money money(BigDecimal amount, OrganizationSettings settings) {
    return new Money(amount(amount), settings.currency());
  }

  private static String amount(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  /** Runs and seats per product of one month (or the whole window). */
  private static final class Month {
    int runs;
    final Map<String, Integer> reclaimed = new TreeMap<>();
    final Map<String, Integer> restored = new TreeMap<>();

    void add(RunSeats r) {
      runs++;
      Map<String, Integer> into = r.mode() == CleanupRun.Mode.RESTORE ? restored : reclaimed;
      r.seats().forEach((p, n) -> into.merge(p, n, Integer::sum));
    }

    int reclaimed() {
      return reclaimed.values().stream().mapToInt(Integer::intValue).sum();
    }

    int restored() {
      return restored.values().stream().mapToInt(Integer::intValue).sum();
    }

    BigDecimal net(OrganizationSettings settings) {
      BigDecimal sum = BigDecimal.ZERO;
      for (var e : reclaimed.entrySet()) {
        sum = sum.add(value(settings, e.getKey(), e.getValue()));
      }
      for (var e : restored.entrySet()) {
        sum = sum.subtract(value(settings, e.getKey(), e.getValue()));
      }
      return sum;
    }
  }
}
