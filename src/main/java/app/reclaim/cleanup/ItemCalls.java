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
 * of one call are spent. Shared by runs and restores. A request the holder's lease no longer covers
 * ({@link AdminApiException.NotSent}) ends nothing: it leaves the call, and the item stays
 * IN_FLIGHT for the next holder to check upstream.
 */
final class ItemCalls {

  private ItemCalls() {}

  /**
   * How long one call may keep trying: {@code attempts} tries with {@code pause} between them, and
   * up to {@code breakerWaits} waits of {@code breakerPause} while the breaker is open.
   */
  record Budget(int attempts, Runnable pause, int breakerWaits, Runnable breakerPause) {

    /** The configured budget, pausing the calling thread. */
    static Budget of(CleanupProperties properties) {
      return new Budget(
          properties.itemAttempts(),
          () -> sleep(properties.retryBackoff()),
          properties.breakerWaits(),
          () -> sleep(properties.breakerWait()));
    }
  }

  static void sleep(java.time.Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static CleanupItem call(
      CleanupItem item,
      Budget budget,
      Supplier<List<String>> directories,
      Consumer<String> action) {
    List<String> done = new ArrayList<>();
    List<String> targets;
    try {
      targets = attempt(budget, directories);
    } catch (AdminApiException.NotSent e) {
      throw e; // the holder's lease ran out: the item is left to the run's next holder
    } catch (AdminApiException e) {
      return failed(item, e, done);
    }
    if (targets.isEmpty()) {
      return item.ended(CleanupItem.Outcome.SKIPPED, CleanupItem.NOT_IN_DIRECTORY, null, null);
    }
    for (String directory : targets) {
      try {
        attempt(
            budget,
            () -> {
              action.accept(directory);
              return directory;
            });
      } catch (AdminApiException.NotSent e) {
        throw e;
      } catch (AdminApiException e) {
        return failed(item, e, done);
      }
      done.add(directory);
    }
    return item.ended(CleanupItem.Outcome.DONE, null, null, null).withDirectories(done);
  }

  /**
   * The call's answer; a 4xx at once, unavailability or throttling once the attempts are spent, an
   * open breaker once its waits are spent too.
   */
  private static <T> T attempt(Budget budget, Supplier<T> call) {
    int breakerWaits = 0;
    for (int attempt = 1; ; ) {
      try {
        return call.get();
      } catch (AdminApiException.Unavailable e) {
        if (e.breakerOpen() && breakerWaits < budget.breakerWaits()) {
          breakerWaits++;
          budget.breakerPause().run();
          continue;
        }
        if (attempt++ >= budget.attempts()) {
          throw e;
        }
        budget.pause().run();
      } catch (AdminApiException.Throttled e) {
        if (attempt++ >= budget.attempts()) {
          throw e;
        }
        budget.pause().run();
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
