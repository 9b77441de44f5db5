package app.reclaim.scim;

import app.reclaim.organizations.OrganizationService;
import app.reclaim.store.KeyspaceRouter;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.springframework.stereotype.Repository;

/**
 * The SCIM tables of an org's region keyspace: resources (bucketed), name claims (LWT), and
 * membership rows in both directions. Every statement is bound to the org's region keyspace.
 */
@Repository
class ScimRepository {

  static final int BUCKETS = app.reclaim.store.OrgPartitionCatalog.SCIM_BUCKETS;
  // Enough requests in flight to keep a node busy without flooding the driver's queue.
  private static final int IN_FLIGHT = 128;

  /** Member rows per unlogged batch (one group's partition): about 5 KB, Cassandra's warn size. */
  static final int MEMBER_BATCH = 50;

  private static final java.time.Duration ORPHAN_AGE = java.time.Duration.ofMinutes(1);

  private static final String FIND =
      "SELECT id, body, version, account_id, created_at, updated_at"
          + " FROM scim_resources WHERE org_id = ? AND resource_type = ? AND bucket = ? AND id = ?";
  private static final String FIND_IN =
      "SELECT id, body, version, account_id, created_at,"
          + " updated_at FROM scim_resources WHERE org_id = ? AND resource_type = ? AND bucket = ?"
          + " AND id IN ?";
  private static final int READ_CHUNK = 100;
  private static final String ALL =
      "SELECT id, body, version, account_id, created_at, updated_at"
          + " FROM scim_resources WHERE org_id = ? AND resource_type = ? AND bucket = ?";
  private static final String INSERT =
      "INSERT INTO scim_resources (org_id, resource_type, bucket, id,"
          + " body, version, account_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " IF NOT EXISTS";
  private static final String UPDATE =
      "UPDATE scim_resources SET body = ?, version = ?,"
          + " account_id = ?, updated_at = ? WHERE org_id = ? AND resource_type = ? AND bucket = ?"
          + " AND id = ? IF version = ?";
  private static final String DELETE =
      "DELETE FROM scim_resources WHERE org_id = ?"
          + " AND resource_type = ? AND bucket = ? AND id = ?";
  private static final String CLAIM =
      "INSERT INTO scim_names (org_id, resource_type, name_key, id,"
          + " claimed_at) VALUES (?, ?, ?, ?, ?) IF NOT EXISTS";
  private static final String TAKE_OVER =
      "UPDATE scim_names SET id = ?, claimed_at = ? WHERE org_id = ?"
          + " AND resource_type = ? AND name_key = ? IF id = ?";
  private static final String HOLDER =
      "SELECT id FROM scim_names WHERE org_id = ?" + " AND resource_type = ? AND name_key = ?";
  private static final String RELEASE =
      "DELETE FROM scim_names WHERE org_id = ? AND resource_type = ?"
          + " AND name_key = ? IF id = ?";
  private static final String INDEX =
      "INSERT INTO scim_name_keys (org_id, resource_type, bucket, name_key, id)"
          + " VALUES (?, ?, ?, ?, ?)";
  private static final String UNINDEX =
      "DELETE FROM scim_name_keys WHERE org_id = ? AND resource_type = ? AND bucket = ?"
          + " AND name_key = ? AND id = ?";
  private static final String UNINDEX_KEY =
      "DELETE FROM scim_name_keys WHERE org_id = ? AND resource_type = ? AND bucket = ?"
          + " AND name_key = ?";
  private static final String INDEXED =
      "SELECT name_key, id FROM scim_name_keys WHERE org_id = ? AND resource_type = ?"
          + " AND bucket = ?";
  private static final String MEMBERS =
      "SELECT member_id, display FROM scim_members WHERE org_id = ?" + " AND group_id = ?";
  private static final String MEMBERS_IN = MEMBERS + " AND member_id IN ?";
  private static final String ADD_MEMBER =
      "INSERT INTO scim_members (org_id, group_id, member_id," + " display) VALUES (?, ?, ?, ?)";
  private static final String REMOVE_MEMBER =
      "DELETE FROM scim_members WHERE org_id = ?" + " AND group_id = ? AND member_id = ?";
  private static final String ADD_MEMBER_OF =
      "INSERT INTO scim_member_of (org_id, member_id, group_id)" + " VALUES (?, ?, ?)";
  private static final String REMOVE_MEMBER_OF =
      "DELETE FROM scim_member_of WHERE org_id = ?" + " AND member_id = ? AND group_id = ?";
  private static final String MEMBER_OF =
      "SELECT group_id FROM scim_member_of WHERE org_id = ?" + " AND member_id = ?";
  private static final String DROP_MEMBERS =
      "DELETE FROM scim_members WHERE org_id = ? AND group_id = ?";
  private static final String DROP_MEMBER_OF =
      "DELETE FROM scim_member_of WHERE org_id = ?" + " AND member_id = ?";

  private final KeyspaceRouter router;
  private final OrganizationService organizations;

  ScimRepository(KeyspaceRouter router, OrganizationService organizations) {
    this.router = router;
    this.organizations = organizations;
  }

  static int bucket(String id) {
    return Math.floorMod(id.hashCode(), BUCKETS);
  }

  static String nameKey(String name) {
    return app.reclaim.store.OrgPartitionCatalog.scimNameKey(name);
  }

  /** The key a claim of {@code name} had before the NFC rule, or null when it is the same. */
  static String legacyNameKey(String name) {
    String legacy = app.reclaim.store.OrgPartitionCatalog.legacyScimNameKey(name);
    return legacy == null || legacy.equals(nameKey(name)) ? null : legacy;
  }

  private BoundStatement bind(String orgId, String cql, Object... values) {
    // Through the org's statements, which refuse writes while the org is frozen (residency move).
    return organizations
        .statements()
        .prepare(orgId, cql)
        .bind(values)
        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
        .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL);
  }

  private ResultSet run(BoundStatement statement) {
    return router.session().execute(statement);
  }

  Optional<StoredResource> find(String orgId, ResourceKind kind, String id) {
    if (id == null || id.isEmpty() || id.length() > 128) {
      return Optional.empty();
    }
    Row row = run(bind(orgId, FIND, orgId, kind.resourceType, bucket(id), id)).one();
    return Optional.ofNullable(row).map(r -> resource(kind, r));
  }

  /**
   * Key reads of many resources, absent ids left out: grouped by partition (bucket) into {@code id
   * IN} reads of up to {@link #READ_CHUNK} ids, in flight together (a 10,000-member PATCH validates
   * its members with about 100 reads instead of 10,000).
   */
  Map<String, StoredResource> findAll(String orgId, ResourceKind kind, Collection<String> ids) {
    Map<String, StoredResource> found = new java.util.concurrent.ConcurrentHashMap<>();
    Map<Integer, List<String>> byBucket = new java.util.HashMap<>();
    ids.stream()
        .filter(id -> id != null && !id.isEmpty() && id.length() <= 128)
        .distinct()
        .forEach(id -> byBucket.computeIfAbsent(bucket(id), b -> new ArrayList<>()).add(id));
    List<BoundStatement> reads = new ArrayList<>();
    byBucket.forEach(
        (bucket, inBucket) -> {
          for (int from = 0; from < inBucket.size(); from += READ_CHUNK) {
            reads.add(
                bind(
                    orgId,
                    FIND_IN,
                    orgId,
                    kind.resourceType,
                    bucket,
                    List.copyOf(
                        inBucket.subList(from, Math.min(inBucket.size(), from + READ_CHUNK)))));
          }
        });
    readRows(reads, row -> found.put(row.getString("id"), resource(kind, row)));
    return found;
  }

  List<StoredResource> all(String orgId, ResourceKind kind) {
    List<StoredResource> out = new ArrayList<>();
    for (int b = 0; b < BUCKETS; b++) {
      for (Row row : run(bind(orgId, ALL, orgId, kind.resourceType, b).setPageSize(2000))) {
        out.add(resource(kind, row));
      }
    }
    return out;
  }

  boolean insert(String orgId, StoredResource r) {
    return run(bind(
            orgId,
            INSERT,
            orgId,
            r.kind().resourceType,
            bucket(r.id()),
            r.id(),
            json(r.body()),
            r.version(),
            r.accountId(),
            r.created(),
            r.lastModified()))
        .wasApplied();
  }

  /** Compare-and-set on the version read: false when another writer got there first. */
  boolean update(String orgId, StoredResource r, long expectedVersion) {
    return run(bind(
            orgId,
            UPDATE,
            json(r.body()),
            r.version(),
            r.accountId(),
            r.lastModified(),
            orgId,
            r.kind().resourceType,
            bucket(r.id()),
            r.id(),
            expectedVersion))
        .wasApplied();
  }

  void delete(String orgId, ResourceKind kind, String id) {
    run(bind(orgId, DELETE, orgId, kind.resourceType, bucket(id), id));
  }

  /**
   * Claims a unique name for {@code id}: empty when claimed (or already ours), else the id holding
   * it. A claim whose holder no longer exists (a create that crashed after claiming) is taken over.
   * The claim is listed in {@code scim_name_keys} before it is taken, so a crash right after leaves
   * it listable by uninstall, moves and erasure; a claimant that does not get the name unlists
   * itself.
   */
  Optional<String> claim(String orgId, ResourceKind kind, String key, String id) {
    index(orgId, kind, key, id);
    for (int attempt = 0; attempt < 3; attempt++) {
      Instant now = Instant.now();
      ResultSet rs = run(bind(orgId, CLAIM, orgId, kind.resourceType, key, id, now));
      if (rs.wasApplied()) {
        return Optional.empty();
      }
      Row existing = rs.one();
      String holder = existing.getString("id");
      if (id.equals(holder)) {
        return Optional.empty();
      }
      // A claim in progress (its create not written yet) is as binding as a finished one.
      Instant claimedAt = existing.getInstant("claimed_at");
      if (claimedAt == null
          || claimedAt.isAfter(now.minus(ORPHAN_AGE))
          || find(orgId, kind, holder).isPresent()) {
        unindex(orgId, kind, key, id);
        return Optional.of(holder);
      }
      if (run(bind(orgId, TAKE_OVER, id, now, orgId, kind.resourceType, key, holder))
          .wasApplied()) {
        unindex(orgId, kind, key, holder);
        return Optional.empty();
      }
    }
    unindex(orgId, kind, key, id);
    throw new ScimError(409, "uniqueness", "the name is being claimed concurrently: retry");
  }

  Optional<String> holder(String orgId, ResourceKind kind, String key) {
    Row row = run(bind(orgId, HOLDER, orgId, kind.resourceType, key)).one();
    return Optional.ofNullable(row).map(r -> r.getString("id"));
  }

  /** Releases {@code id}'s claim, then unlists it (its own listing row only). */
  void release(String orgId, ResourceKind kind, String key, String id) {
    if (key != null) {
      run(bind(orgId, RELEASE, orgId, kind.resourceType, key, id));
      unindex(orgId, kind, key, id);
    }
  }

  /**
   * The listed claims (name key → claimant ids) of these claimants: every bucket of the kind, 16
   * queries. Finds claims no resource names (an orphaned create or rename).
   */
  Map<String, Set<String>> claimsOf(String orgId, ResourceKind kind, Set<String> ids) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (int b = 0; !ids.isEmpty() && b < BUCKETS; b++) {
      for (Row row : run(bind(orgId, INDEXED, orgId, kind.resourceType, b).setPageSize(5000))) {
        if (ids.contains(row.getString("id"))) {
          out.computeIfAbsent(row.getString("name_key"), k -> new LinkedHashSet<>())
              .add(row.getString("id"));
        }
      }
    }
    return out;
  }

  /** Unlists every claimant of a name nobody holds (rows of crashed claims, naming nothing). */
  void unlistUnheld(String orgId, ResourceKind kind, String key) {
    if (key != null && holder(orgId, kind, key).isEmpty()) {
      run(bind(orgId, UNINDEX_KEY, orgId, kind.resourceType, bucket(key), key));
    }
  }

  private void index(String orgId, ResourceKind kind, String key, String id) {
    run(bind(orgId, INDEX, orgId, kind.resourceType, bucket(key), key, id));
  }

  private void unindex(String orgId, ResourceKind kind, String key, String id) {
    run(bind(orgId, UNINDEX, orgId, kind.resourceType, bucket(key), key, id));
  }

  /** A group's members: member id → display (may be null), in member-id order. */
  Map<String, String> members(String orgId, String groupId) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Row row : run(bind(orgId, MEMBERS, orgId, groupId).setPageSize(5000))) {
      out.put(row.getString("member_id"), row.getString("display"));
    }
    return out;
  }

  /**
   * The member rows among {@code ids} (id → display, which may be null): {@code member_id IN} reads
   * of up to {@link #READ_CHUNK} ids in the group's partition, in flight together.
   */
  Map<String, String> membersAmong(String orgId, String groupId, Collection<String> ids) {
    Map<String, String> found = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    List<String> all = List.copyOf(ids);
    List<BoundStatement> reads = new ArrayList<>();
    for (int from = 0; from < all.size(); from += READ_CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + READ_CHUNK));
      reads.add(bind(orgId, MEMBERS_IN, orgId, groupId, chunk));
    }
    readRows(reads, r -> found.put(r.getString("member_id"), r.getString("display")));
    return found;
  }

  List<String> groupsOf(String orgId, String memberId) {
    List<String> out = new ArrayList<>();
    run(bind(orgId, MEMBER_OF, orgId, memberId)).forEach(r -> out.add(r.getString("group_id")));
    return out;
  }

  /**
   * Membership rows, written in both directions. Each write is idempotent (insert or delete of one
   * row), so a request retried after a crash converges; there is no batch to outgrow.
   */
  /**
   * All reverse rows first (one partition per member), then the group's own rows as
   * single-partition unlogged batches of {@link #MEMBER_BATCH}: a member row never exists without
   * its reverse row, whatever fails in between, and a 10,000-member add is 10,000 + 200 statements
   * instead of 20,000.
   */
  void addMembers(String orgId, String groupId, Map<String, String> displays) {
    // Prepared once, bound here, never in a driver callback (preparing there would block it).
    var reverse = organizations.statements().prepare(orgId, ADD_MEMBER_OF);
    var forward = organizations.statements().prepare(orgId, ADD_MEMBER);
    forEach(
        displays.keySet(),
        m ->
            router
                .session()
                .executeAsync(
                    reverse
                        .bind(orgId, m, groupId)
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)));
    List<List<String>> chunks = new ArrayList<>();
    List<String> chunk = new ArrayList<>();
    for (String m : displays.keySet()) {
      chunk.add(m);
      if (chunk.size() == MEMBER_BATCH) {
        chunks.add(chunk);
        chunk = new ArrayList<>();
      }
    }
    if (!chunk.isEmpty()) {
      chunks.add(chunk);
    }
    forEach(
        chunks,
        members -> {
          var batch =
              com.datastax.oss.driver.api.core.cql.BatchStatement.builder(
                  com.datastax.oss.driver.api.core.cql.DefaultBatchType.UNLOGGED);
          members.forEach(
              m -> batch.addStatement(forward.bind(orgId, groupId, m, displays.get(m))));
          return router
              .session()
              .executeAsync(batch.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM).build());
        });
  }

  /**
   * The reverse row first, the group's own row last, as for adds: the member row is the mark that
   * the change is complete (a retry that finds it gone has nothing left to do).
   */
  void removeMembers(String orgId, String groupId, Collection<String> memberIds) {
    forEach(
        memberIds,
        m -> {
          BoundStatement forward = bind(orgId, REMOVE_MEMBER, orgId, groupId, m);
          BoundStatement reverse = bind(orgId, REMOVE_MEMBER_OF, orgId, m, groupId);
          return router
              .session()
              .executeAsync(reverse)
              .thenCompose(rs -> router.session().executeAsync(forward));
        });
  }

  void dropGroupMembers(String orgId, String groupId) {
    run(bind(orgId, DROP_MEMBERS, orgId, groupId));
  }

  void dropMemberOf(String orgId, String memberId) {
    run(bind(orgId, DROP_MEMBER_OF, orgId, memberId));
  }

  /**
   * {@code IN} reads (each within one page) in flight together; every row goes to {@code row}, from
   * the driver's threads, so it must be safe to call concurrently.
   */
  private void readRows(List<BoundStatement> reads, java.util.function.Consumer<Row> row) {
    forEach(
        reads,
        read ->
            router
                .session()
                .executeAsync(read)
                .thenApply(
                    rs -> {
                      rs.currentPage().forEach(row);
                      return rs;
                    }));
  }

  private static <T> void forEach(
      Collection<T> items, Function<T, CompletionStage<AsyncResultSet>> call) {
    Semaphore permits = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<AsyncResultSet>> pending = new ArrayList<>();
    try {
      for (T item : items) {
        permits.acquire();
        pending.add(
            call.apply(item).toCompletableFuture().whenComplete((r, e) -> permits.release()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
  }

  private static StoredResource resource(ResourceKind kind, Row row) {
    try {
      ObjectNode body = (ObjectNode) JsonUtils.getObjectReader().readTree(row.getString("body"));
      return new StoredResource(
          kind,
          row.getString("id"),
          body,
          row.getLong("version"),
          row.getString("account_id"),
          row.getInstant("created_at"),
          row.getInstant("updated_at"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "stored SCIM resource is not JSON: " + row.getString("id"), e);
    }
  }

  private static String json(ObjectNode body) {
    try {
      return JsonUtils.getObjectWriter().writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
