package app.reclaim.store;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.IntegrationTest;
import app.reclaim.store.OrgPartitionCatalog.OrgTable;
import app.reclaim.store.OrgPartitionCatalog.Scope;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The catalog against the schema the migrations actually create: a table a new migration adds to a
 * keyspace without a catalog entry (how to list an org's partitions in it) fails here, so uninstall
 * and residency moves cannot silently leave its rows behind.
 */
class OrgPartitionCatalogIntegrationTests extends IntegrationTest {

  @Autowired RegionKeyspaces regions;

  @Autowired CqlSession session;

  @Test
  void shouldCoverEveryTableOfTheRegionAndControlKeyspaces() {
    String region = regions.keyspaceOf("eu").asInternal();
    regions.ensure("eu");

    assertThat(tables(region))
        .as("tables of %s the catalog must cover", region)
        .containsExactlyInAnyOrderElementsOf(names(Scope.REGION));
    List<String> control = new ArrayList<>(tables(regions.control().asInternal()));
    control.removeAll(OrgPartitionCatalog.CONTROL_TABLES_WITHOUT_ORGS);
    assertThat(control)
        .as("org-bearing tables of the control keyspace")
        .containsExactlyInAnyOrderElementsOf(names(Scope.CONTROL));
  }

  @Test
  void shouldNameEveryTablesPartitionKeyAsTheSchemaDefinesIt() {
    regions.ensure("eu");
    for (OrgTable table : OrgPartitionCatalog.TABLES) {
      String keyspace =
          table.scope() == Scope.CONTROL
              ? regions.control().asInternal()
              : regions.keyspaceOf("eu").asInternal();
      Map<Integer, String> key = new TreeMap<>();
      for (Row column :
          session.execute(
              "SELECT column_name, kind, position FROM system_schema.columns"
                  + " WHERE keyspace_name = ? AND table_name = ?",
              keyspace,
              table.name())) {
        if (column.getString("kind").equals("partition_key")) {
          key.put(column.getInt("position"), column.getString("column_name"));
        }
      }
      assertThat(table.partitionKey())
          .as("partition key of %s", table.qualifiedName())
          .containsExactlyElementsOf(key.values());
      if (table.scope() == Scope.REGION) {
        assertThat(table.partitionKey().get(0))
            .as("region tables are partitioned by org first: %s", table.name())
            .isEqualTo("org_id");
      }
    }
  }

  @Test
  void shouldListEveryTableBeforeTheTablesItsPartitionsComeFrom() {
    // Sources are the org's region tables (control scim_tokens lists the region scim_tokens).
    List<String> order =
        OrgPartitionCatalog.TABLES.stream().map(t -> t.scope() + "." + t.name()).toList();
    for (OrgTable table : OrgPartitionCatalog.TABLES) {
      for (String source : table.derivedFrom()) {
        int sourceAt = order.indexOf(Scope.REGION + "." + source);
        assertThat(sourceAt)
            .as("%s is derived from %s, which must come later (purge order)", table.name(), source)
            .isGreaterThan(OrgPartitionCatalog.TABLES.indexOf(table));
      }
    }
    assertThat(OrgPartitionCatalog.TABLES.get(0).qualifiedName()).isEqualTo("control.scim_tokens");
    assertThat(OrgPartitionCatalog.TABLES.get(OrgPartitionCatalog.TABLES.size() - 1).name())
        .isEqualTo("organizations");
  }

  @Test
  void shouldKeepTheRemainingTtlOfEveryTableWhoseRowsExpire() {
    regions.ensure("eu");
    for (OrgTable table : OrgPartitionCatalog.tables(Scope.REGION)) {
      Row row =
          session
              .execute(
                  "SELECT default_time_to_live FROM system_schema.tables"
                      + " WHERE keyspace_name = ? AND table_name = ?",
                  regions.keyspaceOf("eu").asInternal(),
                  table.name())
              .one();
      assertThat(row).as(table.name()).isNotNull();
      if (row.getInt("default_time_to_live") > 0) {
        assertThat(table.ttlColumn())
            .as("%s expires its rows: a move must carry their remaining TTL", table.name())
            .isNotNull();
      }
    }
  }

  private List<String> tables(String keyspace) {
    List<String> out = new ArrayList<>();
    session
        .execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", keyspace)
        .forEach(r -> out.add(r.getString("table_name")));
    return out;
  }

  private static TreeSet<String> names(Scope scope) {
    TreeSet<String> out = new TreeSet<>();
    OrgPartitionCatalog.tables(scope).forEach(t -> out.add(t.name()));
    return out;
  }
}
