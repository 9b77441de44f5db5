package app.reclaim.directory;

import app.reclaim.store.OrgStatements;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;
import com.datastax.oss.driver.api.core.type.reflect.GenericType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Cassandra access for users, groups and the directory version, all in the org's region keyspace.
 * Writes go as unlogged batches of rows of one partition (a bucket of users, or the org's groups)
 * with bounded concurrency; reads of a whole org page through every bucket in parallel.
 */
class DirectoryRepository {

  /** Users are spread over this many partitions per org; changing it needs a data migration. */
  static final int USER_BUCKETS = app.reclaim.store.OrgPartitionCatalog.USER_BUCKETS;

  static final int BATCH_ROWS = 50;
  static final int MAX_IN_FLIGHT = 16;
  static final int PAGE_SIZE = 1000;

  /**
   * Partitions an index load reads at once (each with its next page asked for ahead, so up to twice
   * as many requests). With 64 the 1,000,000-user cold preview ran 1.45 times the raw read, with 16
   * 1.30 and 1.33 (bench/run.sh preview, 4 runs each), its JVM's CPU about 0.4 s lower; the raw
   * read itself was no faster at 16.
   */
  static final int LOAD_IN_FLIGHT = 16;

  private static final GenericType<Map<String, Set<String>>> ROLES = new GenericType<>() {};

  private static final String UPSERT_USER =
      "INSERT INTO users (org_id, bucket, account_id, name,"
          + " email, account_type, status, managed, org_admin, idp_synced, added_to_org, product_access,"
          + " last_active, group_ids, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** Every column but group_ids: memberships change only through ADD_GROUP / REMOVE_GROUP. */
  private static final String UPSERT_USER_DETAILS =
      "INSERT INTO users (org_id, bucket, account_id,"
          + " name, email, account_type, status, managed, org_admin, idp_synced, added_to_org,"
          + " product_access, last_active, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String UPSERT_USER_SYNCED =
      "INSERT INTO users (org_id, bucket, account_id,"
          + " name, email, account_type, status, managed, org_admin, idp_synced, added_to_org,"
          + " product_access, last_active, group_ids, updated_at, sync_generation)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String SELECT_GENERATIONS =
      "SELECT account_id, sync_generation FROM users WHERE org_id = ? AND bucket = ?";
  private static final String SELECT_GENERATIONS_IN =
      "SELECT account_id, sync_generation FROM users WHERE org_id = ? AND bucket = ?"
          + " AND account_id IN ?";
  private static final String SELECT_ANY_USER =
      "SELECT account_id FROM users WHERE org_id = ? AND bucket = ? LIMIT 1";
  private static final String UPSERT_GROUP_SYNCED =
      "INSERT INTO groups (org_id, group_id, name,"
          + " description, source, idp_name, roles, updated_at, sync_generation)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String SELECT_GROUP_GENERATIONS =
      "SELECT group_id, sync_generation FROM groups WHERE org_id = ?";
  private static final String DELETE_USER =
      "DELETE FROM users WHERE org_id = ? AND bucket = ? AND account_id = ?";
  private static final String SELECT_USERS =
      "SELECT account_id, name, email, account_type, status,"
          + " managed, org_admin, idp_synced, added_to_org, product_access, last_active, group_ids"
          + " FROM users WHERE org_id = ? AND bucket = ?";
  private static final String SELECT_USERS_IN = SELECT_USERS + " AND account_id IN ?";
  private static final String ADD_GROUP =
      "UPDATE users SET group_ids = group_ids + ?"
          + " WHERE org_id = ? AND bucket = ? AND account_id = ?";
  private static final String REMOVE_GROUP =
      "UPDATE users SET group_ids = group_ids - ?"
          + " WHERE org_id = ? AND bucket = ? AND account_id = ?";
  private static final String UPSERT_GROUP =
      "INSERT INTO groups (org_id, group_id, name,"
          + " description, source, idp_name, roles, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String DELETE_GROUP = "DELETE FROM groups WHERE org_id = ? AND group_id = ?";
  private static final String SELECT_GROUPS =
      "SELECT group_id, name, description, source, idp_name,"
          + " roles FROM groups WHERE org_id = ?";
  private static final String SET_VERSION =
      "UPDATE directory_state USING TTL ? SET version = ?, updated_at = ?, writers[?] = ?"
          + " WHERE org_id = ?";
  private static final String SELECT_WRITERS =
      "SELECT writers FROM directory_state WHERE org_id = ?";

  /**
   * A writer's entry lives this long after its last write: a process that stopped leaves its entry
   * behind, and readers rebuild once when it goes (30 days).
   */
  static final int WRITER_TTL_SECONDS = 30 * 24 * 3600;

  private final CqlSession session;
  private final OrgStatements statements;
  private final int pageSize;

  DirectoryRepository(CqlSession session, OrgStatements statements) {
    this(session, statements, PAGE_SIZE);
  }

  /** With another page size: tests read partitions of a few dozen rows in several pages. */
  DirectoryRepository(CqlSession session, OrgStatements statements, int pageSize) {
    this.session = session;
    this.statements = statements;
    this.pageSize = pageSize;
  }

  static int bucketOf(String accountId) {
    return Math.floorMod(accountId.hashCode(), USER_BUCKETS);
  }

  void upsertUsers(String orgId, Collection<DirectoryUser> users) {
    upsertUsers(orgId, users, null);
  }

  /**
   * Writes users; a sync passes its generation, other writers none (the column is left as it is).
   */
  void upsertUsers(String orgId, Collection<DirectoryUser> users, Long generation) {
    Instant now = Instant.now();
    var prepared = statements.prepare(orgId, generation == null ? UPSERT_USER : UPSERT_USER_SYNCED);
    List<Keyed> writes = new ArrayList<>(users.size());
    for (DirectoryUser u : users) {
      var bound = bindUser(prepared.boundStatementBuilder(), orgId, u);
      bound.set(13, u.groupIds(), UserCells.TEXT_SET).set(14, now, TypeCodecs.TIMESTAMP);
      if (generation != null) {
        bound.set(15, generation, TypeCodecs.BIGINT);
      }
      writes.add(new Keyed(bucketOf(u.accountId()), bound.build()));
    }
    writeByPartition(writes);
  }

  /**
   * Writes users' fields and leaves their stored {@code group_ids} as they are (a new row starts
   * with none), so a concurrent {@link #changeMembership} is never overwritten.
   */
  void upsertUserDetails(String orgId, Collection<DirectoryUser> users) {
    Instant now = Instant.now();
    var prepared = statements.prepare(orgId, UPSERT_USER_DETAILS);
    List<Keyed> writes = new ArrayList<>(users.size());
    for (DirectoryUser u : users) {
      var bound = bindUser(prepared.boundStatementBuilder(), orgId, u);
      writes.add(
          new Keyed(bucketOf(u.accountId()), bound.set(13, now, TypeCodecs.TIMESTAMP).build()));
    }
    writeByPartition(writes);
  }

  /**
   * The columns every user upsert starts with (org_id .. last_active, positions 0 to 12), each with
   * its codec named: binding by value makes the driver look the codec up per cell, and for a set or
   * map value inspect its elements' types reflectively.
   */
  private static BoundStatementBuilder bindUser(
      BoundStatementBuilder b, String orgId, DirectoryUser u) {
    return b.set(0, orgId, UserCells.TEXT)
        .set(1, bucketOf(u.accountId()), TypeCodecs.INT)
        .set(2, u.accountId(), UserCells.TEXT)
        .set(3, u.name(), UserCells.TEXT)
        .set(4, u.email(), UserCells.TEXT)
        .set(5, u.accountType().name(), UserCells.TEXT)
        .set(6, u.status().name(), UserCells.TEXT)
        .set(7, u.managed(), TypeCodecs.BOOLEAN)
        .set(8, u.orgAdmin(), TypeCodecs.BOOLEAN)
        .set(9, u.idpSynced(), TypeCodecs.BOOLEAN)
        .set(10, u.addedToOrg(), TypeCodecs.TIMESTAMP)
        .set(11, u.productAccess(), UserCells.TEXT_SET)
        .set(12, u.lastActiveByProduct(), UserCells.TEXT_TO_INSTANT);
  }

  /**
   * Account ids whose row was written by a sync of an earlier generation (gone upstream since): the
   * org's 64 partitions read side by side (one after another, the end of a 100,000-user sync waited
   * for 100 round trips in a row with both machines mostly idle).
   */
  List<String> usersOlderThan(String orgId, long generation) {
    List<String> stale = java.util.Collections.synchronizedList(new ArrayList<>());
    join(
        everyBucket(
            statements.prepare(orgId, SELECT_GENERATIONS),
            orgId,
            page -> {
              for (Row row : page.currentPage()) {
                if (!row.isNull(1) && row.getLong(1) < generation) {
                  stale.add(row.getString(0));
                }
              }
            }));
    return new ArrayList<>(stale);
  }

  /** Whether the org has any user row: the first row of each partition, asked side by side. */
  boolean hasUsers(String orgId) {
    var select = statements.prepare(orgId, SELECT_ANY_USER);
    List<CompletableFuture<Boolean>> buckets = new ArrayList<>(USER_BUCKETS);
    for (int bucket = 0; bucket < USER_BUCKETS; bucket++) {
      buckets.add(
          session
              .executeAsync(
                  select.bind(orgId, bucket).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
              .thenApply(rs -> rs.one() != null)
              .toCompletableFuture());
    }
    join(buckets);
    return buckets.stream().anyMatch(CompletableFuture::join);
  }

  /**
   * Reads all of the org's user partitions side by side (at most LOAD_IN_FLIGHT at once), each in
   * pages of pageSize, handing every page to {@code onPage} on a driver thread as it arrives; one
   * future per partition, completed after its last page (or with its error).
   */
  private List<CompletableFuture<Void>> everyBucket(
      PreparedStatement prepared, String orgId, Consumer<AsyncResultSet> onPage) {
    Semaphore permits = new Semaphore(LOAD_IN_FLIGHT);
    List<CompletableFuture<Void>> buckets = new ArrayList<>(USER_BUCKETS);
    for (int bucket = 0; bucket < USER_BUCKETS; bucket++) {
      permits.acquireUninterruptibly();
      CompletableFuture<Void> done = new CompletableFuture<>();
      session
          .executeAsync(
              prepared
                  .bind(orgId, bucket)
                  .setPageSize(pageSize)
                  .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
          .whenComplete((rs, error) -> pages(rs, error, onPage, done));
      buckets.add(done.whenComplete((v, e) -> permits.release()));
    }
    return buckets;
  }

  private static void pages(
      AsyncResultSet rs,
      Throwable error,
      Consumer<AsyncResultSet> onPage,
      CompletableFuture<Void> done) {
    if (error != null) {
      done.completeExceptionally(error);
      return;
    }
    // The next page is asked for before this one is handed over: Cassandra reads it meanwhile
    // instead of waiting for the decoding of this one.
    CompletionStage<AsyncResultSet> next = rs.hasMorePages() ? rs.fetchNextPage() : null;
    try {
      onPage.accept(rs);
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
      return;
    }
    if (next != null) {
      next.whenComplete((page, e) -> pages(page, e, onPage, done));
    } else {
      done.complete(null);
    }
  }

  List<String> groupsOlderThan(String orgId, long generation) {
    List<String> stale = new ArrayList<>();
    for (Row row :
        session.execute(
            statements
                .prepare(orgId, SELECT_GROUP_GENERATIONS)
                .bind(orgId)
                .setPageSize(pageSize)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
      if (!row.isNull("sync_generation") && row.getLong("sync_generation") < generation) {
        stale.add(row.getString("group_id"));
      }
    }
    return stale;
  }

  /** The stored rows of these accounts, read from Cassandra (one query per bucket involved). */
  java.util.Map<String, DirectoryUser> findUsers(String orgId, Collection<String> accountIds) {
    java.util.Map<String, DirectoryUser> found = new java.util.HashMap<>();
    var select = statements.prepare(orgId, SELECT_USERS_IN);
    UserCells.Interner interner = new UserCells.Interner();
    byBucket(accountIds)
        .forEach(
            (bucket, ids) -> {
              for (Row row :
                  session.execute(
                      select
                          .bind(orgId, bucket, ids)
                          .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
                DirectoryUser u = user(row, interner);
                found.put(u.accountId(), u);
              }
            });
    return found;
  }

  /** The accounts by the bucket (partition) their row lives in, buckets in order. */
  private static java.util.Map<Integer, List<String>> byBucket(Collection<String> accountIds) {
    java.util.Map<Integer, List<String>> byBucket = new java.util.TreeMap<>();
    accountIds.forEach(
        id -> byBucket.computeIfAbsent(bucketOf(id), b -> new ArrayList<>()).add(id));
    return byBucket;
  }

  /** Which of these accounts have a row that a sync wrote (one query per bucket involved). */
  java.util.Set<String> writtenBySync(String orgId, Collection<String> accountIds) {
    java.util.Set<String> found = new java.util.HashSet<>();
    var select = statements.prepare(orgId, SELECT_GENERATIONS_IN);
    byBucket(accountIds)
        .forEach(
            (bucket, ids) -> {
              for (Row row :
                  session.execute(
                      select
                          .bind(orgId, bucket, ids)
                          .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
                if (!row.isNull(1)) {
                  found.add(row.getString(0));
                }
              }
            });
    return found;
  }

  void deleteUsers(String orgId, Collection<String> accountIds) {
    var prepared = statements.prepare(orgId, DELETE_USER);
    writeByPartition(
        accountIds.stream()
            .map(id -> new Keyed(bucketOf(id), prepared.bind(orgId, bucketOf(id), id)))
            .toList());
  }

  /** Adds or removes one group id on each user's row: one cell each, the group is not rewritten. */
  void changeMembership(String orgId, String groupId, Collection<String> accountIds, boolean add) {
    var prepared = statements.prepare(orgId, add ? ADD_GROUP : REMOVE_GROUP);
    writeByPartition(
        accountIds.stream()
            .map(
                id ->
                    new Keyed(
                        bucketOf(id), prepared.bind(Set.of(groupId), orgId, bucketOf(id), id)))
            .toList());
  }

  void upsertGroups(String orgId, Collection<DirectoryGroup> groups) {
    upsertGroups(orgId, groups, null);
  }

  void upsertGroups(String orgId, Collection<DirectoryGroup> groups, Long generation) {
    Instant now = Instant.now();
    var prepared =
        statements.prepare(orgId, generation == null ? UPSERT_GROUP : UPSERT_GROUP_SYNCED);
    writeByPartition(
        groups.stream()
            .map(
                g -> {
                  var bound =
                      prepared.bind(
                          orgId,
                          g.id(),
                          g.name(),
                          g.description(),
                          g.source().name(),
                          g.idpName(),
                          g.roles(),
                          now);
                  return new Keyed(-1, generation == null ? bound : bound.setLong(8, generation));
                })
            .toList());
  }

  void deleteGroups(String orgId, Collection<String> groupIds) {
    var prepared = statements.prepare(orgId, DELETE_GROUP);
    writeByPartition(groupIds.stream().map(id -> new Keyed(-1, prepared.bind(orgId, id))).toList());
  }

  /**
   * Records a write of {@code writer} (an instance's index) at {@code version}: its own entry of
   * the org's {@code writers} map, so that no writer's entry hides another's.
   */
  void writeVersion(String orgId, String writer, long version) {
    // Written at the version's own timestamp (micros, strictly increasing per instance): when one
    // writer's version writes arrive out of order, its highest version still wins.
    session.execute(
        statements
            .prepare(orgId, SET_VERSION)
            .bind(WRITER_TTL_SECONDS, version, Instant.now(), writer, version, orgId)
            .setQueryTimestamp(version)
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }

  /** Each writer's latest version of the org's directory (see {@link #writeVersion}). */
  java.util.Map<String, Long> readWriters(String orgId) {
    Row row =
        session
            .execute(
                statements
                    .prepare(orgId, SELECT_WRITERS)
                    .bind(orgId)
                    .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
            .one();
    return row == null ? java.util.Map.of() : row.getMap(0, String.class, Long.class);
  }

  List<DirectoryGroup> loadGroups(String orgId) {
    List<DirectoryGroup> groups = new ArrayList<>();
    for (Row row :
        session.execute(
            statements
                .prepare(orgId, SELECT_GROUPS)
                .bind(orgId)
                .setPageSize(pageSize)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
      groups.add(group(row));
    }
    return groups;
  }

  /**
   * Every user of the org, handed to {@code sink} one page at a time on the calling thread while
   * the other pages are still read and decoded by the driver: building an index is a read of the
   * whole org, and the raw ceiling (bench/run.sh) reads the 64 partitions in parallel.
   */
  void loadUsers(String orgId, Consumer<List<DirectoryUser>> sink) {
    BlockingQueue<List<DirectoryUser>> pages = new LinkedBlockingQueue<>();
    List<DirectoryUser> end = List.of();
    UserCells.Interner interner = new UserCells.Interner();
    List<CompletableFuture<Void>> buckets =
        everyBucket(
            statements.prepare(orgId, SELECT_USERS),
            orgId,
            rs -> {
              List<DirectoryUser> page = new ArrayList<>(rs.remaining());
              for (Row row : rs.currentPage()) {
                page.add(user(row, interner));
              }
              pages.add(page);
            });
    CompletableFuture.allOf(buckets.toArray(CompletableFuture[]::new))
        .whenComplete((v, e) -> pages.add(end));
    try {
      for (List<DirectoryUser> page = pages.take(); page != end; page = pages.take()) {
        sink.accept(page);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading org " + orgId, e);
    }
    join(buckets);
  }

  private static final UserCells.Constants<AccountType> ACCOUNT_TYPES =
      new UserCells.Constants<>(AccountType.class);
  private static final UserCells.Constants<UserStatus> STATUSES =
      new UserCells.Constants<>(UserStatus.class);

  private static DirectoryUser user(Row row, UserCells.Interner interner) {
    // By position, in SELECT_USERS' column order: no lookup of the column name per cell, and no
    // codec lookup per cell (see UserCells).
    UserCells.Times lastActive = UserCells.textToMillis(row, 10, interner);
    return DirectoryUser.stored(
        UserCells.text(row, 0),
        UserCells.text(row, 1),
        UserCells.text(row, 2),
        UserCells.constant(row, 3, ACCOUNT_TYPES),
        UserCells.constant(row, 4, STATUSES),
        UserCells.bool(row, 5),
        UserCells.bool(row, 6),
        UserCells.bool(row, 7),
        UserCells.millis(row, 8),
        UserCells.textSet(row, 9, interner),
        lastActive.keys(),
        lastActive.millis(),
        UserCells.textSet(row, 11, interner));
  }

  private static DirectoryGroup group(Row row) {
    return new DirectoryGroup(
        row.getString("group_id"),
        row.getString("name"),
        row.getString("description"),
        GroupSource.valueOf(row.getString("source")),
        row.getString("idp_name"),
        row.get("roles", ROLES));
  }

  private record Keyed(int partition, BoundStatement statement) {}

  /**
   * Unlogged batches of at most BATCH_ROWS statements of one partition, MAX_IN_FLIGHT at a time.
   */
  private void writeByPartition(List<Keyed> writes) {
    if (writes.isEmpty()) {
      return;
    }
    Map<Integer, List<BoundStatement>> byPartition = new LinkedHashMap<>();
    writes.forEach(
        w -> byPartition.computeIfAbsent(w.partition(), k -> new ArrayList<>()).add(w.statement()));
    Semaphore permits = new Semaphore(MAX_IN_FLIGHT);
    List<CompletableFuture<?>> pending = new ArrayList<>();
    for (List<BoundStatement> partition : byPartition.values()) {
      for (int from = 0; from < partition.size(); from += BATCH_ROWS) {
        List<BoundStatement> chunk =
            partition.subList(from, Math.min(partition.size(), from + BATCH_ROWS));
        Statement<?> statement = chunk.size() == 1 ? chunk.get(0) : batch(chunk);
        permits.acquireUninterruptibly();
        CompletionStage<AsyncResultSet> result =
            session.executeAsync(statement.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
        pending.add(result.toCompletableFuture().whenComplete((r, e) -> permits.release()));
      }
    }
    join(pending);
  }

  private static BatchStatement batch(List<BoundStatement> statements) {
    BatchStatementBuilder builder = BatchStatement.builder(BatchType.UNLOGGED);
    statements.forEach(builder::addStatement);
    return builder.build();
  }

  private static void join(List<? extends CompletableFuture<?>> futures) {
    try {
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }
}
