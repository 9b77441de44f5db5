package app.reclaim.organizations;

import app.reclaim.store.OrgPartitionCatalog;
import app.reclaim.store.OrgPartitionCatalog.OrgTable;
import app.reclaim.store.OrgPartitionCatalog.Scope;
import app.reclaim.store.OrgPartitions;
import app.reclaim.store.OrgPartitions.Partition;
import app.reclaim.store.RegionKeyspaces;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The platform's uninstall: every row of the org in every table of the control keyspace and of
 * every region keyspace in use, partition by partition as the {@link OrgPartitionCatalog} lists
 * them (never a scan), SCIM token hashes first (the IdP's token stops working before anything else
 * goes) and the registry row last (a retry after a failure still finds the org and finishes).
 */
@Service
public class Uninstaller {

  private static final Logger log = LoggerFactory.getLogger(Uninstaller.class);

  private final OrganizationService organizations;
  private final OrganizationRepository registry;
  private final ResidencyMoveRepository moves;
  private final OrgPartitions partitions;
  private final RegionKeyspaces regions;
  private final OrgQuiescer quiescer;

  Uninstaller(
      OrganizationService organizations,
      OrganizationRepository registry,
      ResidencyMoveRepository moves,
      OrgPartitions partitions,
      RegionKeyspaces regions,
      OrgQuiescer quiescer) {
    this.organizations = organizations;
    this.registry = registry;
    this.moves = moves;
    this.partitions = partitions;
    this.regions = regions;
    this.quiescer = quiescer;
  }

  /**
   * What an uninstall deleted: rows per table per keyspace (every catalog table of the control
   * keyspace and of the org's region, zeros included; other regions only where rows were found).
   */
  public record Uninstallation(String orgId, Map<String, Map<String, Long>> deleted, long total) {}

  /** The org is not installed (never was, or an earlier uninstall finished). */
  public static final class NotInstalled extends RuntimeException {
    NotInstalled(String orgId) {
      super("organization " + orgId + " is not installed");
    }
  }

  /** The org cannot be uninstalled now; nothing was deleted. */
  public static final class Refused extends RuntimeException {
    private final String code;
    private final int status;

    Refused(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }

    public String code() {
      return code;
    }

    public int status() {
      return status;
    }
  }

  public Uninstallation uninstall(String orgId) {
    if (orgId == null || !OrganizationService.ORG_ID.matcher(orgId).matches()) {
      throw new NotInstalled(String.valueOf(orgId));
    }
    var registration = registry.findRegistration(orgId).orElseThrow(() -> new NotInstalled(orgId));
    if (!registry.markUninstalling(orgId)) {
      throw registry.findRegistration(orgId).isEmpty()
          ? new NotInstalled(orgId)
          : new Refused(
              409,
              "MOVE_IN_PROGRESS",
              "organization "
                  + orgId
                  + " is frozen by a residency move: roll it back (or commit it) first");
    }
    organizations.remember(
        orgId,
        new OrganizationService.Routing(
            registration.region(), Organization.State.UNINSTALLING, null, System.nanoTime()));
    try {
      quiescer.awaitQuiet(orgId, registration.region(), Set.of(), () -> {});
    } catch (OrgQuiescer.NotQuiet e) {
      throw new Refused(503, "BUSY", e.getMessage() + "; call again to finish the uninstall");
    }
    long start = System.nanoTime();
    Uninstallation done = purge(orgId, registration.region());
    organizations.forget(orgId);
    log.info(
        "org {} uninstalled: {} rows deleted in {} ms",
        orgId,
        done.total(),
        (System.nanoTime() - start) / 1_000_000);
    return done;
  }

  private Uninstallation purge(String orgId, String home) {
    // The home region first, then every other region in use: a move's target (scheduled, or left
    // by a failure) holds the org's rows too, and only the org's own partitions are read there.
    Set<String> inUse = new LinkedHashSet<>();
    inUse.add(home);
    inUse.addAll(regions.regionsInUse());
    for (ResidencyMove move : moves.all(orgId)) {
      if (regions.regionsInUse().contains(move.targetRegion())) {
        inUse.add(move.targetRegion());
      }
    }
    Map<String, List<Partition>> regionPartitions = new LinkedHashMap<>();
    Set<Partition> controlPartitions = new LinkedHashSet<>();
    for (String region : inUse) {
      List<Partition> found =
          partitions.enumerate(orgId, region, Set.of(Scope.REGION, Scope.CONTROL));
      regionPartitions.put(
          region, found.stream().filter(p -> p.table().scope() == Scope.REGION).toList());
      found.stream()
          .filter(p -> p.table().scope() == Scope.CONTROL)
          .forEach(controlPartitions::add);
    }
    String control = regions.control().asInternal();
    Map<String, Map<String, Long>> deleted = new LinkedHashMap<>();
    deleted.put(control, new LinkedHashMap<>());
    inUse.forEach(r -> deleted.put(regions.keyspaceOf(r).asInternal(), new LinkedHashMap<>()));
    long total = 0;
    for (OrgTable table : OrgPartitionCatalog.TABLES) {
      if (table.scope() == Scope.CONTROL) {
        long rows = 0;
        for (Partition p : controlPartitions) {
          if (p.table().equals(table)) {
            rows += partitions.delete(p, null);
          }
        }
        deleted.get(control).put(table.name(), rows);
        total += rows;
        continue;
      }
      for (var entry : regionPartitions.entrySet()) {
        long rows = 0;
        for (Partition p : entry.getValue()) {
          if (p.table().equals(table)) {
            rows += partitions.delete(p, entry.getKey());
          }
        }
        deleted.get(regions.keyspaceOf(entry.getKey()).asInternal()).put(table.name(), rows);
        total += rows;
      }
    }
    String homeKeyspace = regions.keyspaceOf(home).asInternal();
    List<String> quiet = new ArrayList<>();
    deleted.forEach(
        (keyspace, tables) -> {
          if (!keyspace.equals(control)
              && !keyspace.equals(homeKeyspace)
              && tables.values().stream().allMatch(n -> n == 0)) {
            quiet.add(keyspace);
          }
        });
    quiet.forEach(deleted::remove);
    return new Uninstallation(orgId, deleted, total);
  }
}
