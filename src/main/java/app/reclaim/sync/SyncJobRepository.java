package app.reclaim.sync;

import app.reclaim.store.Fences;
import app.reclaim.store.OrgStatements;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The sync_jobs table of the org's region keyspace. */
class SyncJobRepository {

  // The whole job row as one UPDATE (a full snapshot, so a crash never leaves half a row); the
  // fenced save is the same statement, conditional on the org's fence.
  private static final String SAVE =
      "UPDATE sync_jobs SET kind = ?, state = ?, phase = ?, generation = ?, cursor = ?,"
          + " resource_products = ?, directory_count = ?, users_synced = ?, groups_synced = ?,"
          + " pages_read = ?, users_removed = ?, groups_removed = ?, error_code = ?,"
          + " error_message = ?, breaker_open = ?, attempts = ?, started_at = ?, updated_at = ?,"
          + " finished_at = ?, users_before = ? WHERE org_id = ? AND job_id = ?";
  private static final String SAVE_FENCED = SAVE + " IF fence = ?";
  private static final String FENCE_OF = "SELECT fence FROM sync_jobs WHERE org_id = ? LIMIT 1";
  private static final String RAISE_FENCE =
      "UPDATE sync_jobs SET fence = ? WHERE org_id = ? IF fence = ?";
  private static final String COLUMNS =
      "org_id, job_id, kind, state, phase, generation, cursor,"
          + " resource_products, directory_count, users_synced, groups_synced, pages_read, users_removed,"
          + " groups_removed, error_code, error_message, breaker_open, attempts, started_at, updated_at,"
          + " finished_at, users_before";
  private static final String LATEST =
      "SELECT " + COLUMNS + " FROM sync_jobs WHERE org_id = ? LIMIT 1";
  private static final String RECENT =
      "SELECT " + COLUMNS + " FROM sync_jobs WHERE org_id = ? LIMIT ?";
  private static final String LATEST_COMPLETED_FULL =
      "SELECT " + COLUMNS + " FROM sync_jobs WHERE org_id = ? LIMIT 50";

  private static final String MESSAGES =
      "SELECT job_id, error_message, TTL(error_message) FROM sync_jobs WHERE org_id = ?";
  // With the cell's remaining TTL: the table's default would keep the rewritten cell (and so the
  // job's row) 90 days past the rest of the row.
  private static final String SET_MESSAGE =
      "UPDATE sync_jobs USING TTL ? SET error_message = ? WHERE org_id = ? AND job_id = ?";

  /** A job's error message and the seconds its cell has left (0: no TTL). */
  record ErrorMessage(String message, int ttlSeconds) {}

  private final CqlSession session;
  private final OrgStatements statements;

  SyncJobRepository(CqlSession session, OrgStatements statements) {
    this.session = session;
    this.statements = statements;
  }

  /** Job id → error message of every job of the org that has one (personal-data erasure). */
  java.util.Map<UUID, ErrorMessage> errorMessages(String orgId) {
    java.util.Map<UUID, ErrorMessage> out = new java.util.LinkedHashMap<>();
    for (Row row :
        session.execute(
            statements
                .prepare(orgId, MESSAGES)
                .bind(orgId)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
      if (!row.isNull("error_message")) {
        out.put(
            row.getUuid("job_id"),
            new ErrorMessage(row.getString("error_message"), row.isNull(2) ? 0 : row.getInt(2)));
      }
    }
    return out;
  }

  void setErrorMessage(String orgId, UUID jobId, String message, int ttlSeconds) {
    session.execute(
        statements
            .prepare(orgId, SET_MESSAGE)
            .bind(ttlSeconds, message, orgId, jobId)
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }

  void save(SyncJob job) {
    session.execute(
        statements
            .prepare(job.orgId(), SAVE)
            .bind(values(job, 22))
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }

  /**
   * Saves the job only while the org's sync fence is {@code epoch} (one LWT); false, nothing
   * written, once a later holder of the org's sync lease raised it.
   */
  boolean saveFenced(SyncJob job, long epoch) {
    Object[] values = values(job, 23);
    values[22] = epoch;
    return session
        .execute(
            statements
                .prepare(job.orgId(), SAVE_FENCED)
                .bind(values)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL))
        .wasApplied();
  }

  /**
   * The {@link #SAVE} values of {@code job}, in an array of {@code size} (room for a condition).
   */
  private static Object[] values(SyncJob job, int size) {
    Object[] values = {
      job.kind().name(),
      job.state().name(),
      job.phase().name(),
      job.generation(),
      job.cursor(),
      job.resourceProducts(),
      job.directoryCount(),
      job.usersSynced(),
      job.groupsSynced(),
      job.pagesRead(),
      job.usersRemoved(),
      job.groupsRemoved(),
      job.errorCode(),
      job.errorMessage(),
      job.breakerOpen(),
      job.attempts(),
      job.startedAt(),
      job.updatedAt(),
      job.finishedAt(),
      job.usersBefore(),
      job.orgId(),
      job.id()
    };
    return java.util.Arrays.copyOf(values, size);
  }

  /** The org's sync fence, read at serial consistency (it sees every fence raised before). */
  Long fence(String orgId) {
    Row row =
        session
            .execute(
                statements
                    .prepare(orgId, FENCE_OF)
                    .bind(orgId)
                    .setConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL))
            .one();
    return row == null || row.isNull("fence") ? null : row.getLong("fence");
  }

  /**
   * Raises the org's sync fence to {@code epoch} ({@link Fences#raise}); false when it is already
   * higher: a later holder has the org's sync.
   */
  boolean raiseFence(String orgId, long epoch) {
    return Fences.raise(
        epoch,
        () -> fence(orgId),
        seen ->
            session
                .execute(
                    statements
                        .prepare(orgId, RAISE_FENCE)
                        .bind(epoch, orgId, seen)
                        .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL))
                .wasApplied());
  }

  Optional<SyncJob> latest(String orgId) {
    Row row =
        session
            .execute(
                statements
                    .prepare(orgId, LATEST)
                    .bind(orgId)
                    .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
            .one();
    // A partition whose jobs expired may keep its fence (a static cell) alone: no job then.
    return Optional.ofNullable(row).filter(r -> !r.isNull("job_id")).map(SyncJobRepository::job);
  }

  /** The org's latest {@code limit} jobs, newest first. */
  List<SyncJob> recent(String orgId, int limit) {
    List<SyncJob> out = new ArrayList<>();
    for (Row row :
        session.execute(
            statements
                .prepare(orgId, RECENT)
                .bind(orgId, limit)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
      if (!row.isNull("job_id")) {
        out.add(job(row));
      }
    }
    return out;
  }

  /** The most recent completed FULL sync among the org's last 50 jobs. */
  Optional<SyncJob> latestCompletedFull(String orgId) {
    for (Row row :
        session.execute(
            statements
                .prepare(orgId, LATEST_COMPLETED_FULL)
                .bind(orgId)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
      if (row.isNull("job_id")) {
        continue;
      }
      SyncJob job = job(row);
      if (job.kind() == SyncJob.Kind.FULL && job.finished()) {
        return Optional.of(job);
      }
    }
    return Optional.empty();
  }

  private static SyncJob job(Row row) {
    return new SyncJob(
        row.getString("org_id"),
        row.getUuid("job_id"),
        SyncJob.Kind.valueOf(row.getString("kind")),
        SyncJob.State.valueOf(row.getString("state")),
        SyncJob.Phase.valueOf(row.getString("phase")),
        row.getLong("generation"),
        row.getString("cursor"),
        row.getMap("resource_products", String.class, String.class),
        row.getInt("directory_count"),
        row.getInt("users_synced"),
        row.getInt("groups_synced"),
        row.getInt("pages_read"),
        row.getInt("users_removed"),
        row.getInt("groups_removed"),
        row.getString("error_code"),
        row.getString("error_message"),
        row.getBoolean("breaker_open"),
        row.getInt("attempts"),
        row.getInstant("started_at"),
        row.getInstant("updated_at"),
        row.getInstant("finished_at"),
        row.isNull("users_before") ? null : row.getBoolean("users_before"));
  }

  static UUID newJobId() {
    return com.datastax.oss.driver.api.core.uuid.Uuids.timeBased();
  }
}
