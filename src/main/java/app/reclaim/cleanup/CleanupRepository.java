package app.reclaim.cleanup;

import app.reclaim.rules.BlastRadius;
import app.reclaim.rules.PlannedOperation;
import app.reclaim.store.Fences;
import app.reclaim.store.OrgStatements;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The cleanup_runs and cleanup_items tables of the org's region keyspace (V008__cleanup.cql). */
class CleanupRepository {

  /** Items per cleanup_items partition: 100,000 items are 10 partitions of a few MB. */
  static final int BUCKET_SIZE = 10_000;

  private static final int WRITE_BATCH = 100;

  private static final String RUN_COLUMNS =
      "org_id, run_id, rule_id, rule_version, rule_name, action,"
          + " mode, state, planned, buckets, items, matched, affected, done, failed, skipped, idp_action,"
          + " flagged, previewed, cancelled, error_code, error_message, attempts, started_by, started_at,"
          + " updated_at, finished_at, restores_run_id, blast_radius";
  // Every column but cancel_requested: a full save by the runner must not undo a cancel.
  private static final String SAVE_RUN =
      "INSERT INTO cleanup_runs ("
          + RUN_COLUMNS
          + ") VALUES"
          + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String SELECT_RUN =
      "SELECT " + RUN_COLUMNS + ", cancel_requested, items_purged_at FROM cleanup_runs";
  private static final String ALL_RUNS = SELECT_RUN + " WHERE org_id = ?";
  // Written only by the retention job, never by the runner's full saves (like cancel_requested).
  private static final String MARK_PURGED =
      "UPDATE cleanup_runs SET items_purged_at = ? WHERE org_id = ? AND run_id = ?";
  private static final String ERASE_RUN =
      "UPDATE cleanup_runs SET started_by = ?, rule_name = ?, error_message = ?"
          + " WHERE org_id = ? AND run_id = ?";
  private static final String ERASE_ITEM =
      "UPDATE cleanup_items SET account_id = ?, message = ?"
          + " WHERE org_id = ? AND run_id = ? AND bucket = ? AND seq = ?";
  private static final String DELETE_BUCKET =
      "DELETE FROM cleanup_items WHERE org_id = ? AND run_id = ? AND bucket = ?";
  private static final String FIND_RUN = SELECT_RUN + " WHERE org_id = ? AND run_id = ?";
  private static final String RUNS_BEFORE =
      SELECT_RUN + " WHERE org_id = ? AND run_id < ? AND run_id >= ?";
  private static final String CANCEL =
      "UPDATE cleanup_runs SET cancel_requested = true" + " WHERE org_id = ? AND run_id = ?";
  private static final String SAVE_SEATS =
      "UPDATE cleanup_runs SET seats = ? WHERE org_id = ? AND run_id = ?";
  private static final String SEATS_BETWEEN =
      "SELECT run_id, rule_id, rule_name, mode, state, started_at, finished_at, seats,"
          + " restores_run_id FROM cleanup_runs WHERE org_id = ? AND run_id < ? AND run_id >= ?";
  private static final String ITEM_COLUMNS =
      "seq, account_id, kind, product, group_id, group_name,"
          + " outcome, reason, upstream_status, message, attempts, updated_at, frees, directories";
  private static final String INSERT_ITEM =
      "INSERT INTO cleanup_items (org_id, run_id, bucket, "
          + ITEM_COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String UPDATE_ITEM =
      "UPDATE cleanup_items SET outcome = ?, reason = ?,"
          + " upstream_status = ?, message = ?, attempts = ?, updated_at = ?, directories = ?"
          + " WHERE org_id = ? AND run_id = ? AND bucket = ? AND seq = ?";
  private static final String UPDATE_ITEM_FENCED = UPDATE_ITEM + " IF fence = ?";
  private static final String FENCE_OF =
      "SELECT fence FROM cleanup_items WHERE org_id = ? AND run_id = ? AND bucket = ? LIMIT 1";
  private static final String RAISE_FENCE =
      "UPDATE cleanup_items SET fence = ? WHERE org_id = ? AND run_id = ? AND bucket = ?"
          + " IF fence = ?";
  private static final String BUCKET_ITEMS =
      "SELECT "
          + ITEM_COLUMNS
          + " FROM cleanup_items"
          + " WHERE org_id = ? AND run_id = ? AND bucket = ?";
  private static final String ITEMS_AFTER =
      "SELECT "
          + ITEM_COLUMNS
          + " FROM cleanup_items"
          + " WHERE org_id = ? AND run_id = ? AND bucket = ? AND seq > ? AND seq < ? LIMIT ?";

  private final CqlSession session;
  private final OrgStatements statements;

  CleanupRepository(CqlSession session, OrgStatements statements) {
    this.session = session;
    this.statements = statements;
  }

  static UUID newRunId() {
    return Uuids.timeBased();
  }

  /**
   * Writes the whole run row (a full snapshot, so a crash never leaves half a row), cancel flag
   * aside.
   */
  void save(CleanupRun run) {
    CleanupRun.Counts c = run.counts();
    session.execute(
        statements
            .prepare(run.orgId(), SAVE_RUN)
            .bind(
                run.orgId(),
                run.id(),
                run.ruleId(),
                run.ruleVersion(),
                run.ruleName(),
                run.action(),
                run.mode().name(),
                run.state().name(),
                run.planned(),
                run.buckets(),
                run.items(),
                c.matched(),
                c.affected(),
                c.done(),
                c.failed(),
                c.skipped(),
                c.requiresIdpAction(),
                c.flagged(),
                c.previewed(),
                c.cancelled(),
                run.errorCode(),
                run.errorMessage(),
                run.attempts(),
                run.startedBy(),
                run.startedAt(),
                run.updatedAt(),
                run.finishedAt(),
                run.restoresRunId(),
                blastRadius(run.confirmCount(), run.blastRadius()))
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }

  /** The blast_radius cell (V016): what is known of the guard, absent keys unknown. */
  static java.util.Map<String, Integer> blastRadius(Integer confirmCount, BlastRadius measured) {
    java.util.Map<String, Integer> out = new java.util.TreeMap<>();
    if (confirmCount != null) {
      out.put("confirmCount", confirmCount);
    }
    if (measured != null) {
      out.put("actingUsers", measured.actingUsers());
      out.put("billableUsers", measured.billableUsers());
      out.put("limitPercent", measured.limitPercent());
      out.put("limitUsers", measured.limitUsers());
    }
    return out;
  }

  static BlastRadius blastRadius(java.util.Map<String, Integer> cell) {
    if (!cell.containsKey("actingUsers")) {
      return null;
    }
    return new BlastRadius(
        cell.get("actingUsers"),
        cell.getOrDefault("billableUsers", 0),
        cell.getOrDefault("limitPercent", 0),
        cell.getOrDefault("limitUsers", 0));
  }

  /** Records the seats per product a run freed (or gave back), when it ends. */
  void saveSeats(String orgId, UUID runId, java.util.Map<String, Integer> seats) {
    session.execute(
        statements
            .prepare(orgId, SAVE_SEATS)
            .bind(seats, orgId, runId)
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }

  /**
   * The seats of the runs started in [{@code from}, {@code to}), newest first, at most {@code
   * limit}: one range read of the org's run partition, a few columns per run.
   */
  List<RunSeats> seats(String orgId, Instant from, Instant to, int limit) {
    List<RunSeats> out = new ArrayList<>();
    for (Row row :
        session.execute(
            statements
                .prepare(orgId, SEATS_BETWEEN)
                .bind(orgId, Uuids.startOf(to.toEpochMilli()), Uuids.startOf(from.toEpochMilli()))
                .setPageSize(Math.min(limit, 1000))
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
      out.add(
          new RunSeats(
              row.getUuid("run_id"),
              row.getString("rule_id"),
              row.getString("rule_name"),
              CleanupRun.Mode.valueOf(row.getString("mode")),
              CleanupRun.State.valueOf(row.getString("state")),
              row.getInstant("started_at"),
              row.getInstant("finished_at"),
              row.getMap("seats", String.class, Integer.class),
              row.getUuid("restores_run_id")));
      if (out.size() >= limit) {
        break;
      }
    }
    return out;
  }

  void requestCancel(String orgId, UUID runId) {
    session.execute(
        statements
            .prepare(orgId, CANCEL)
            .bind(orgId, runId)
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }

  Optional<CleanupRun> find(String orgId, UUID runId) {
    Row row =
        session
            .execute(
                statements
                    .prepare(orgId, FIND_RUN)
                    .bind(orgId, runId)
                    .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
            .one();
    return Optional.ofNullable(row).map(CleanupRepository::run);
  }

  /**
   * Runs started before {@code before} (a time-based id bound, exclusive) and not before {@code
   * notBefore}, newest first, at most {@code limit}.
   */
  List<CleanupRun> runs(String orgId, UUID before, UUID notBefore, int limit) {
    List<CleanupRun> out = new ArrayList<>();
    for (Row row :
        session.execute(
            statements
                .prepare(orgId, RUNS_BEFORE)
                .bind(orgId, before, notBefore)
                .setPageSize(Math.min(limit, 500))
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
      out.add(run(row));
      if (out.size() >= limit) {
        break;
      }
    }
    return out;
  }

  /**
   * Writes items in plan order, a batch per partition slice (rows of one bucket travel together).
   */
  void insertItems(String orgId, UUID runId, List<CleanupItem> items) {
    var insert = statements.prepare(orgId, INSERT_ITEM);
    BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.UNLOGGED);
    int bucket = -1;
    for (CleanupItem i : items) {
      int b = bucketOf(i.seq());
      if ((b != bucket || batch.getStatementsCount() >= WRITE_BATCH)
          && batch.getStatementsCount() > 0) {
        session.execute(batch.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM).build());
        batch = BatchStatement.builder(DefaultBatchType.UNLOGGED);
      }
      bucket = b;
      batch.addStatement(
          withoutNulls(
              insert.bind(
                  orgId,
                  runId,
                  b,
                  i.seq(),
                  i.accountId(),
                  i.kind().name(),
                  i.product(),
                  i.groupId(),
                  i.groupName(),
                  i.outcome().name(),
                  i.reason(),
                  i.upstreamStatus(),
                  i.message(),
                  i.attempts(),
                  i.updatedAt(),
                  i.frees().isEmpty() ? null : i.frees(),
                  i.directories().isEmpty() ? null : i.directories())));
    }
    if (batch.getStatementsCount() > 0) {
      session.execute(batch.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM).build());
    }
  }

  /**
   * A new row's absent values left unset rather than bound to null: a null (or an empty collection)
   * in an INSERT is written as a tombstone, and a run's items have half a dozen absent columns
   * each, which every later read of the run's log had to skip.
   */
  private static BoundStatement withoutNulls(BoundStatement statement) {
    BoundStatement out = statement;
    for (int i = 0; i < statement.size(); i++) {
      if (statement.isNull(i)) {
        out = out.unset(i);
      }
    }
    return out;
  }

  void update(String orgId, UUID runId, CleanupItem i) {
    session.execute(itemUpdate(UPDATE_ITEM, orgId, runId, i));
  }

  /**
   * Writes the item only if its partition is still fenced at {@code epoch} (one LWT): false when a
   * later holder of the run raised the fence, and nothing was written.
   */
  boolean updateFenced(String orgId, UUID runId, CleanupItem i, long epoch) {
    BoundStatement update =
        itemUpdate(UPDATE_ITEM_FENCED, orgId, runId, i)
            .setLong(11, epoch)
            .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL);
    return session.execute(update).wasApplied();
  }

  private BoundStatement itemUpdate(String cql, String orgId, UUID runId, CleanupItem i) {
    BoundStatement update =
        statements
            .prepare(orgId, cql)
            .bind(
                i.outcome().name(),
                i.reason(),
                i.upstreamStatus(),
                i.message(),
                i.attempts(),
                i.updatedAt(),
                i.directories().isEmpty() ? null : i.directories(),
                orgId,
                runId,
                bucketOf(i.seq()),
                i.seq())
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM);
    // No directories (most updates: IN_FLIGHT, skips) leaves the cell alone: no tombstone.
    return i.directories().isEmpty() ? update.unset(6) : update;
  }

  /**
   * Raises the fence of every item partition of the run to {@code epoch}, the run's new holder's
   * lease epoch ({@link Fences#raise}). False when a partition is already fenced higher: a later
   * holder has the run.
   */
  boolean raiseFence(String orgId, UUID runId, int buckets, long epoch) {
    for (int bucket = 0; bucket < buckets; bucket++) {
      int b = bucket;
      boolean raised =
          Fences.raise(
              epoch,
              () -> {
                Row row =
                    session
                        .execute(
                            statements
                                .prepare(orgId, FENCE_OF)
                                .bind(orgId, runId, b)
                                .setConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL))
                        .one();
                return row == null || row.isNull("fence") ? null : row.getLong("fence");
              },
              seen ->
                  session
                      .execute(
                          statements
                              .prepare(orgId, RAISE_FENCE)
                              .bind(epoch, orgId, runId, b, seen)
                              .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL))
                      .wasApplied());
      if (!raised) {
        return false;
      }
    }
    return true;
  }

  /**
   * Up to {@code limit} items after position {@code afterSeq} and below {@code total}, in seq
   * order, from as many buckets as it takes.
   */
  List<CleanupItem> items(String orgId, UUID runId, int afterSeq, int total, int limit) {
    List<CleanupItem> out = new ArrayList<>();
    int from = afterSeq;
    while (out.size() < limit && from + 1 < total) {
      int bucket = bucketOf(from + 1);
      int before = Math.min(total, (bucket + 1) * BUCKET_SIZE);
      for (Row row :
          session.execute(
              statements
                  .prepare(orgId, ITEMS_AFTER)
                  .bind(orgId, runId, bucket, from, before, limit - out.size())
                  .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
        out.add(item(row));
      }
      from = before - 1;
    }
    return out;
  }

  /**
   * Hands every item of the run to {@code sink} in seq order, bucket by bucket, reading each bucket
   * with the driver's paging ({@code pageSize} rows fetched at a time): nothing is collected here,
   * so an export streams a run of any size.
   */
  void forEachItem(
      String orgId,
      UUID runId,
      int buckets,
      int pageSize,
      java.util.function.Consumer<CleanupItem> sink) {
    var select = statements.prepare(orgId, BUCKET_ITEMS);
    for (int b = 0; b < Math.max(1, buckets); b++) {
      for (Row row :
          session.execute(
              select
                  .bind(orgId, runId, b)
                  .setPageSize(pageSize)
                  .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
        sink.accept(item(row));
      }
    }
  }

  /**
   * Hands every run of the org to {@code sink}, newest first, reading the org's run partition with
   * the driver's paging: an org starts a few runs a day, so a year is a few thousand small rows.
   */
  void forEachRun(String orgId, java.util.function.Consumer<CleanupRun> sink) {
    for (Row row :
        session.execute(
            statements
                .prepare(orgId, ALL_RUNS)
                .bind(orgId)
                .setPageSize(500)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
      sink.accept(run(row));
    }
  }

  /** Deletes every cleanup_items partition of the run (buckets 0 .. buckets - 1). */
  void deleteItems(String orgId, UUID runId, int buckets) {
    var delete = statements.prepare(orgId, DELETE_BUCKET);
    for (int b = 0; b < Math.max(1, buckets); b++) {
      session.execute(
          delete.bind(orgId, runId, b).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
    }
  }

  void markItemsPurged(String orgId, UUID runId, Instant at) {
    session.execute(
        statements
            .prepare(orgId, MARK_PURGED)
            .bind(at, orgId, runId)
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }

  /** Rewrites a run's free-text and author cells (personal-data erasure). */
  void eraseRun(String orgId, UUID runId, String startedBy, String ruleName, String errorMessage) {
    session.execute(
        statements
            .prepare(orgId, ERASE_RUN)
            .bind(startedBy, ruleName, errorMessage, orgId, runId)
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }

  /** Rewrites an item's account id and message, nothing else (personal-data erasure). */
  void eraseItem(String orgId, UUID runId, int seq, String accountId, String message) {
    session.execute(
        statements
            .prepare(orgId, ERASE_ITEM)
            .bind(accountId, message, orgId, runId, bucketOf(seq), seq)
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }

  static int bucketOf(int seq) {
    return seq / BUCKET_SIZE;
  }

  static int bucketsFor(int items) {
    return Math.max(1, (items + BUCKET_SIZE - 1) / BUCKET_SIZE);
  }

  private static CleanupRun run(Row row) {
    return new CleanupRun(
        row.getString("org_id"),
        row.getUuid("run_id"),
        row.getString("rule_id"),
        row.getInt("rule_version"),
        row.getString("rule_name"),
        row.getString("action"),
        CleanupRun.Mode.valueOf(row.getString("mode")),
        CleanupRun.State.valueOf(row.getString("state")),
        row.getBoolean("planned"),
        row.getInt("buckets"),
        row.getInt("items"),
        new CleanupRun.Counts(
            row.getInt("matched"),
            row.getInt("affected"),
            row.getInt("done"),
            row.getInt("failed"),
            row.getInt("skipped"),
            row.getInt("idp_action"),
            row.getInt("flagged"),
            row.getInt("previewed"),
            row.getInt("cancelled")),
        row.getBoolean("cancel_requested"),
        row.getString("error_code"),
        row.getString("error_message"),
        row.getInt("attempts"),
        row.getString("started_by"),
        row.getInstant("started_at"),
        row.getInstant("updated_at"),
        row.getInstant("finished_at"),
        row.getUuid("restores_run_id"),
        row.getInstant("items_purged_at"),
        row.getMap("blast_radius", String.class, Integer.class).get("confirmCount"),
        blastRadius(row.getMap("blast_radius", String.class, Integer.class)));
  }

  private static CleanupItem item(Row row) {
    return new CleanupItem(
        row.getInt("seq"),
        row.getString("account_id"),
        PlannedOperation.Kind.valueOf(row.getString("kind")),
        row.getString("product"),
        row.getString("group_id"),
        row.getString("group_name"),
        CleanupItem.Outcome.valueOf(row.getString("outcome")),
        row.getString("reason"),
        row.isNull("upstream_status") ? null : row.getInt("upstream_status"),
        row.getString("message"),
        row.getInt("attempts"),
        row.getInstant("updated_at"),
        row.getSet("frees", String.class),
        row.getList("directories", String.class));
  }

  static Instant startOf(UUID runId) {
    return Instant.ofEpochMilli(Uuids.unixTimestamp(runId));
  }
}
