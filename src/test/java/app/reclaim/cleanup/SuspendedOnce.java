package app.reclaim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.GraphQlHttp;
import app.reclaim.simulator.AdminApiSimulator;
import app.reclaim.simulator.SimulatedAction;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The exactly-once check of a suspending run, as the simulator saw it: each user suspended at most
 * once (every suspend request counts, an already suspended user's too), and the run's DONE items
 * exactly the users suspended.
 */
final class SuspendedOnce {

  private SuspendedOnce() {}

  /** Every suspend request of the org in the simulator's action log. */
  static List<SimulatedAction> suspends(AdminApiSimulator simulator, String orgId) {
    return simulator.actions(orgId).stream().filter(a -> a.action().equals("suspend")).toList();
  }

  /** Asserts the check for run {@code runId}; returns the accounts suspended. */
  static Set<String> check(
      AdminApiSimulator simulator,
      Supplier<GraphQlHttp> viewer,
      String orgId,
      String runId,
      String why) {
    List<SimulatedAction> suspends = suspends(simulator, orgId);
    assertThat(
            suspends.stream()
                .collect(Collectors.groupingBy(SimulatedAction::accountId, Collectors.counting()))
                .values())
        .as(why + ": suspends per user")
        .containsOnly(1L);
    Set<String> suspended =
        suspends.stream().map(SimulatedAction::accountId).collect(Collectors.toSet());
    Set<String> done =
        CleanupIntegrationTests.items(viewer, runId, "DONE").stream()
            .map(i -> (String) i.get("accountId"))
            .collect(Collectors.toSet());
    assertThat(done).as(why + ": DONE items = users suspended upstream").isEqualTo(suspended);
    return suspended;
  }
}
