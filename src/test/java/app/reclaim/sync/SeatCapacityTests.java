package app.reclaim.sync;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.atlassian.ApiRecords;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Seats purchased per product from the workspaces listing. */
class SeatCapacityTests {

  static ApiRecords.Workspace site(String product, String status, Integer capacity) {
    return new ApiRecords.Workspace(
        "ari:" + product + ":" + capacity, product, product, status, capacity, null, "eu");
  }

  @Test
  void shouldSumSitesAndLeaveAProductUnknownWhenASiteReportsNoCapacity() {
    var capacity =
        UpstreamMapping.seatCapacity(
            List.of(
                site("jira-software", "online", 100),
                site("jira-software", "online", 50),
                site("jira-software", "offline", 1000),
                site("confluence", "online", 80),
                site("confluence", "online", null),
                site("bitbucket", null, 5),
                site(null, "online", 7)));

    assertThat(capacity).isEqualTo(Map.of("jira-software", 150, "bitbucket", 5));
  }
}
