package app.reclaim.cleanup;

import app.reclaim.atlassian.AdminApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One item's upstream calls with the item's retry budget, and the outcome it ends with. A write
 * names a real directory (ADMIN-API.md §1.3: "-" is for reads), so the item first looks up the
 * directories it acts in, then makes one call per directory, each with the full budget, and records
 * on the item the directories whose call succeeded. Ends DONE once every call succeeded; SKIPPED
 * ({@code NOT_IN_DIRECTORY}) when there is no directory to act in; FAILED with the upstream status
 * and message for a 4xx, or with THROTTLED / BREAKER_OPEN / UPSTREAM_UNAVAILABLE once the attempts
 * of one call are spent. Shared by runs and restores.
 */
final class ItemCalls {

  private ItemCalls() {}

  static CleanupItem call(
      CleanupItem item,
      int attempts,
      Supplier<List<String>> directories,
      Consumer<String> action,
      Runnable pause) {
    List<String> done = new ArrayList<>();
    List<String> targets;
    try {
      targets = attempt(attempts, directories, pause);
    } catch (AdminApiException e) {
      return failed(item, e, done);
    }
    if (targets.isEmpty()) {
      return item.ended(CleanupItem.Outcome.SKIPPED, CleanupItem.NOT_IN_DIRECTORY, null, null);
    }
    for (String directory : targets) {
      try {
        attempt(
            attempts,
            () -> {
              action.accept(directory);
              return directory;
            },
            pause);
      } catch (AdminApiException e) {
        return failed(item, e, done);
      }
      done.add(directory);
    }
    return item.ended(CleanupItem.Outcome.DONE, null, null, null).withDirectories(done);
  }

  /** The call's answer; a 4xx at once, unavailability or throttling once the attempts are spent. */
  private static <T> T attempt(int attempts, Supplier<T> call, Runnable pause) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (AdminApiException.Unavailable | AdminApiException.Throttled e) {
        if (attempt >= attempts) {
          throw e;
        }
        pause.run();
      }
    }
  }

  private static CleanupItem failed(CleanupItem item, AdminApiException e, List<String> done) {
    CleanupItem end;
    if (e instanceof AdminApiException.Rejected r) {
      end =
          item.ended(
              CleanupItem.Outcome.FAILED,
              CleanupItem.UPSTREAM_REJECTED,
              r.status(),
              r.upstreamMessage());
    } else if (e instanceof AdminApiException.Unavailable u && u.breakerOpen()) {
      end = item.ended(CleanupItem.Outcome.FAILED, CleanupItem.BREAKER_OPEN, null, u.getMessage());
    } else {
      String code =
          e instanceof AdminApiException.Throttled
              ? CleanupItem.THROTTLED
              : CleanupItem.UPSTREAM_UNAVAILABLE;
      end = item.ended(CleanupItem.Outcome.FAILED, code, null, e.getMessage());
    }
    // The directories already changed stay on the item: a restore undoes exactly those.
    return end.withDirectories(done);
  }
}
