package app.reclaim.rules;

import app.reclaim.directory.DirectorySnapshot;
import app.reclaim.directory.DirectoryUser;
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
import java.util.stream.IntStream;

/** Turns the evaluator's verdicts into a preview: totals, a page of matches, seats and money. */
final class Previewer {

  static final String CURSOR_KIND = "rulematch";

  private Previewer() {}

  static RulePreview preview(
      Integer version,
      RuleDefinition rule,
      DirectorySnapshot snapshot,
      Instant now,
      Protections protections,
      RulesProperties prices,
      int first,
      String after) {
    String afterId = after == null ? null : Cursors.decode(after, CURSOR_KIND, 1).get(0);
    // Every user is tallied without reason texts, in chunks side by side (a snapshot is immutable);
    // the page's users are evaluated again in full below.
    List<DirectoryUser> users = snapshot.users();
    int chunks = Math.max(1, Math.min(PARALLELISM, users.size() / CHUNK_MIN));
    Tally tally =
        IntStream.range(0, chunks)
            .parallel()
            .mapToObj(
                c -> {
                  Tally part = new Tally(first, afterId);
                  int from = (int) ((long) users.size() * c / chunks);
                  int to = (int) ((long) users.size() * (c + 1) / chunks);
                  for (int i = from; i < to; i++) {
                    part.add(
                        RuleEvaluator.evaluate(
                            rule, users.get(i), snapshot, now, protections, false));
                  }
                  return part;
                })
            .reduce(Tally::merge)
            .orElseGet(() -> new Tally(first, afterId));
    int matched = tally.matched;
    int protectedUsers = tally.protectedUsers;
    int excluded = tally.excluded;
    int idp = tally.idp;
    Map<String, Integer> seats = tally.seats;
    PriorityQueue<UserEvaluation> smallest = tally.smallest;
    boolean previous = tally.previous;
    List<UserEvaluation> page = new ArrayList<>(smallest);
    page.sort(BY_ID);
    boolean more = page.size() > first;
    List<RulePreview.Edge<UserEvaluation>> edges = new ArrayList<>();
    for (UserEvaluation e : page.subList(0, Math.min(first, page.size()))) {
      edges.add(
          new RulePreview.Edge<>(
              Cursors.encode(CURSOR_KIND, e.user().accountId()),
              RuleEvaluator.evaluate(rule, e.user(), snapshot, now, protections)));
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
        new RulePreview.Totals(users.size(), matched, protectedUsers, excluded, idp),
        new RulePreview.Connection<>(edges, info, matched),
        bySeat,
        new RulePreview.Money(money(total), prices.currency()));
  }

  /** Chunks a preview is cut into at most, and users per chunk at least. */
  static final int PARALLELISM = Math.max(1, Runtime.getRuntime().availableProcessors());

  static final int CHUNK_MIN = 20_000;

  static final Comparator<UserEvaluation> BY_ID = Comparator.comparing(e -> e.user().accountId());

  /**
   * The counts of a run of users, and of its matches the smallest {@code first + 1} account ids
   * after the cursor, kept in a bounded heap instead of sorting every match (65,000 of 100,000
   * users for a typical rule).
   */
  private static final class Tally {
    final int first;
    final String afterId;
    int matched;
    int protectedUsers;
    int excluded;
    int idp;
    boolean previous;
    final Map<String, Integer> seats = new TreeMap<>();
    final PriorityQueue<UserEvaluation> smallest;

    Tally(int first, String afterId) {
      this.first = first;
      this.afterId = afterId;
      this.smallest = new PriorityQueue<>(first + 2, BY_ID.reversed());
    }

    void add(UserEvaluation e) {
      switch (e.outcome()) {
        case MATCHED -> {
          matched++;
          if (e.requiresIdpAction()) {
            idp++;
          }
          e.seatsFreed().forEach(p -> seats.merge(p, 1, Integer::sum));
          keep(e);
        }
        case PROTECTED -> protectedUsers++;
        case EXCLUDED -> excluded++;
        default -> {}
      }
    }

    private void keep(UserEvaluation e) {
      if (afterId != null && e.user().accountId().compareTo(afterId) <= 0) {
        previous = true;
        return;
      }
      if (smallest.size() > first && BY_ID.compare(e, smallest.peek()) >= 0) {
        return;
      }
      smallest.add(e);
      if (smallest.size() > first + 1) {
        smallest.poll();
      }
    }

    Tally merge(Tally other) {
      matched += other.matched;
      protectedUsers += other.protectedUsers;
      excluded += other.excluded;
      idp += other.idp;
      previous |= other.previous;
      other.seats.forEach((p, n) -> seats.merge(p, n, Integer::sum));
      for (UserEvaluation e : other.smallest) {
        smallest.add(e);
        if (smallest.size() > first + 1) {
          smallest.poll();
        }
      }
      return this;
    }
  }

  private static String money(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }
}
