package app.reclaim.organizations;

import java.time.Instant;

/** An installed org: its id, display name, the region its data is pinned to, and install state. */
public record Organization(
    String id, String name, String region, State state, Instant installedAt) {

  public enum State {
    /** Served, read and written. */
    ACTIVE,
    /** Frozen by a residency move: served read-only from its source region until commit. */
    MOVING,
    /** Being purged by an uninstall: refuses writes, then disappears. */
    UNINSTALLING
  }
}
