package app.reclaim.reports;

import app.reclaim.store.OrgStatements;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard_snapshots table of the org's region keyspace (V011__dashboard.cql): one row per org
 * and UTC day, the figures as JSON.
 */
class DashboardSnapshotRepository {

  private static final String WRITE =
      "INSERT INTO dashboard_snapshots (org_id, day, body, taken_at) VALUES (?, ?, ?, ?)";
  private static final String WRITE_IF_ABSENT = WRITE + " IF NOT EXISTS";
  private static final String EXISTS =
      "SELECT taken_at FROM dashboard_snapshots WHERE org_id = ? AND day = ?";
  private static final String RANGE =
      "SELECT day, body, taken_at FROM dashboard_snapshots"
          + " WHERE org_id = ? AND day >= ? AND day <= ?";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final CqlSession session;
  private final OrgStatements statements;

  DashboardSnapshotRepository(CqlSession session, OrgStatements statements) {
    this.session = session;
    this.statements = statements;
  }

  /** Writes (or replaces) the org's snapshot of {@code day}. */
  void write(String orgId, Dashboard.Day day) {
    session.execute(
        statements
            .prepare(orgId, WRITE)
            .bind(orgId, day.date(), JSON.writeValueAsString(day.figures()), day.takenAt())
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }

  /**
   * Writes the day's snapshot only if it has none (an LWT): false when another instance wrote it
   * first, for example while this one was slow and its lease lapsed.
   */
  boolean writeIfAbsent(String orgId, Dashboard.Day day) {
    return session
        .execute(
            statements
                .prepare(orgId, WRITE_IF_ABSENT)
                .bind(orgId, day.date(), JSON.writeValueAsString(day.figures()), day.takenAt())
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL))
        .wasApplied();
  }

  boolean exists(String orgId, LocalDate day) {
    return session
            .execute(
                statements
                    .prepare(orgId, EXISTS)
                    .bind(orgId, day)
                    .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
            .one()
        != null;
  }

  /** The snapshots from {@code from} to {@code to} (both included), oldest first. */
  List<Dashboard.Day> range(String orgId, LocalDate from, LocalDate to) {
    List<Dashboard.Day> out = new ArrayList<>();
    for (Row row :
        session.execute(
            statements
                .prepare(orgId, RANGE)
                .bind(orgId, from, to)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
      out.add(day(row));
    }
    // The partition is stored newest first (the latest days are read most).
    java.util.Collections.reverse(out);
    return out;
  }

  private static Dashboard.Day day(Row row) {
    Instant takenAt = row.getInstant("taken_at");
    return new Dashboard.Day(
        row.getLocalDate("day"),
        takenAt,
        JSON.readValue(row.getString("body"), Dashboard.Figures.class));
  }
}
