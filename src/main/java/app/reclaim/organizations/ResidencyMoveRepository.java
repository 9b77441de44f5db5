package app.reclaim.organizations;

import app.reclaim.store.KeyspaceRouter;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Repository;

/**
 * The residency_moves table of the control keyspace (V003). Every state change is a compare-and-set
 * on the state, so concurrent hook calls (the platform retries) and a copy running on another
 * instance agree on one outcome.
 */
@Repository
class ResidencyMoveRepository {

  private static final String COLUMNS =
      "org_id, migration_id, source_region, target_region, state, window_start, window_end,"
          + " error_code, error_message, copied, scheduled_at, started_at, ready_at, finished_at,"
          + " updated_at";
  private static final String INSERT =
      "INSERT INTO residency_moves (org_id, migration_id, source_region, target_region, state,"
          + " window_start, window_end, scheduled_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " IF NOT EXISTS";
  private static final String FIND =
      "SELECT " + COLUMNS + " FROM residency_moves WHERE org_id = ? AND migration_id = ?";
  private static final String ALL = "SELECT " + COLUMNS + " FROM residency_moves WHERE org_id = ?";

  private final KeyspaceRouter router;

  ResidencyMoveRepository(KeyspaceRouter router) {
    this.router = router;
  }

  /** Records a scheduled move; the stored move afterwards (an existing one wins). */
  ResidencyMove insertIfAbsent(ResidencyMove move) {
    ResultSet result =
        router
            .session()
            .execute(
                router
                    .prepareControl(INSERT)
                    .bind(
                        move.orgId(),
                        move.migrationId(),
                        move.sourceRegion(),
                        move.targetRegion(),
                        move.state().name(),
                        move.windowStart(),
                        move.windowEnd(),
                        move.scheduledAt(),
                        move.updatedAt())
                    .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                    .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL));
    return result.wasApplied() ? move : find(move.orgId(), move.migrationId()).orElseThrow();
  }

  Optional<ResidencyMove> find(String orgId, String migrationId) {
    Row row =
        router
            .session()
            .execute(
                router
                    .prepareControl(FIND)
                    .bind(orgId, migrationId)
                    .setConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL))
            .one();
    return Optional.ofNullable(row).map(ResidencyMoveRepository::move);
  }

  /** Every move of the org (a handful), oldest scheduled first. */
  List<ResidencyMove> all(String orgId) {
    List<ResidencyMove> out = new ArrayList<>();
    for (Row row :
        router
            .session()
            .execute(
                router
                    .prepareControl(ALL)
                    .bind(orgId)
                    .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
      out.add(move(row));
    }
    out.sort(
        java.util.Comparator.comparing(ResidencyMove::scheduledAt)
            .thenComparing(ResidencyMove::migrationId));
    return out;
  }

  /**
   * Moves the move to {@code to} if its state is one of {@code from}, setting the given columns
   * too; false when another call changed it first.
   */
  boolean transition(
      String orgId,
      String migrationId,
      Set<ResidencyMove.State> from,
      ResidencyMove.State to,
      Map<String, Object> columns) {
    Map<String, Object> set = new LinkedHashMap<>(columns);
    set.put("state", to.name());
    set.put("updated_at", Instant.now().truncatedTo(ChronoUnit.MILLIS));
    List<String> names = set.keySet().stream().sorted().toList();
    List<String> states = from.stream().map(Enum::name).sorted().toList();
    String cql =
        "UPDATE residency_moves SET "
            + names.stream().map(n -> n + " = ?").collect(Collectors.joining(", "))
            + " WHERE org_id = ? AND migration_id = ? IF state IN ("
            + states.stream().map(s -> "?").collect(Collectors.joining(", "))
            + ")";
    List<Object> values = new ArrayList<>();
    names.forEach(n -> values.add(set.get(n)));
    values.add(orgId);
    values.add(migrationId);
    values.addAll(states);
    return router
        .session()
        .execute(
            router
                .prepareControl(cql)
                .bind(values.toArray())
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL))
        .wasApplied();
  }

  private static ResidencyMove move(Row row) {
    return new ResidencyMove(
        row.getString("org_id"),
        row.getString("migration_id"),
        row.getString("source_region"),
        row.getString("target_region"),
        ResidencyMove.State.valueOf(row.getString("state")),
        row.getInstant("window_start"),
        row.getInstant("window_end"),
        row.getString("error_code"),
        row.getString("error_message"),
        Map.copyOf(row.getMap("copied", String.class, Long.class)),
        row.getInstant("scheduled_at"),
        row.getInstant("started_at"),
        row.getInstant("ready_at"),
        row.getInstant("finished_at"),
        row.getInstant("updated_at"));
  }
}
