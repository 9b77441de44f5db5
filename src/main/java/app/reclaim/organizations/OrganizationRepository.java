package app.reclaim.organizations;

import app.reclaim.store.KeyspaceRouter;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.stereotype.Repository;

@Repository
class OrganizationRepository {

  private static final String INSERT_REGISTRY =
      "INSERT INTO organizations "
          + "(org_id, region, state, installed_at, updated_at) VALUES (?, ?, ?, ?, ?) IF NOT EXISTS";
  private static final String REGISTRY_COLUMNS =
      "org_id, region, state, installed_at, migration_id";
  private static final String SELECT_REGISTRY =
      "SELECT " + REGISTRY_COLUMNS + " FROM organizations WHERE org_id = ?";
  private static final String SELECT_ALL_REGISTRY =
      "SELECT " + REGISTRY_COLUMNS + " FROM organizations";
  // The registry's state changes, each a compare-and-set, so that a move and an uninstall (or two
  // moves) can never both believe they own the org.
  private static final String FREEZE =
      "UPDATE organizations SET state = 'MOVING', migration_id = ?, updated_at = ?"
          + " WHERE org_id = ? IF state = 'ACTIVE' AND region = ?";
  private static final String FLIP =
      "UPDATE organizations SET region = ?, state = 'ACTIVE', migration_id = null, updated_at = ?"
          + " WHERE org_id = ? IF region = ? AND migration_id = ?";
  private static final String THAW =
      "UPDATE organizations SET state = 'ACTIVE', migration_id = null, updated_at = ?"
          + " WHERE org_id = ? IF migration_id = ?";
  private static final String MARK_UNINSTALLING =
      "UPDATE organizations SET state = 'UNINSTALLING', updated_at = ?"
          + " WHERE org_id = ? IF state IN ('ACTIVE', 'UNINSTALLING')";
  private static final int REGISTRY_PAGE = 500;
  private static final String UPSERT_PROFILE =
      "INSERT INTO org_profile (org_id, name, installed_at, updated_at) VALUES (?, ?, ?, ?)";
  private static final String SELECT_PROFILE = "SELECT name FROM org_profile WHERE org_id = ?";

  private final KeyspaceRouter router;

  OrganizationRepository(KeyspaceRouter router) {
    this.router = router;
  }

  record Registration(
      String orgId, String region, String state, Instant installedAt, String migrationId) {}

  record Registered(Registration registration, boolean created) {}

  /** Inserts the registry row unless one exists; returns the row that is stored afterwards. */
  Registered registerIfAbsent(String orgId, String region, Instant now) {
    ResultSet result =
        router
            .session()
            .execute(
                router
                    .prepareControl(INSERT_REGISTRY)
                    .bind(orgId, region, Organization.State.ACTIVE.name(), now, now)
                    .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL));
    if (result.wasApplied()) {
      return new Registered(
          new Registration(orgId, region, Organization.State.ACTIVE.name(), now, null), true);
    }
    return new Registered(registration(result.one()), false);
  }

  Optional<Registration> findRegistration(String orgId) {
    Row row =
        router
            .session()
            .execute(
                router
                    .prepareControl(SELECT_REGISTRY)
                    .bind(orgId)
                    .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
            .one();
    return Optional.ofNullable(row).map(OrganizationRepository::registration);
  }

  /**
   * Every registered org, page by page: the registry is one small row per org, and no end-user
   * data.
   */
  void forEachRegistration(Consumer<Registration> action) {
    ResultSet rows =
        router
            .session()
            .execute(
                router
                    .prepareControl(SELECT_ALL_REGISTRY)
                    .bind()
                    .setPageSize(REGISTRY_PAGE)
                    .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
    for (Row row : rows) {
      action.accept(registration(row));
    }
  }

  /** Freezes an active org in {@code region} for a move; false when it is not (any more). */
  boolean freeze(String orgId, String migrationId, String region) {
    return lwt(FREEZE, migrationId, Instant.now(), orgId, region);
  }

  /** Points a frozen org at {@code target}, active again; only the move that froze it can. */
  boolean flip(String orgId, String migrationId, String source, String target) {
    return lwt(FLIP, target, Instant.now(), orgId, source, migrationId);
  }

  /** Unfreezes an org where it is; only the move that froze it can. */
  boolean thaw(String orgId, String migrationId) {
    return lwt(THAW, Instant.now(), orgId, migrationId);
  }

  /** Marks an active org as being uninstalled; false when it is absent or frozen by a move. */
  boolean markUninstalling(String orgId) {
    return lwt(MARK_UNINSTALLING, Instant.now(), orgId);
  }

  private boolean lwt(String cql, Object... values) {
    return router
        .session()
        .execute(
            router
                .prepareControl(cql)
                .bind(values)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL))
        .wasApplied();
  }

  void writeProfile(String region, String orgId, String name, Instant installedAt) {
    router
        .session()
        .execute(
            router
                .prepareInRegion(region, UPSERT_PROFILE)
                .bind(orgId, name, installedAt, Instant.now())
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }

  Optional<String> findName(String region, String orgId) {
    Row row =
        router
            .session()
            .execute(
                router
                    .prepareInRegion(region, SELECT_PROFILE)
                    .bind(orgId)
                    .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
            .one();
    return Optional.ofNullable(row).map(r -> r.getString("name"));
  }

  private static Registration registration(Row row) {
    return new Registration(
        row.getString("org_id"),
        row.getString("region"),
        row.getString("state"),
        row.getInstant("installed_at"),
        row.getString("migration_id"));
  }
}
