package app.reclaim.rules;

import app.reclaim.directory.Page;
import java.util.List;

/**
 * What a rule would do now: totals over the whole directory, one page of matched users (in account
 * id order), the seats it would free per product with their price, and the estimated monthly
 * savings. Amounts are decimal strings in {@code currency}. {@code ruleVersion} is null for an
 * unsaved rule.
 */
public record RulePreview(
    Integer ruleVersion,
    Totals totals,
    Connection<UserEvaluation> matches,
    List<ProductSeats> seatsFreed,
    Money estimatedMonthlySavings) {

  /**
   * Users evaluated; matched; whose match a protection or an exclusion stopped; needing IdP action.
   */
  public record Totals(
      int evaluated, int matched, int protectedUsers, int excluded, int requiringIdpAction) {}

  /** Seats of one product the rule frees; price null when none is configured. */
  public record ProductSeats(
      String product, int seats, String pricePerSeat, String monthlySavings) {}

  public record Money(String amount, String currency) {}

  /** A Relay page. */
  public record Connection<T>(List<Edge<T>> edges, Page.PageInfo pageInfo, int totalCount) {}

  public record Edge<T>(String cursor, T node) {}
}
