package app.reclaim.store;

import app.reclaim.store.OrgPartitionCatalog.OrgTable;
import app.reclaim.store.OrgPartitionCatalog.Scope;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Reads, counts, copies and deletes one org's partitions as the {@link OrgPartitionCatalog} lists
 * them. Every statement names a partition, so nothing here scans a region. Statements run at QUORUM
 * rather than LOCAL_QUORUM: a residency move reads one region's keyspace and writes another's, and
 * the target's replicas are in other data centers than the caller's.
 */
@Component
public class OrgPartitions {

  private static final ConsistencyLevel CONSISTENCY = ConsistencyLevel.QUORUM;
  private static final int PAGE = 1000;
  private static final int IN_FLIGHT = 128;
  private static final String TTL_ALIAS = "reclaim_copy_ttl";

  private final KeyspaceRouter router;

  OrgPartitions(KeyspaceRouter router) {
    this.router = router;
  }

  /** One partition of one catalog table: its key values in partition-key order. */
  public record Partition(OrgTable table, List<Object> key) {}

  /**
   * Every partition of the org in the catalog's tables of {@code scopes}, worked out from its rows
   * in {@code region}'s keyspace (control partitions too: the token hashes and lease names are
   * listed there), in purge order. Partitions that hold no row are included: counting or deleting
   * them is cheap, and a listing cannot know what is empty without reading it.
   */
  public List<Partition> enumerate(String orgId, String region, Set<Scope> scopes) {
    OrgPartitionCatalog.Source source =
        new OrgPartitionCatalog.Source() {
          @Override
          public String orgId() {
            return orgId;
          }

          @Override
          public Iterable<Row> region(String cql, Object... values) {
            return router
                .session()
                .execute(
                    router
                        .prepareInRegion(region, cql)
                        .bind(values)
                        .setPageSize(PAGE)
                        .setConsistencyLevel(CONSISTENCY));
          }
        };
    List<Partition> out = new ArrayList<>();
    for (OrgTable table : OrgPartitionCatalog.TABLES) {
      if (scopes.contains(table.scope())) {
        Set<List<Object>> keys = new LinkedHashSet<>(table.enumerator().partitions(source));
        keys.forEach(k -> out.add(new Partition(table, List.copyOf(k))));
      }
    }
    return out;
  }

  /** Rows in the partition; {@code region} is ignored for control tables. */
  public long count(Partition partition, String region) {
    Row row =
        router
            .session()
            .execute(
                prepare(partition.table(), region, "SELECT COUNT(*) FROM %s WHERE %s")
                    .bind(partition.key().toArray())
                    .setConsistencyLevel(CONSISTENCY))
            .one();
    return row == null ? 0 : row.getLong(0);
  }

  /** Deletes the partition (one partition tombstone) if it holds rows; returns how many it held. */
  public long delete(Partition partition, String region) {
    long rows = count(partition, region);
    if (rows > 0) {
      router
          .session()
          .execute(
              prepare(partition.table(), region, "DELETE FROM %s WHERE %s")
                  .bind(partition.key().toArray())
                  .setConsistencyLevel(CONSISTENCY));
    }
    return rows;
  }

  /**
   * Copies every row of a region partition from one region's keyspace to another's, cell bytes as
   * they are (both keyspaces carry the same schema version), null cells left unset rather than
   * written as tombstones. Rows keep their remaining TTL where the table expires rows; write times
   * are new, so a copy is never shadowed by tombstones an earlier, rolled-back copy left in the
   * target. Returns the rows copied.
   */
  public long copy(Partition partition, String fromRegion, String toRegion) {
    OrgTable table = partition.table();
    if (table.scope() != Scope.REGION) {
      throw new IllegalArgumentException("only region tables move: " + table.qualifiedName());
    }
    String from = " FROM " + table.name() + " WHERE " + where(table);
    List<String> columns = new ArrayList<>();
    for (ColumnDefinition column :
        router.prepareInRegion(fromRegion, "SELECT *" + from).getResultSetDefinitions()) {
      columns.add(column.getName().asCql(true));
    }
    String ttl =
        table.ttlColumn() == null ? "" : ", TTL(" + table.ttlColumn() + ") AS " + TTL_ALIAS;
    PreparedStatement select =
        router.prepareInRegion(fromRegion, "SELECT " + String.join(", ", columns) + ttl + from);
    PreparedStatement insert =
        router.prepareInRegion(
            toRegion,
            "INSERT INTO "
                + table.name()
                + " ("
                + String.join(", ", columns)
                + ") VALUES ("
                + columns.stream().map(c -> "?").collect(Collectors.joining(", "))
                + ")"
                + (table.ttlColumn() == null ? "" : " USING TTL ?"));
    Semaphore permits = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<AsyncResultSet>> pending = new ArrayList<>();
    long copied = 0;
    for (Row row :
        router
            .session()
            .execute(
                select
                    .bind(partition.key().toArray())
                    .setPageSize(PAGE)
                    .setConsistencyLevel(CONSISTENCY))) {
      BoundStatementBuilder bound = insert.boundStatementBuilder();
      for (int i = 0; i < columns.size(); i++) {
        ByteBuffer cell = row.getBytesUnsafe(i);
        if (cell != null) {
          bound.setBytesUnsafe(i, cell);
        }
      }
      if (table.ttlColumn() != null && !row.isNull(TTL_ALIAS)) {
        bound.setInt(columns.size(), row.getInt(TTL_ALIAS));
      }
      acquire(permits);
      CompletionStage<AsyncResultSet> write =
          router.session().executeAsync(bound.setConsistencyLevel(CONSISTENCY).build());
      pending.add(write.toCompletableFuture().whenComplete((r, e) -> permits.release()));
      copied++;
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    return copied;
  }

  private PreparedStatement prepare(OrgTable table, String region, String template) {
    String cql = template.formatted(table.name(), where(table));
    return table.scope() == Scope.CONTROL
        ? router.prepareControl(cql)
        : router.prepareInRegion(region, cql);
  }

  private static String where(OrgTable table) {
    return table.partitionKey().stream().map(c -> c + " = ?").collect(Collectors.joining(" AND "));
  }

  private static void acquire(Semaphore permits) {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while copying", e);
    }
  }
}
