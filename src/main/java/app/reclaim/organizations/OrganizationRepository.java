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
  private static final String SELECT_REGISTRY =
      "SELECT org_id, region, state, installed_at FROM organizations WHERE org_id = ?";
  private static final String SELECT_ALL_REGISTRY =
      "SELECT org_id, region, state, installed_at FROM organizations";
  private static final int REGISTRY_PAGE = 500;
  private static final String UPSERT_PROFILE =
      "INSERT INTO org_profile (org_id, name, installed_at, updated_at) VALUES (?, ?, ?, ?)";
  private static final String SELECT_PROFILE = "SELECT name FROM org_profile WHERE org_id = ?";

  private final KeyspaceRouter router;

  OrganizationRepository(KeyspaceRouter router) {
    this.router = router;
  }

  record Registration(String orgId, String region, String state, Instant installedAt) {}

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
          new Registration(orgId, region, Organization.State.ACTIVE.name(), now), true);
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
        row.getInstant("installed_at"));
  }
}
