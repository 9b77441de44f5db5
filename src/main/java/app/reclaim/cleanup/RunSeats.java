package app.reclaim.cleanup;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The seats one cleanup run freed per product key (an EXECUTE run), or gave back (a RESTORE run): a
 * seat counts when every change the run planned to free it ended DONE. Empty while the run is
 * RUNNING, for PREVIEW runs, and for runs that ended before seats were recorded.
 */
public record RunSeats(
    UUID runId,
    String ruleId,
    String ruleName,
    CleanupRun.Mode mode,
    CleanupRun.State state,
    Instant startedAt,
    Instant finishedAt,
    Map<String, Integer> seats,
    UUID restoresRunId) {

  public RunSeats {
    seats = seats == null ? Map.of() : Map.copyOf(seats);
  }

  /** Seats over all products. */
  public int total() {
    return seats.values().stream().mapToInt(Integer::intValue).sum();
  }
}
