package app.reclaim.organizations;

import java.time.Instant;

/** An installed org: its id, display name, the region its data is pinned to, and install state. */
public record Organization(
    String id, String name, String region, State state, Instant installedAt) {

  public enum State {
    ACTIVE
  }
}
