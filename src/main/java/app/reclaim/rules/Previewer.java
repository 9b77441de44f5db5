package app.reclaim.rules;

import app.reclaim.directory.DirectorySnapshot;
import app.reclaim.directory.Page;
import app.reclaim.support.Cursors;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/** Turns the evaluator's verdicts into a preview: totals, a page of matches, seats and money. */
final class Previewer {

  static final String CURSOR_KIND = "rulematch";

  private Previewer() {}

  static RulePreview preview(
      Integer version,
      RuleDefinition rule,
      DirectorySnapshot snapshot,
      Instant now,
      RulesProperties prices,
      int first,
      String after) {
    // Every user is tallied without reason texts; the page's users are evaluated again in full.
    List<UserEvaluation> all = new ArrayList<>(snapshot.users().size());
    snapshot.users().forEach(u -> all.add(RuleEvaluator.evaluate(rule, u, snapshot, now, false)));
    int matched = 0;
    int protectedUsers = 0;
    int excluded = 0;
    int idp = 0;
    Map<String, Integer> seats = new TreeMap<>();
    List<UserEvaluation> matches = new ArrayList<>();
    for (UserEvaluation e : all) {
      switch (e.outcome()) {
        case MATCHED -> {
          matched++;
          matches.add(e);
          if (e.requiresIdpAction()) {
            idp++;
          }
          e.seatsFreed().forEach(p -> seats.merge(p, 1, Integer::sum));
        }
        case PROTECTED -> protectedUsers++;
        case EXCLUDED -> excluded++;
        default -> {}
      }
    }
    // One page in account-id order after the cursor: the smallest first + 1 ids past it, kept in a
    // bounded heap, instead of sorting every match (65,000 of 100,000 users for a typical rule).
    Comparator<UserEvaluation> byId = Comparator.comparing(e -> e.user().accountId());
    String afterId = after == null ? null : Cursors.decode(after, CURSOR_KIND, 1).get(0);
    PriorityQueue<UserEvaluation> smallest = new PriorityQueue<>(first + 2, byId.reversed());
    boolean previous = false;
    for (UserEvaluation e : matches) {
      if (afterId != null && e.user().accountId().compareTo(afterId) <= 0) {
        previous = true;
        continue;
      }
      if (smallest.size() > first && byId.compare(e, smallest.peek()) >= 0) {
        continue;
      }
      smallest.add(e);
      if (smallest.size() > first + 1) {
        smallest.poll();
      }
    }
    List<UserEvaluation> page = new ArrayList<>(smallest);
    page.sort(byId);
    boolean more = page.size() > first;
    List<RulePreview.Edge<UserEvaluation>> edges = new ArrayList<>();
    for (UserEvaluation e : page.subList(0, Math.min(first, page.size()))) {
      edges.add(
          new RulePreview.Edge<>(
              Cursors.encode(CURSOR_KIND, e.user().accountId()),
              RuleEvaluator.evaluate(rule, e.user(), snapshot, now)));
    }
    Page.PageInfo info =
        new Page.PageInfo(
            more,
            previous,
            edges.isEmpty() ? null : edges.get(0).cursor(),
            edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor());
    BigDecimal total = BigDecimal.ZERO;
    List<RulePreview.ProductSeats> bySeat = new ArrayList<>();
    for (Map.Entry<String, Integer> s : seats.entrySet()) {
      BigDecimal price = prices.seatPrices().get(s.getKey());
      BigDecimal saving =
          price == null ? BigDecimal.ZERO : price.multiply(BigDecimal.valueOf(s.getValue()));
      total = total.add(saving);
      bySeat.add(
          new RulePreview.ProductSeats(
              s.getKey(), s.getValue(), price == null ? null : money(price), money(saving)));
    }
    return new RulePreview(
        version,
        new RulePreview.Totals(all.size(), matched, protectedUsers, excluded, idp),
        new RulePreview.Connection<>(edges, info, matched),
        bySeat,
        new RulePreview.Money(money(total), prices.currency()));
  }

  private static String money(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }
}
