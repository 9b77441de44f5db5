package app.reclaim.cleanup;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A run's counts while it executes, seeded from its stored items and updated as items end. */
final class Tally {

  private final int matched;
  private final Set<String> affected = new HashSet<>();
  private final int[] byOutcome = new int[CleanupItem.Outcome.values().length];

  /** Per account, per product an item frees: whether every such item so far ended DONE. */
  private final Map<String, Map<String, Boolean>> freeing = new HashMap<>();

  Tally(int matched) {
    this.matched = matched;
  }

  synchronized void add(CleanupItem item) {
    byOutcome[item.outcome().ordinal()]++;
    if (item.outcome() == CleanupItem.Outcome.DONE && item.acts()) {
      affected.add(item.accountId());
    }
    if (item.acts() && !item.frees().isEmpty()) {
      boolean done = item.outcome() == CleanupItem.Outcome.DONE;
      Map<String, Boolean> products =
          freeing.computeIfAbsent(item.accountId(), a -> new HashMap<>());
      item.frees().forEach(p -> products.merge(p, done, Boolean::logicalAnd));
    }
  }

  synchronized boolean touched(String accountId) {
    return affected.contains(accountId);
  }

  /**
   * Seats per product whose every freeing item ended DONE (once all items are tallied: the seats
   * the run freed, or for a RESTORE run gave back).
   */
  synchronized Map<String, Integer> seats() {
    Map<String, Integer> seats = new TreeMap<>();
    freeing
        .values()
        .forEach(
            products ->
                products.forEach(
                    (product, done) -> {
                      if (done) {
                        seats.merge(product, 1, Integer::sum);
                      }
                    }));
    return seats;
  }

  synchronized CleanupRun.Counts counts() {
    return new CleanupRun.Counts(
        matched,
        affected.size(),
        n(CleanupItem.Outcome.DONE),
        n(CleanupItem.Outcome.FAILED),
        n(CleanupItem.Outcome.SKIPPED),
        n(CleanupItem.Outcome.REQUIRES_IDP_ACTION),
        n(CleanupItem.Outcome.FLAGGED),
        n(CleanupItem.Outcome.PLANNED),
        n(CleanupItem.Outcome.CANCELLED));
  }

  private int n(CleanupItem.Outcome outcome) {
    return byOutcome[outcome.ordinal()];
  }
}
