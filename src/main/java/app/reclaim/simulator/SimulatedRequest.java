package app.reclaim.simulator;

import java.time.Instant;

/**
 * A request an org received: method, path below the base URL (e.g. {@code
 * /v2/orgs/demo/directories/-/users/search}), the {@code cursor} it carried (query or body; null
 * for a first page) and the status answered, faults included.
 */
public record SimulatedRequest(
    Instant time, String method, String path, String cursor, int status) {}
