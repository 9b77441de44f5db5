package app.reclaim.rules;

import app.reclaim.store.OrgStatements;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** The rules and rule_versions tables of the org's region keyspace; bodies as JSON. */
class RuleRepository {

  private static final String COLUMNS =
      "rule_id, version, body, deleted, created_at, updated_at, updated_by";
  private static final String INSERT =
      "INSERT INTO rules (org_id, rule_id, version, body, deleted,"
          + " created_at, updated_at, updated_by) VALUES (?, ?, 1, ?, false, ?, ?, ?) IF NOT EXISTS";
  private static final String UPDATE =
      "UPDATE rules SET version = ?, body = ?, updated_at = ?,"
          + " updated_by = ? WHERE org_id = ? AND rule_id = ? IF version = ? AND deleted = false";
  private static final String DELETE =
      "UPDATE rules SET deleted = true, updated_at = ?, updated_by = ?"
          + " WHERE org_id = ? AND rule_id = ? IF deleted = false";
  private static final String HISTORY =
      "INSERT INTO rule_versions (org_id, rule_id, version, body,"
          + " updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)";
  private static final String ONE =
      "SELECT " + COLUMNS + " FROM rules WHERE org_id = ? AND rule_id = ?";
  private static final String ALL = "SELECT " + COLUMNS + " FROM rules WHERE org_id = ?";

  private static final String RAW_ALL =
      "SELECT rule_id, version, body, updated_by FROM rules WHERE org_id = ?";
  private static final String RAW_VERSIONS =
      "SELECT version, body, updated_by FROM rule_versions WHERE org_id = ? AND rule_id = ?";
  // The same compare-and-set on the version as updateRule, so neither overwrites the other.
  private static final String REWRITE =
      "UPDATE rules SET body = ?, updated_by = ? WHERE org_id = ? AND rule_id = ? IF version = ?";
  private static final String REWRITE_VERSION =
      "UPDATE rule_versions SET body = ?, updated_by = ?"
          + " WHERE org_id = ? AND rule_id = ? AND version = ?";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A stored rule or rule version as text, deleted ones included (personal-data erasure). */
  record Stored(UUID ruleId, int version, String body, String updatedBy) {}

  private final CqlSession session;
  private final OrgStatements statements;

  RuleRepository(CqlSession session, OrgStatements statements) {
    this.session = session;
    this.statements = statements;
  }

  Rule create(String orgId, UUID id, RuleDefinition definition, Instant now, String accountId) {
    String body = JSON.writeValueAsString(definition);
    // The current row decides (LWT); the history row follows: a crash between leaves a rule whose
    // first version is missing from the history, never a history entry for a rule that does not
    // exist.
    session.execute(
        statements
            .prepare(orgId, INSERT)
            .bind(orgId, id, body, now, now, accountId)
            .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
    history(orgId, id, 1, body, now, accountId);
    return Rule.of(id.toString(), 1, definition, now, now, accountId);
  }

  /** Writes version {@code expected + 1} if the stored version is still {@code expected}. */
  boolean update(
      String orgId,
      UUID id,
      int expected,
      RuleDefinition definition,
      Instant now,
      String accountId) {
    String body = JSON.writeValueAsString(definition);
    boolean applied =
        session
            .execute(
                statements
                    .prepare(orgId, UPDATE)
                    .bind(expected + 1, body, now, accountId, orgId, id, expected)
                    .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)
                    .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
            .wasApplied();
    if (applied) {
      // After the compare-and-set, so only the winner of a race writes this version's history.
      history(orgId, id, expected + 1, body, now, accountId);
    }
    return applied;
  }

  boolean delete(String orgId, UUID id, Instant now, String accountId) {
    return session
        .execute(
            statements
                .prepare(orgId, DELETE)
                .bind(now, accountId, orgId, id)
                .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
        .wasApplied();
  }

  /** The latest version of a rule, unless deleted. */
  Optional<Rule> find(String orgId, UUID id) {
    Row row =
        session
            .execute(
                statements
                    .prepare(orgId, ONE)
                    .bind(orgId, id)
                    .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
            .one();
    return Optional.ofNullable(row).filter(r -> !r.getBoolean("deleted")).map(RuleRepository::rule);
  }

  /** Every rule of the org that is not deleted, in creation order (time-based ids). */
  List<Rule> all(String orgId) {
    List<Rule> out = new ArrayList<>();
    for (Row row :
        session.execute(
            statements
                .prepare(orgId, ALL)
                .bind(orgId)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
      if (!row.getBoolean("deleted")) {
        out.add(rule(row));
      }
    }
    return out;
  }

  /** Every rule of the org, deleted ones included, as stored. */
  List<Stored> stored(String orgId) {
    List<Stored> out = new ArrayList<>();
    for (Row row :
        session.execute(
            statements
                .prepare(orgId, RAW_ALL)
                .bind(orgId)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
      out.add(stored(row, row.getUuid("rule_id")));
    }
    return out;
  }

  /** Every version of one rule, as stored. */
  List<Stored> storedVersions(String orgId, UUID ruleId) {
    List<Stored> out = new ArrayList<>();
    for (Row row :
        session.execute(
            statements
                .prepare(orgId, RAW_VERSIONS)
                .bind(orgId, ruleId)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
      out.add(stored(row, ruleId));
    }
    return out;
  }

  /** Rewrites a rule's body and author if it is still at {@code r.version()}. */
  boolean rewrite(String orgId, Stored r) {
    return session
        .execute(
            statements
                .prepare(orgId, REWRITE)
                .bind(r.body(), r.updatedBy(), orgId, r.ruleId(), r.version())
                .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
        .wasApplied();
  }

  void rewriteVersion(String orgId, Stored v) {
    session.execute(
        statements
            .prepare(orgId, REWRITE_VERSION)
            .bind(v.body(), v.updatedBy(), orgId, v.ruleId(), v.version())
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }

  private static Stored stored(Row row, UUID ruleId) {
    return new Stored(
        ruleId, row.getInt("version"), row.getString("body"), row.getString("updated_by"));
  }

  private void history(
      String orgId, UUID id, int version, String body, Instant now, String accountId) {
    session.execute(
        statements
            .prepare(orgId, HISTORY)
            .bind(orgId, id, version, body, now, accountId)
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }

  private static Rule rule(Row row) {
    RuleDefinition d = JSON.readValue(row.getString("body"), RuleDefinition.class);
    return Rule.of(
        row.getUuid("rule_id").toString(),
        row.getInt("version"),
        d,
        row.getInstant("created_at"),
        row.getInstant("updated_at"),
        row.getString("updated_by"));
  }
}
