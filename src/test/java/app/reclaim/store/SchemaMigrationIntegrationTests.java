package app.reclaim.store;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.IntegrationTest;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class SchemaMigrationIntegrationTests extends IntegrationTest {

  @Autowired RegionKeyspaces regions;

  @Autowired CqlSession session;

  @Test
  void shouldLeaveTheSameSchemaAndOneVersionPerKeyspaceWhenMigratedTwice() {
    regions.ensure("eu");
    regions.ensure("jp");
    Map<String, List<String>> before = schema();

    regions.migrateAgain();
    regions.migrateAgain();

    assertThat(schema()).isEqualTo(before);
    Map<String, Integer> versions = new TreeMap<>();
    for (Row row : session.execute("SELECT keyspace_name, version FROM reclaim.schema_versions")) {
      assertThat(versions.put(row.getString("keyspace_name"), row.getInt("version")))
          .as("one version row per keyspace")
          .isNull();
    }
    int controlVersion = MigrationScript.load("control").size();
    int regionVersion = MigrationScript.load("region").size();
    assertThat(versions)
        .containsEntry("reclaim", controlVersion)
        .containsEntry("reclaim_eu", regionVersion)
        .containsEntry("reclaim_jp", regionVersion);
    for (String region : regions.regionsInUse()) {
      assertThat(versions).containsEntry(regions.keyspaceOf(region).asInternal(), regionVersion);
    }
  }

  @Test
  void shouldCreateEveryRegionTableInAFreshRegionKeyspace() {
    regions.ensure("kr");
    List<String> tables = new ArrayList<>();
    session
        .execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'reclaim_kr'")
        .forEach(r -> tables.add(r.getString("table_name")));
    List<String> expected =
        MigrationScript.load("region").stream()
            .flatMap(s -> s.statements().stream())
            .filter(s -> s.startsWith("CREATE TABLE"))
            .map(s -> s.split("\\s+")[5])
            .toList();
    assertThat(tables).containsExactlyInAnyOrderElementsOf(expected);
  }

  /** Every column of every Reclaim keyspace, as "keyspace.table.column type kind". */
  private Map<String, List<String>> schema() {
    Map<String, List<String>> columns = new TreeMap<>();
    for (Row row :
        session.execute(
            "SELECT keyspace_name, table_name, column_name, type, kind "
                + "FROM system_schema.columns")) {
      String keyspace = row.getString("keyspace_name");
      if (keyspace.equals("reclaim") || keyspace.startsWith("reclaim_")) {
        columns
            .computeIfAbsent(keyspace + "." + row.getString("table_name"), k -> new ArrayList<>())
            .add(
                row.getString("column_name")
                    + " "
                    + row.getString("type")
                    + " "
                    + row.getString("kind"));
      }
    }
    columns.values().forEach(list -> list.sort(String::compareTo));
    return columns;
  }
}
