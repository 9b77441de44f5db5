package app.reclaim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.atlassian.AdminApiException;
import app.reclaim.rules.PlannedOperation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One item's calls: a call per directory, each with the item's retry budget, each recorded. */
class ItemCallsTests {

  static final CleanupItem SUSPEND =
      new CleanupItem(
          0,
          "acct",
          PlannedOperation.Kind.SUSPEND,
          null,
          null,
          null,
          CleanupItem.Outcome.IN_FLIGHT,
          null,
          null,
          null,
          1,
          Instant.EPOCH,
          Set.of(),
          List.of());

  static ItemCalls.Budget budget(int attempts, int breakerWaits) {
    return new ItemCalls.Budget(attempts, () -> {}, breakerWaits, () -> {});
  }

  @Test
  void shouldWaitOutAnOpenBreakerWithoutSpendingTheItemsTries() {
    int[] calls = {0};
    int[] waits = {0};
    int[] pauses = {0};

    CleanupItem end =
        ItemCalls.call(
            SUSPEND,
            new ItemCalls.Budget(2, () -> pauses[0]++, 10, () -> waits[0]++),
            () -> List.of("d-1"),
            d -> {
              // Open for six calls (no request made), then one 5xx, then through.
              int n = calls[0]++;
              if (n < 6) {
                throw new AdminApiException.Unavailable("breaker open", true, null);
              }
              if (n == 6) {
                throw new AdminApiException.Unavailable("503", false, null);
              }
            });

    assertThat(end.outcome()).isEqualTo(CleanupItem.Outcome.DONE);
    assertThat(waits[0]).isEqualTo(6);
    assertThat(pauses[0]).as("only the 5xx spent a try").isEqualTo(1);
  }

  @Test
  void shouldCallOncePerDirectoryAndRecordEach() {
    List<String> called = new ArrayList<>();

    CleanupItem end =
        ItemCalls.call(SUSPEND, budget(3, 0), () -> List.of("d-1", "d-2"), called::add);

    assertThat(called).containsExactly("d-1", "d-2");
    assertThat(end.outcome()).isEqualTo(CleanupItem.Outcome.DONE);
    assertThat(end.directories()).containsExactly("d-1", "d-2");
  }

  @Test
  void shouldKeepTheDirectoriesDoneWhenALaterOneRefuses() {
    CleanupItem end =
        ItemCalls.call(
            SUSPEND,
            budget(3, 0),
            () -> List.of("d-1", "d-2"),
            d -> {
              if (d.equals("d-2")) {
                throw new AdminApiException.Rejected(404, "User not found in this directory");
              }
            });

    assertThat(end.outcome()).isEqualTo(CleanupItem.Outcome.FAILED);
    assertThat(end.reason()).isEqualTo(CleanupItem.UPSTREAM_REJECTED);
    assertThat(end.upstreamStatus()).isEqualTo(404);
    assertThat(end.directories()).as("a restore undoes d-1").containsExactly("d-1");
  }

  @Test
  void shouldRetryEachDirectorysCallWithinTheBudgetAndTheLookupToo() {
    int[] lookups = {0};
    int[] calls = {0};
    int[] pauses = {0};

    CleanupItem end =
        ItemCalls.call(
            SUSPEND,
            new ItemCalls.Budget(3, () -> pauses[0]++, 0, () -> {}),
            () -> {
              if (lookups[0]++ == 0) {
                throw new AdminApiException.Unavailable("503", false, null);
              }
              return List.of("d-1");
            },
            d -> {
              if (calls[0]++ < 2) {
                throw new AdminApiException.Throttled(1);
              }
            });

    assertThat(end.outcome()).isEqualTo(CleanupItem.Outcome.DONE);
    assertThat(lookups[0]).isEqualTo(2);
    assertThat(calls[0]).isEqualTo(3);
    assertThat(pauses[0]).isEqualTo(3);
  }

  @Test
  void shouldFailWithTheBreakerOnceTheBudgetIsSpentAndSkipAUserInNoDirectory() {
    CleanupItem open =
        ItemCalls.call(
            SUSPEND,
            budget(2, 5),
            () -> List.of("d-1"),
            d -> {
              throw new AdminApiException.Unavailable("open", true, null);
            });
    CleanupItem nowhere = ItemCalls.call(SUSPEND, budget(2, 5), List::of, d -> {});

    assertThat(open.outcome()).isEqualTo(CleanupItem.Outcome.FAILED);
    assertThat(open.reason()).isEqualTo(CleanupItem.BREAKER_OPEN);
    assertThat(open.directories()).isEmpty();
    assertThat(nowhere.outcome()).isEqualTo(CleanupItem.Outcome.SKIPPED);
    assertThat(nowhere.reason()).isEqualTo(CleanupItem.NOT_IN_DIRECTORY);
  }
}
