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
import org.springframework.stereotype.Service;

/** Installs orgs, answers where each one's data lives, and reads org profiles. */
@Service
public class OrganizationService implements RegionResolver {

  private static final Logger log = LoggerFactory.getLogger(OrganizationService.class);
  static final Pattern ORG_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  static final int MAX_NAME_LENGTH = 200;

  private final OrganizationRepository repository;
  private final RegionKeyspaces regions;
  private final KeyspaceRouter router;
  private final LogPrivacy logPrivacy;
  private final Map<String, String> regionCache = new ConcurrentHashMap<>();

  OrganizationService(
      OrganizationRepository repository,
      RegionKeyspaces regions,
      KeyspaceRouter router,
      LogPrivacy logPrivacy) {
    this.repository = repository;
    this.regions = regions;
    this.router = router;
    this.logPrivacy = logPrivacy;
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
    boolean created = registered.created();
    repository.writeProfile(
        stored.region(), stored.orgId(), request.name().strip(), stored.installedAt());
    regionCache.put(stored.orgId(), stored.region());
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
    repository.writeProfile(org.region(), org.id(), name, org.installedAt());
    log.info("org {} renamed by account {}", org.id(), logPrivacy.id(org.id(), caller.accountId()));
    return new UpdateOrganizationPayload(
        new Organization(org.id(), name, org.region(), org.state(), org.installedAt()), List.of());
  }

  @Override
  public String regionOf(String orgId) {
    String cached = regionCache.get(orgId);
    if (cached != null) {
      return cached;
    }
    if (orgId == null || !ORG_ID.matcher(orgId).matches()) {
      throw new UnknownOrganizationException(String.valueOf(orgId));
    }
    String region =
        repository
            .findRegistration(orgId)
            .orElseThrow(() -> new UnknownOrganizationException(orgId))
            .region();
    regionCache.put(orgId, region);
    return region;
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
