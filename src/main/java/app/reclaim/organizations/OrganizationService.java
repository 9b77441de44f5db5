package app.reclaim.organizations;

import app.reclaim.organizations.UpdateOrganizationPayload.UserError;
import app.reclaim.security.Caller;
import app.reclaim.security.Role;
import app.reclaim.store.KeyspaceRouter;
import app.reclaim.store.OrgStatements;
import app.reclaim.store.RegionKeyspaces;
import app.reclaim.store.RegionResolver;
import app.reclaim.store.UnknownOrganizationException;
import app.reclaim.store.UnknownRegionException;
import app.reclaim.support.ErrorCode;
import app.reclaim.support.LogPrivacy;
import app.reclaim.support.ReclaimException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Installs orgs, answers where each one's data lives (and whether it may be written now), and reads
 * org profiles. The registry row of each org is cached per instance for {@code
 * reclaim.organizations.registry-cache-ttl}: a residency move's freeze and commit, and an
 * uninstall, reach every instance within that time (the move and the uninstall wait longer than it
 * before they move or delete anything).
 */
@Service
public class OrganizationService implements RegionResolver {

  private static final Logger log = LoggerFactory.getLogger(OrganizationService.class);
  static final Pattern ORG_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  static final int MAX_NAME_LENGTH = 200;

  private final OrganizationRepository repository;
  private final RegionKeyspaces regions;
  private final KeyspaceRouter router;
  private final Map<String, Routing> routes = new ConcurrentHashMap<>();
  private final long routeTtlNanos;
  private final ApplicationEventPublisher events;
  private final LogPrivacy logPrivacy;

  OrganizationService(
      OrganizationRepository repository,
      RegionKeyspaces regions,
      KeyspaceRouter router,
      OrganizationsProperties properties,
      ApplicationEventPublisher events,
      LogPrivacy logPrivacy) {
    this.repository = repository;
    this.regions = regions;
    this.router = router;
    this.routeTtlNanos = properties.registryCacheTtl().toNanos();
    this.events = events;
    this.logPrivacy = logPrivacy;
  }

  /** An org's registry row as this instance last read (or wrote) it. */
  record Routing(String region, Organization.State state, String migrationId, long readAtNanos) {

    static Routing of(OrganizationRepository.Registration registration) {
      return new Routing(
          registration.region(),
          Organization.State.valueOf(registration.state()),
          registration.migrationId(),
          System.nanoTime());
    }
  }

  public record Installation(Organization organization, boolean created) {}

  /**
   * Installs an org pinned to a region. Installing again in the same region is idempotent (the name
   * is updated); another region is refused, since moving data is a residency move, not an install.
   */
  public Installation install(InstallOrganization request) {
    validate(request);
    // Create the keyspace before the registry points at it, so no org is ever routed to nothing.
    regions.ensure(request.region());
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    // The registry LWT decides the region before any region row is written: a loser of a race to
    // install the same org elsewhere must not leave a profile row in the wrong region.
    var registered = repository.registerIfAbsent(request.orgId(), request.region(), now);
    var stored = registered.registration();
    if (!stored.region().equals(request.region())) {
      throw new InvalidInstallationException(
          "region",
          "ALREADY_INSTALLED",
          "organization "
              + request.orgId()
              + " is already installed in region "
              + stored.region()
              + "; moving it is a residency move, not an install");
    }
    if (!Organization.State.ACTIVE.name().equals(stored.state())) {
      throw new InvalidInstallationException(
          "orgId",
          stored.state(),
          "organization "
              + request.orgId()
              + (Organization.State.MOVING.name().equals(stored.state())
                  ? " is moving to another region; install again once the move has ended"
                  : " is being uninstalled; install it again once that has finished"));
    }
    boolean created = registered.created();
    repository.writeProfile(
        stored.region(), stored.orgId(), request.name().strip(), stored.installedAt());
    remember(stored.orgId(), Routing.of(stored));
    log.info(
        "org {} {} in region {}",
        stored.orgId(),
        created ? "installed" : "re-installed",
        stored.region());
    return new Installation(
        new Organization(
            stored.orgId(),
            request.name().strip(),
            stored.region(),
            Organization.State.valueOf(stored.state()),
            stored.installedAt()),
        created);
  }

  public Optional<Organization> find(String orgId) {
    if (orgId == null || !ORG_ID.matcher(orgId).matches()) {
      return Optional.empty();
    }
    return repository
        .findRegistration(orgId)
        .map(
            reg ->
                new Organization(
                    reg.orgId(),
                    repository.findName(reg.region(), reg.orgId()).orElse(null),
                    reg.region(),
                    Organization.State.valueOf(reg.state()),
                    reg.installedAt()));
  }

  /** The caller's organization; there is no way to name another one. */
  public Organization current(Caller caller) {
    return find(caller.orgId())
        .orElseThrow(
            () ->
                new ReclaimException(
                    ErrorCode.NOT_FOUND, "organization not installed: " + caller.orgId()));
  }

  /**
   * Renames the caller's organization (ADMIN only). A blank or too long name is a user error and
   * nothing is written.
   */
  public UpdateOrganizationPayload update(Caller caller, UpdateOrganizationInput input) {
    caller.requireRole(Role.ADMIN);
    String name = input.name() == null ? "" : input.name().strip();
    if (name.isEmpty()) {
      return UpdateOrganizationPayload.rejected(
          new UserError(List.of("input", "name"), "name must not be blank", "BLANK"));
    }
    if (name.length() > MAX_NAME_LENGTH) {
      return UpdateOrganizationPayload.rejected(
          new UserError(
              List.of("input", "name"),
              "name must be at most " + MAX_NAME_LENGTH + " characters",
              "TOO_LONG"));
    }
    Organization org = current(caller);
    requireWritable(org.id());
    repository.writeProfile(org.region(), org.id(), name, org.installedAt());
    log.info("org {} renamed by account {}", org.id(), logPrivacy.id(org.id(), caller.accountId()));
    return new UpdateOrganizationPayload(
        new Organization(org.id(), name, org.region(), org.state(), org.installedAt()), List.of());
  }

  @Override
  public String regionOf(String orgId) {
    return routing(orgId).region();
  }

  /**
   * Throws {@link OrganizationMovingException} while a residency move has the org frozen, NOT_FOUND
   * while it is being uninstalled: writes are refused, reads go on.
   */
  @Override
  public void requireWritable(String orgId) {
    Routing routing = routing(orgId);
    switch (routing.state()) {
      case ACTIVE -> {}
      case MOVING -> throw new OrganizationMovingException(orgId, routing.migrationId());
      case UNINSTALLING ->
          throw new ReclaimException(
              ErrorCode.NOT_FOUND, "organization " + orgId + " is being uninstalled");
    }
  }

  /**
   * Whether the org is installed and may be written now; schedulers skip orgs that may not (a
   * frozen org's due work runs after its move).
   */
  public boolean writable(String orgId) {
    try {
      return routing(orgId).state() == Organization.State.ACTIVE;
    } catch (UnknownOrganizationException e) {
      return false;
    }
  }

  /** The org's registry row, from this instance's cache while it is fresh. */
  Routing routing(String orgId) {
    Routing cached = routes.get(orgId);
    if (cached != null && System.nanoTime() - cached.readAtNanos() < routeTtlNanos) {
      return cached;
    }
    if (orgId == null || !ORG_ID.matcher(orgId).matches()) {
      throw new UnknownOrganizationException(String.valueOf(orgId));
    }
    var registration = repository.findRegistration(orgId);
    if (registration.isEmpty()) {
      forget(orgId);
      throw new UnknownOrganizationException(orgId);
    }
    Routing fresh = Routing.of(registration.get());
    remember(orgId, fresh);
    return fresh;
  }

  /** Reads the org's registry row again now, whatever the cache holds. */
  void refresh(String orgId) {
    var registration = repository.findRegistration(orgId);
    if (registration.isEmpty()) {
      forget(orgId);
    } else {
      remember(orgId, Routing.of(registration.get()));
    }
  }

  /**
   * Caches a registry row just read or written; when the org's region changed, tells this
   * instance's caches of its data.
   */
  void remember(String orgId, Routing fresh) {
    Routing previous = routes.put(orgId, fresh);
    if (previous != null && !previous.region().equals(fresh.region())) {
      events.publishEvent(new OrganizationRoutingChanged(orgId, previous.region(), fresh.region()));
    }
  }

  /** Drops an org that is no longer installed; tells this instance's caches of its data. */
  void forget(String orgId) {
    Routing previous = routes.remove(orgId);
    if (previous != null) {
      events.publishEvent(new OrganizationRoutingChanged(orgId, previous.region(), null));
    }
  }

  /** Statements routed to each org's region keyspace, for the other modules' repositories. */
  public OrgStatements statements() {
    return router.forOrg(this);
  }

  /** Every installed org's id, for schedulers and platform jobs. */
  public java.util.List<String> installedOrgIds() {
    java.util.List<String> ids = new java.util.ArrayList<>();
    repository.forEachRegistration(registration -> ids.add(registration.orgId()));
    return ids;
  }

  private void validate(InstallOrganization request) {
    if (request.orgId() == null || !ORG_ID.matcher(request.orgId()).matches()) {
      throw new InvalidInstallationException(
          "orgId",
          "INVALID",
          "orgId must be 1-64 characters of letters, digits, '-' or '_', starting with a letter or digit");
    }
    if (request.name() == null || request.name().isBlank()) {
      throw new InvalidInstallationException("name", "REQUIRED", "name is required");
    }
    if (request.name().strip().length() > MAX_NAME_LENGTH) {
      throw new InvalidInstallationException(
          "name", "TOO_LONG", "name must be at most " + MAX_NAME_LENGTH + " characters");
    }
    try {
      regions.requireAllowed(request.region());
    } catch (UnknownRegionException e) {
      throw new InvalidInstallationException("region", "UNKNOWN_REGION", e.getMessage());
    }
  }
}
