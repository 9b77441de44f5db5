package app.reclaim.cleanup;

import app.reclaim.atlassian.AdminApiException;

/**
 * One item's upstream call with the item's retry budget, and the outcome it ends with: DONE, FAILED
 * with the upstream status and message for a 4xx, FAILED with THROTTLED / BREAKER_OPEN /
 * UPSTREAM_UNAVAILABLE once the attempts are spent. Shared by runs and restores.
 */
final class ItemCalls {

  private ItemCalls() {}

  static CleanupItem call(CleanupItem item, int attempts, Runnable action, Runnable pause) {
    for (int attempt = 1; ; attempt++) {
      try {
        action.run();
        return item.ended(CleanupItem.Outcome.DONE, null, null, null);
      } catch (AdminApiException.Rejected e) {
        return item.ended(
            CleanupItem.Outcome.FAILED,
            CleanupItem.UPSTREAM_REJECTED,
            e.status(),
            e.upstreamMessage());
      } catch (AdminApiException.Unavailable | AdminApiException.Throttled e) {
        if (attempt >= attempts) {
          String code =
              e instanceof AdminApiException.Throttled
                  ? CleanupItem.THROTTLED
                  : ((AdminApiException.Unavailable) e).breakerOpen()
                      ? CleanupItem.BREAKER_OPEN
                      : CleanupItem.UPSTREAM_UNAVAILABLE;
          return item.ended(CleanupItem.Outcome.FAILED, code, null, e.getMessage());
        }
        pause.run();
      }
    }
  }
}
