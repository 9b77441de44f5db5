package app.reclaim.schedules;

import app.reclaim.cleanup.CleanupRun;
import app.reclaim.store.OrgStatements;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The schedules table of the org's region keyspace (V009__schedules.cql). Every write is an LWT.
 */
class ScheduleRepository {

  private static final String COLUMNS =
      "org_id, schedule_id, name, cron, time_zone, rule_id, mode,"
          + " enabled, version, next_fire_at, last_run_id, last_run_at, last_error, created_at, updated_at,"
          + " updated_by";
  private static final String INSERT =
      "INSERT INTO schedules (org_id, schedule_id, name, cron, time_zone,"
          + " rule_id, mode, enabled, version, next_fire_at, created_at, updated_at, updated_by)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?) IF NOT EXISTS";
  private static final String UPDATE =
      "UPDATE schedules SET name = ?, cron = ?, time_zone = ?, rule_id = ?,"
          + " mode = ?, enabled = ?, version = ?, next_fire_at = ?, updated_at = ?, updated_by = ?"
          + " WHERE org_id = ? AND schedule_id = ? IF version = ? AND next_fire_at = ?";
  private static final String DELETE =
      "DELETE FROM schedules WHERE org_id = ? AND schedule_id = ? IF EXISTS";
  private static final String FIRE =
      "UPDATE schedules SET next_fire_at = ?, fired_by = ?"
          + " WHERE org_id = ? AND schedule_id = ? IF enabled = true AND next_fire_at = ?";
  private static final String FIRED =
      "UPDATE schedules SET last_run_id = ?, last_run_at = ?, last_error = ?"
          + " WHERE org_id = ? AND schedule_id = ? IF EXISTS";
  // Conditional on what the erasure read, so it never overwrites an edit made meanwhile.
  private static final String ERASE =
      "UPDATE schedules SET name = ?, updated_by = ?"
          + " WHERE org_id = ? AND schedule_id = ? IF version = ? AND name = ? AND updated_by = ?";
  private static final String FIRED_BY =
      "SELECT fired_by FROM schedules WHERE org_id = ? AND schedule_id = ?";
  private static final String ONE =
      "SELECT " + COLUMNS + " FROM schedules WHERE org_id = ? AND schedule_id = ?";
  private static final String ALL = "SELECT " + COLUMNS + " FROM schedules WHERE org_id = ?";
  private static final String PAGE =
      "SELECT " + COLUMNS + " FROM schedules WHERE org_id = ?" + " AND schedule_id > ? LIMIT ?";

  private final CqlSession session;
  private final OrgStatements statements;

  ScheduleRepository(CqlSession session, OrgStatements statements) {
    this.session = session;
    this.statements = statements;
  }

  void create(Schedule s) {
    lwt(
        statements
            .prepare(s.orgId(), INSERT)
            .bind(
                s.orgId(),
                s.id(),
                s.name(),
                s.cron(),
                s.timeZone(),
                s.ruleId(),
                s.mode().name(),
                s.enabled(),
                s.nextFireAt(),
                s.createdAt(),
                s.updatedAt(),
                s.updatedBy()));
  }

  /**
   * Writes {@code s} (its version is {@code expected.version() + 1}) if the stored row is still at
   * {@code expected}'s version and next fire time: a fire moves next_fire_at without a new version,
   * and an edit made from a read before that fire must not put the fired time back.
   */
  boolean update(Schedule s, Schedule expected) {
    return lwt(
        statements
            .prepare(s.orgId(), UPDATE)
            .bind(
                s.name(),
                s.cron(),
                s.timeZone(),
                s.ruleId(),
                s.mode().name(),
                s.enabled(),
                s.version(),
                s.nextFireAt(),
                s.updatedAt(),
                s.updatedBy(),
                s.orgId(),
                s.id(),
                expected.version(),
                expected.nextFireAt()));
  }

  /** Rewrites a schedule's name and author if it is still as {@code read} (erasure). */
  boolean erase(Schedule read, String name, String updatedBy) {
    return lwt(
        statements
            .prepare(read.orgId(), ERASE)
            .bind(
                name,
                updatedBy,
                read.orgId(),
                read.id(),
                read.version(),
                read.name(),
                read.updatedBy()));
  }

  boolean delete(String orgId, UUID id) {
    return lwt(statements.prepare(orgId, DELETE).bind(orgId, id));
  }

  /**
   * Claims the fire due at {@code due}: moves next_fire_at to {@code next} if it is still {@code
   * due} and the schedule is enabled. Of all instances trying the same fire, exactly one is
   * applied.
   */
  boolean claimFire(String orgId, UUID id, Instant due, Instant next, String owner) {
    return lwt(statements.prepare(orgId, FIRE).bind(next, owner, orgId, id, due));
  }

  /**
   * Who made the last applied claim, read at serial consistency: a claim left in progress (its
   * request timed out or its connection closed) is completed or superseded first, so the answer
   * says for good whether that claim won.
   */
  Optional<String> firedBy(String orgId, UUID id) {
    return Optional.ofNullable(
            session
                .execute(
                    statements
                        .prepare(orgId, FIRED_BY)
                        .bind(orgId, id)
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL))
                .one())
        .map(row -> row.getString("fired_by"));
  }

  /** Records the run a fire started (or the code of why none started). */
  void recordFire(String orgId, UUID id, UUID runId, Instant at, String error) {
    lwt(statements.prepare(orgId, FIRED).bind(runId, at, error, orgId, id));
  }

  Optional<Schedule> find(String orgId, UUID id) {
    return Optional.ofNullable(
            session
                .execute(
                    statements
                        .prepare(orgId, ONE)
                        .bind(orgId, id)
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
                .one())
        .map(ScheduleRepository::schedule);
  }

  /** Every schedule of the org, in creation order. */
  List<Schedule> all(String orgId) {
    return read(statements.prepare(orgId, ALL).bind(orgId));
  }

  /**
   * Up to {@code limit} schedules created after {@code after} (time-based ids), in creation order.
   */
  List<Schedule> page(String orgId, UUID after, int limit) {
    return read(statements.prepare(orgId, PAGE).bind(orgId, after, limit));
  }

  private List<Schedule> read(BoundStatement statement) {
    List<Schedule> out = new ArrayList<>();
    for (Row row : session.execute(statement.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
      out.add(schedule(row));
    }
    return out;
  }

  private boolean lwt(BoundStatement statement) {
    return session
        .execute(
            statement
                .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
        .wasApplied();
  }

  private static Schedule schedule(Row row) {
    return new Schedule(
        row.getString("org_id"),
        row.getUuid("schedule_id"),
        row.getString("name"),
        row.getString("cron"),
        row.getString("time_zone"),
        row.getString("rule_id"),
        CleanupRun.Mode.valueOf(row.getString("mode")),
        row.getBoolean("enabled"),
        row.getInt("version"),
        row.getInstant("next_fire_at"),
        row.getUuid("last_run_id"),
        row.getInstant("last_run_at"),
        row.getString("last_error"),
        row.getInstant("created_at"),
        row.getInstant("updated_at"),
        row.getString("updated_by"));
  }
}
