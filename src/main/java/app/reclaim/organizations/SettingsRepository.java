package app.reclaim.organizations;

import app.reclaim.store.KeyspaceRouter;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.Row;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The org_settings row of an org's region keyspace: a JSON body and a version for compare-and-set.
 */
@Repository
class SettingsRepository {

  private static final String SELECT =
      "SELECT version, body, updated_at, updated_by FROM org_settings WHERE org_id = ?";
  private static final String INSERT =
      "INSERT INTO org_settings (org_id, version, body, updated_at,"
          + " updated_by) VALUES (?, ?, ?, ?, ?) IF NOT EXISTS";
  private static final String UPDATE =
      "UPDATE org_settings SET version = ?, body = ?, updated_at = ?,"
          + " updated_by = ? WHERE org_id = ? IF version = ?";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final KeyspaceRouter router;

  SettingsRepository(KeyspaceRouter router) {
    this.router = router;
  }

  /**
   * The body's JSON shape: settings without version and audit fields. The blast-radius limits are
   * absent from bodies saved before they existed: then the defaults apply.
   */
  record Body(
      int activeWithinDays,
      int lowUseWithinDays,
      Map<String, BigDecimal> seatPrices,
      String currency,
      Set<String> protectedAccounts,
      Set<String> protectedGroups,
      String dailySyncTime,
      int cleanupLogRetentionDays,
      OrganizationSettings.Notifications notifications,
      boolean endUserDataInLogs,
      Integer blastRadiusPercent,
      Integer blastRadiusUsers) {}

  Optional<OrganizationSettings> find(String region, String orgId) {
    Row row =
        router
            .session()
            .execute(
                router
                    .prepareInRegion(region, SELECT)
                    .bind(orgId)
                    .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
            .one();
    if (row == null) {
      return Optional.empty();
    }
    Body body = JSON.readValue(row.getString("body"), Body.class);
    return Optional.of(
        new OrganizationSettings(
            row.getInt("version"),
            body.activeWithinDays(),
            body.lowUseWithinDays(),
            body.seatPrices(),
            body.currency(),
            body.protectedAccounts(),
            body.protectedGroups(),
            LocalTime.parse(body.dailySyncTime()),
            body.cleanupLogRetentionDays(),
            body.notifications(),
            body.endUserDataInLogs(),
            body.blastRadiusPercent() == null
                ? OrganizationSettings.DEFAULT_BLAST_RADIUS_PERCENT
                : body.blastRadiusPercent(),
            body.blastRadiusUsers() == null
                ? OrganizationSettings.DEFAULT_BLAST_RADIUS_USERS
                : body.blastRadiusUsers(),
            row.getInstant("updated_at"),
            row.getString("updated_by")));
  }

  /**
   * Stores {@code next} as version {@code expectedVersion + 1} only if the stored version is still
   * {@code expectedVersion} (0: nothing stored yet); false when another writer got there first.
   */
  boolean compareAndSet(
      String region,
      String orgId,
      int expectedVersion,
      OrganizationSettings next,
      String accountId) {
    String body =
        JSON.writeValueAsString(
            new Body(
                next.activeWithinDays(),
                next.lowUseWithinDays(),
                next.seatPrices(),
                next.currency(),
                next.protectedAccounts(),
                next.protectedGroups(),
                next.dailySyncTime().toString(),
                next.cleanupLogRetentionDays(),
                next.notifications(),
                next.endUserDataInLogs(),
                next.blastRadiusPercent(),
                next.blastRadiusUsers()));
    Instant now = Instant.now();
    var statement =
        expectedVersion == 0
            ? router.prepareInRegion(region, INSERT).bind(orgId, 1, body, now, accountId)
            : router
                .prepareInRegion(region, UPDATE)
                .bind(expectedVersion + 1, body, now, accountId, orgId, expectedVersion);
    return router
        .session()
        .execute(statement.setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL))
        .wasApplied();
  }
}
