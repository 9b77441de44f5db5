package app.reclaim.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Atlassian admin API simulator: serves its orgs at {@link #baseUrl()} over real HTTP on
 * loopback, exactly the paths and JSON of ADMIN-API.md that {@code atlassian.AdminApi} calls, and
 * lets tests add orgs, read their state and action log, inject faults and count requests. Every
 * org's dates count back from the start of the day the simulator was created, so one simulator's
 * orgs are stable.
 */
public final class AdminApiSimulator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AdminApiSimulator.class);
  private static final SecureRandom KEYS = new SecureRandom();

  private final Clock clock;
  private final Instant anchor;
  private final int port;
  private final Map<String, SimulatorServer.Hosted> orgs = new ConcurrentHashMap<>();
  private final SimulatorServer server;
  private volatile FaultSettings template;
  private volatile String baseUrl;

  public AdminApiSimulator(SimulatorProperties properties) {
    this(properties, Clock.systemUTC());
  }

  public AdminApiSimulator(SimulatorProperties properties, Clock clock) {
    this.clock = clock;
    this.anchor = clock.instant().truncatedTo(ChronoUnit.DAYS);
    this.port = properties.port();
    this.template = properties.faults();
    this.server =
        new SimulatorServer(
            new SimulatorServer.Registry() {
              @Override
              public SimulatorServer.Hosted byId(String orgId) {
                return orgs.get(orgId);
              }

              @Override
              public SimulatorServer.Hosted byKey(String apiKey) {
                return orgs.values().stream()
                    .filter(h -> h.apiKey().equals(apiKey))
                    .findFirst()
                    .orElse(null);
              }
            },
            clock);
    properties.orgs().forEach(this::addOrg);
  }

  /** Starts listening; returns this. */
  public synchronized AdminApiSimulator start() {
    if (baseUrl == null) {
      try {
        baseUrl = server.start(port);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "admin API simulator: cannot listen on 127.0.0.1:" + port, e);
      }
      log.info("Admin API simulator at {} serving orgs {}", baseUrl, new TreeSet<>(orgs.keySet()));
    }
    return this;
  }

  public synchronized void stop() {
    server.stop();
    baseUrl = null;
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * {@code http://127.0.0.1:PORT/admin}: what a client uses in place of {@code
   * https://api.atlassian.com/admin}.
   */
  public String baseUrl() {
    return Objects.requireNonNull(baseUrl, "the simulator is not started");
  }

  public int port() {
    return Integer.parseInt(baseUrl().replaceAll(".*:(\\d+)/admin$", "$1"));
  }

  /**
   * Adds an org of {@code users} users and {@code groups} groups (one directory); returns its API
   * key.
   */
  public String addOrg(String orgId, long seed, int users, int groups) {
    return addOrg(OrgSpec.of(orgId, seed, users, groups));
  }

  /** Adds the org {@code spec} describes; returns its API key (the spec's, or a new random one). */
  public String addOrg(OrgSpec spec) {
    String key =
        spec.apiKey() != null ? spec.apiKey() : "sim-" + HexFormat.of().formatHex(randomBytes());
    SimulatedOrg org = OrgGenerator.generate(spec, anchor, clock);
    SimulatorServer.Hosted hosted =
        new SimulatorServer.Hosted(org, key, new OrgFaults(template), new RequestLog());
    if (orgs.putIfAbsent(spec.id(), hosted) != null) {
      throw new IllegalArgumentException("the simulator already serves org " + spec.id());
    }
    return key;
  }

  public boolean removeOrg(String orgId) {
    return orgs.remove(orgId) != null;
  }

  public Set<String> orgIds() {
    return Set.copyOf(orgs.keySet());
  }

  /** The org itself, to change it "upstream" (delete users, record activity, change IdP groups). */
  public SimulatedOrg org(String orgId) {
    return hosted(orgId).org();
  }

  public String apiKey(String orgId) {
    return hosted(orgId).apiKey();
  }

  /** A snapshot of everything the org holds now. */
  public SimulatorState.Org state(String orgId) {
    return org(orgId).state();
  }

  /** Every write the org answered, oldest first (requests stopped by a fault are not there). */
  public List<SimulatedAction> actions(String orgId) {
    return org(orgId).actions();
  }

  /** The faults of one org. */
  public Faults faults(String orgId) {
    return new Faults(hosted(orgId).faults());
  }

  /** The faults of every org, those added later included. */
  public Faults faults() {
    return new Faults(
        new Faults.Target() {
          @Override
          public void update(UnaryOperator<FaultSettings> change) {
            template = change.apply(template);
            orgs.values().forEach(h -> h.faults().update(change));
          }

          @Override
          public void throttleNext(int requests) {
            orgs.values().forEach(h -> h.faults().throttleNext(requests));
          }

          @Override
          public void outageFor(int requests) {
            orgs.values().forEach(h -> h.faults().outageFor(requests));
          }

          @Override
          public FaultSettings settings() {
            return template;
          }
        });
  }

  /**
   * Requests the org received on paths matching {@code pathPattern}, any method, faulted ones
   * included. The pattern is below the base URL ({@code /admin} may be included): {@code *} matches
   * within one path segment, {@code **} across segments, e.g. {@code /v2/orgs/*}{@code
   * /directories/*}{@code /users/search}.
   */
  public long requestCount(String orgId, String pathPattern) {
    return hosted(orgId).log().count(null, pathPattern);
  }

  /** As {@link #requestCount(String, String)}, for one HTTP method. */
  public long requestCount(String orgId, String method, String pathPattern) {
    return hosted(orgId).log().count(method, pathPattern);
  }

  /** The org's latest requests (up to 100,000), oldest first, with the cursor each carried. */
  public List<SimulatedRequest> requests(String orgId) {
    return hosted(orgId).log().requests();
  }

  public void resetRequests(String orgId) {
    hosted(orgId).log().clear();
  }

  private SimulatorServer.Hosted hosted(String orgId) {
    SimulatorServer.Hosted hosted = orgs.get(orgId);
    if (hosted == null) {
      throw new IllegalArgumentException("the simulator serves no org " + orgId);
    }
    return hosted;
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[16];
    KEYS.nextBytes(bytes);
    return bytes;
  }
}
