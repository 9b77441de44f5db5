package app.reclaim.store;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where data lives. {@code regions} maps each allowed residency region to its replication (data
 * center → replication factor for NetworkTopologyStrategy); an empty map means the local node's
 * data center at factor 1, which is what a single local node needs. {@code controlReplication} is
 * the same for the control keyspace (org registry, token hashes, leases; no end-user data).
 */
@ConfigurationProperties("reclaim.store")
public record StoreProperties(
    String controlKeyspace,
    Map<String, Integer> controlReplication,
    Map<String, Map<String, Integer>> regions,
    Duration migrationLockTimeout) {

  static final Pattern REGION = Pattern.compile("[a-z][a-z0-9]{0,15}");

  /** Atlassian's data-residency realms plus {@code global} for unpinned orgs. */
  public static final List<String> DEFAULT_REGIONS =
      List.of("us", "eu", "de", "au", "ca", "jp", "sg", "kr", "in", "gb", "ch", "global");

  public StoreProperties {
    controlKeyspace = controlKeyspace == null ? "reclaim" : controlKeyspace;
    controlReplication = controlReplication == null ? Map.of() : Map.copyOf(controlReplication);
    if (regions == null || regions.isEmpty()) {
      Map<String, Map<String, Integer>> defaults = new LinkedHashMap<>();
      DEFAULT_REGIONS.forEach(region -> defaults.put(region, Map.of()));
      regions = defaults;
    }
    for (var entry : regions.entrySet()) {
      if (!REGION.matcher(entry.getKey()).matches()) {
        throw new IllegalArgumentException(
            "reclaim.store.regions: '"
                + entry.getKey()
                + "' is not a region name (a-z, 0-9, max 16)");
      }
      entry
          .getValue()
          .forEach(
              (dc, factor) -> {
                if (factor == null || factor < 1) {
                  throw new IllegalArgumentException(
                      "reclaim.store.regions."
                          + entry.getKey()
                          + "."
                          + dc
                          + ": replication factor must be at least 1");
                }
              });
    }
    regions = Map.copyOf(regions);
    migrationLockTimeout =
        migrationLockTimeout == null ? Duration.ofMinutes(2) : migrationLockTimeout;
  }

  /** The allowed regions, sorted, for error messages and listings. */
  public List<String> regionNames() {
    return regions.keySet().stream().sorted().toList();
  }
}
