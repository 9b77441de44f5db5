package app.reclaim.cleanup;

import java.util.HashSet;
import java.util.Set;

/** A run's counts while it executes, seeded from its stored items and updated as items end. */
final class Tally {

  private final int matched;
  private final Set<String> affected = new HashSet<>();
  private final int[] byOutcome = new int[CleanupItem.Outcome.values().length];

  Tally(int matched) {
    this.matched = matched;
  }

  synchronized void add(CleanupItem item) {
    byOutcome[item.outcome().ordinal()]++;
    if (item.outcome() == CleanupItem.Outcome.DONE && item.acts()) {
      affected.add(item.accountId());
    }
  }

  synchronized boolean touched(String accountId) {
    return affected.contains(accountId);
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
