package app.reclaim.store;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * The control keyspace and one keyspace per allowed region, {@code <control>_<region>}. At start
 * the control keyspace and every region keyspace that already exists are brought to the latest
 * schema; a region's keyspace is created and migrated the first time it is needed (an org pinned
 * there), so a node with one region in use pays for one region's tables, not twelve.
 */
@Component
public class RegionKeyspaces implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(RegionKeyspaces.class);

  private final StoreProperties properties;
  private final SchemaMigrator migrator;
  private final Set<String> ready = ConcurrentHashMap.newKeySet();

  RegionKeyspaces(CqlSession session, StoreProperties properties) {
    this.properties = properties;
    this.migrator =
        new SchemaMigrator(
            session,
            properties.controlKeyspace(),
            properties.controlReplication(),
            properties.migrationLockTimeout());
  }

  @Override
  public void afterPropertiesSet() {
    long start = System.nanoTime();
    migrator.migrateControl();
    int regions = 0;
    for (String region : properties.regionNames()) {
      if (migrator.exists(keyspaceOf(region))) {
        ensure(region);
        regions++;
      }
    }
    log.info(
        "schema current in control keyspace and {} region keyspaces ({} ms)",
        regions,
        (System.nanoTime() - start) / 1_000_000);
  }

  /** The region's keyspace, created and migrated if this is its first use. */
  public CqlIdentifier ensure(String region) {
    requireAllowed(region);
    CqlIdentifier keyspace = keyspaceOf(region);
    if (!ready.contains(region)) {
      synchronized (this) {
        if (!ready.contains(region)) {
          migrator.migrateRegion(keyspace, properties.regions().get(region));
          ready.add(region);
        }
      }
    }
    return keyspace;
  }

  /**
   * Throws {@link UnknownRegionException} listing the valid regions when {@code region} is not one.
   */
  public void requireAllowed(String region) {
    if (region == null || !properties.regions().containsKey(region)) {
      throw new UnknownRegionException(region, properties.regionNames());
    }
  }

  public List<String> allowedRegions() {
    return properties.regionNames();
  }

  /** Region keyspaces that exist now (created by an org pinned there or a move). */
  public List<String> regionsInUse() {
    return properties.regionNames().stream().filter(r -> migrator.exists(keyspaceOf(r))).toList();
  }

  public CqlIdentifier keyspaceOf(String region) {
    requireAllowed(region);
    return CqlIdentifier.fromInternal(properties.controlKeyspace() + "_" + region);
  }

  public CqlIdentifier control() {
    return CqlIdentifier.fromInternal(properties.controlKeyspace());
  }

  /** Re-runs the migrations everywhere (idempotent; used by tests and operators). */
  public void migrateAgain() {
    ready.clear();
    afterPropertiesSet();
  }

  int appliedVersion(CqlIdentifier keyspace) {
    return migrator.appliedVersion(keyspace);
  }
}
