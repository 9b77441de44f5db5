package app.reclaim.simulator;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The admin-API simulator: on only when {@code enabled} (the local and test profiles; the prod
 * profile refuses it), listening on loopback at {@code port} (0: a free port, what tests use),
 * serving {@code orgs} (default: the demo org), each starting with the {@code faults} given.
 */
@ConfigurationProperties("reclaim.simulator")
public record SimulatorProperties(
    boolean enabled, Integer port, List<OrgSpec> orgs, FaultSettings faults) {

  public static final int DEFAULT_PORT = 8081;

  public SimulatorProperties {
    port = port == null ? DEFAULT_PORT : port;
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("reclaim.simulator.port: 0-65535 (0: any free port)");
    }
    orgs =
        orgs == null
            ? List.of(new OrgSpec(null, "Demo Org", null, null, null, null, null, null))
            : List.copyOf(orgs);
    if (orgs.stream().map(OrgSpec::id).distinct().count() != orgs.size()) {
      throw new IllegalArgumentException("reclaim.simulator.orgs: org ids must differ");
    }
    faults = faults == null ? FaultSettings.NONE : faults;
  }

  /** A simulator on a free port with no orgs and no faults: tests add what they need. */
  public static SimulatorProperties empty() {
    return new SimulatorProperties(true, 0, List.of(), FaultSettings.NONE);
  }
}
