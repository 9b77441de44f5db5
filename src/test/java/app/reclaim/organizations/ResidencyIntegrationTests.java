package app.reclaim.organizations;

import static org.assertj.core.api.Assertions.assertThat;

import app.reclaim.IntegrationTest;
import app.reclaim.store.RegionKeyspaces;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ResidencyIntegrationTests extends IntegrationTest {

  @Autowired OrganizationService organizations;

  @Autowired RegionKeyspaces regions;

  @Autowired CqlSession session;

  @Test
  void shouldKeepAnOrgsRowsOnlyInItsRegionKeyspace() {
    String euOrg = freshOrgId();
    String name = "Residency Eu " + euOrg;
    organizations.install(new InstallOrganization(euOrg, name, "eu"));
    // Other regions in use, so there are other region keyspaces for the eu org's rows to leak into.
    organizations.install(new InstallOrganization(freshOrgId(), "Residency Us", "us"));
    organizations.install(new InstallOrganization(freshOrgId(), "Residency Au", "au"));

    List<String> inUse = regions.regionsInUse();
    assertThat(inUse).contains("eu", "us", "au");
    for (String region : inUse) {
      String keyspace = regions.keyspaceOf(region).asInternal();
      List<String> tablesWithRows = tablesMentioning(keyspace, euOrg);
      if (region.equals("eu")) {
        assertThat(tablesWithRows).as("rows in %s", keyspace).contains("org_profile");
      } else {
        assertThat(tablesWithRows).as("rows of an eu org in %s", keyspace).isEmpty();
      }
    }
    // The control keyspace routes the org (its id and region) but holds none of its data.
    String control = regions.control().asInternal();
    assertThat(tablesMentioning(control, euOrg)).containsExactly("organizations");
    assertThat(tablesMentioning(control, name)).isEmpty();
  }

  /** Tables of a keyspace with at least one row holding {@code value} in any text column. */
  private List<String> tablesMentioning(String keyspace, String value) {
    List<String> found = new ArrayList<>();
    for (Row table :
        session.execute(
            "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", keyspace)) {
      String tableName = table.getString("table_name");
      for (Row row : session.execute("SELECT * FROM \"" + keyspace + "\".\"" + tableName + "\"")) {
        if (rowContains(row, value)) {
          found.add(tableName);
          break;
        }
      }
    }
    return found;
  }

  private static boolean rowContains(Row row, String value) {
    for (ColumnDefinition column : row.getColumnDefinitions()) {
      Object cell = row.getObject(column.getName());
      if (cell != null && cell.toString().contains(value)) {
        return true;
      }
    }
    return false;
  }
}
