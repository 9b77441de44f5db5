package app.reclaim.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the ordered CQL sets to a keyspace: {@code cassandra/control} to the control keyspace and
 * {@code cassandra/region} to each region keyspace. The applied version is one row per keyspace in
 * {@code schema_versions}, so a restart applies nothing twice and costs one read per keyspace; the
 * statements themselves are idempotent ({@code IF NOT EXISTS}), so a crash between a statement and
 * the version write is harmless. One instance migrates at a time (an LWT lease).
 */
class SchemaMigrator {

  private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);
  private static final Duration DDL_TIMEOUT = Duration.ofSeconds(30);
  static final String LOCK = "schema-migration";

  private final CqlSession session;
  private final CqlIdentifier control;
  private final Map<String, Integer> controlReplication;
  private final Duration lockTimeout;
  private final List<MigrationScript> controlScripts = MigrationScript.load("control");
  private final List<MigrationScript> regionScripts = MigrationScript.load("region");
  private final String owner = "migrator-" + UUID.randomUUID();

  SchemaMigrator(
      CqlSession session,
      String controlKeyspace,
      Map<String, Integer> controlReplication,
      Duration lockTimeout) {
    this.session = session;
    this.control = CqlIdentifier.fromInternal(controlKeyspace);
    this.controlReplication = controlReplication;
    this.lockTimeout = lockTimeout;
  }

  /** Creates the control keyspace and its bookkeeping tables, then applies the control set. */
  void migrateControl() {
    ddl(
        "CREATE KEYSPACE IF NOT EXISTS "
            + control.asCql(true)
            + " WITH replication = "
            + replication(controlReplication));
    // The migrator's own bookkeeping cannot itself be a migration: it records them.
    ddl(
        "CREATE TABLE IF NOT EXISTS "
            + control.asCql(true)
            + ".schema_versions ("
            + "keyspace_name text PRIMARY KEY, version int, script text, applied_at timestamp)");
    ddl(
        "CREATE TABLE IF NOT EXISTS "
            + control.asCql(true)
            + ".leases ("
            + "name text PRIMARY KEY, owner text, acquired_at timestamp, epoch bigint)");
    // Leases made before fencing had no epoch; the migration lock itself needs the column.
    if (session
            .execute(
                SimpleStatement.newInstance(
                    "SELECT column_name FROM system_schema.columns WHERE keyspace_name = ?"
                        + " AND table_name = 'leases' AND column_name = 'epoch'",
                    control.asInternal()))
            .one()
        == null) {
      ddl("ALTER TABLE " + control.asCql(true) + ".leases ADD epoch bigint");
    }
    migrate(control, null, controlScripts);
  }

  /** Creates the region keyspace with its replication and applies the region set. */
  void migrateRegion(CqlIdentifier keyspace, Map<String, Integer> replication) {
    migrate(keyspace, replication, regionScripts);
  }

  int latestRegionVersion() {
    return regionScripts.size();
  }

  int latestControlVersion() {
    return controlScripts.size();
  }

  /** The recorded version of a keyspace, 0 when none. */
  int appliedVersion(CqlIdentifier keyspace) {
    Row row =
        session
            .execute(
                SimpleStatement.newInstance(
                        "SELECT version FROM "
                            + control.asCql(true)
                            + ".schema_versions WHERE keyspace_name = ?",
                        keyspace.asInternal())
                    .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
            .one();
    return row == null ? 0 : row.getInt("version");
  }

  private void migrate(
      CqlIdentifier keyspace, Map<String, Integer> replication, List<MigrationScript> scripts) {
    if (appliedVersion(keyspace) >= scripts.size() && (replication == null || exists(keyspace))) {
      return;
    }
    Leases leases = new Leases(session, control);
    leases.acquireWaiting(LOCK, owner, lockTimeout);
    // While DDL runs, the driver's schema metadata refresh would cost far more than the DDL itself.
    session.setSchemaMetadataEnabled(false);
    try {
      if (replication != null) {
        ddl(
            "CREATE KEYSPACE IF NOT EXISTS "
                + keyspace.asCql(true)
                + " WITH replication = "
                + replication(replication));
      }
      int applied = appliedVersion(keyspace);
      for (MigrationScript script : scripts) {
        if (script.version() <= applied) {
          continue;
        }
        long start = System.nanoTime();
        for (String statement : script.statements()) {
          session.execute(
              SimpleStatement.newInstance(statement).setKeyspace(keyspace).setTimeout(DDL_TIMEOUT));
        }
        session.execute(
            SimpleStatement.newInstance(
                    "INSERT INTO "
                        + control.asCql(true)
                        + ".schema_versions (keyspace_name, version, script, applied_at) VALUES (?, ?, ?, ?)",
                    keyspace.asInternal(),
                    script.version(),
                    script.name(),
                    Instant.now())
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
        log.info(
            "keyspace {}: applied V{} {} ({} statements, {} ms)",
            keyspace.asInternal(),
            script.version(),
            script.name(),
            script.statements().size(),
            (System.nanoTime() - start) / 1_000_000);
      }
    } finally {
      session.setSchemaMetadataEnabled(null);
      leases.release(LOCK, owner);
    }
  }

  boolean exists(CqlIdentifier keyspace) {
    return session
            .execute(
                SimpleStatement.newInstance(
                    "SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?",
                    keyspace.asInternal()))
            .one()
        != null;
  }

  private String replication(Map<String, Integer> dcFactors) {
    Map<String, Integer> effective =
        dcFactors == null || dcFactors.isEmpty() ? Map.of(localDataCenter(), 1) : dcFactors;
    return effective.entrySet().stream()
        .map(e -> "'" + e.getKey().replace("'", "''") + "': " + e.getValue())
        .sorted()
        .collect(Collectors.joining(", ", "{'class': 'NetworkTopologyStrategy', ", "}"));
  }

  private String localDataCenter() {
    return session.execute("SELECT data_center FROM system.local").one().getString("data_center");
  }

  private void ddl(String cql) {
    session.execute(SimpleStatement.newInstance(cql).setTimeout(DDL_TIMEOUT));
  }
}
