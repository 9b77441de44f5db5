package app.reclaim.simulator;

import java.time.Instant;
import java.util.List;

/** A product instance; {@code index} is its position in {@link SimulatedOrg#PRODUCTS}. */
record SimWorkspace(
    int index,
    String id,
    String name,
    String typeKey,
    String family,
    int capacity,
    String hostUrl,
    String realm,
    List<String> regions,
    Instant createdAt) {

  SimulatorState.Workspace state(int usage) {
    return new SimulatorState.Workspace(
        id, name, typeKey, "online", capacity, usage, hostUrl, realm, regions);
  }
}
