package app.reclaim.organizations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** DELETE /platform/installations/{orgId}: the uninstall purge, proven by scanning every table. */
class UninstallIntegrationTests extends OrgLifecycleTest {

  static final String PATH = "/platform/installations/";

  @Test
  void shouldDeleteEveryRowOfTheOrgInEveryKeyspaceAndLeaveAnotherOrgUntouched() {
    String orgId = populatedOrg("eu", 71);
    String other = populatedOrg("eu", 72);
    Map<String, TreeSet<String>> before = rowsOf(orgId);
    Map<String, TreeSet<String>> otherBefore = rowsOf(other);
    String secret = scimSecrets.get(orgId);
    assertThat(scim(secret, "GET", "/Users", null).statusCode()).isEqualTo(200);
    // The population reaches every table an org fills: the scan below would miss nothing.
    assertThat(before.keySet())
        .containsAll(
            List.of(
                "reclaim.organizations",
                "reclaim.scim_tokens",
                "reclaim_eu.org_profile",
                "reclaim_eu.users",
                "reclaim_eu.groups",
                "reclaim_eu.directory_state",
                "reclaim_eu.credentials",
                "reclaim_eu.sync_jobs",
                "reclaim_eu.scim_tokens",
                "reclaim_eu.scim_resources",
                "reclaim_eu.scim_names",
                "reclaim_eu.scim_name_keys",
                "reclaim_eu.scim_members",
                "reclaim_eu.scim_member_of",
                "reclaim_eu.rules",
                "reclaim_eu.rule_versions",
                "reclaim_eu.org_settings",
                "reclaim_eu.cleanup_runs",
                "reclaim_eu.cleanup_items",
                "reclaim_eu.schedules"));

    var response = asPlatform().delete(PATH + orgId);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(rowsOf(orgId)).as("rows of the org left in any table").isEmpty();
    assertThat(rowsOf(other)).as("the other org's rows").isEqualTo(otherBefore);
    Map<String, Map<String, Integer>> deleted = response.read("$.deleted");
    Map<String, Integer> nonZero = new TreeMap<>();
    deleted.forEach(
        (keyspace, tables) ->
            tables.forEach(
                (table, rows) -> {
                  if (rows > 0) {
                    nonZero.put(keyspace + "." + table, rows);
                  }
                }));
    Map<String, Integer> found = new TreeMap<>();
    before.forEach((table, rows) -> found.put(table, rows.size()));
    assertThat(nonZero).as("rows deleted per table").isEqualTo(found);
    assertThat(deleted.get("reclaim_eu")).containsKeys("users", "cleanup_items", "schedules");
    assertThat(((Number) response.read("$.total")).longValue())
        .isEqualTo(found.values().stream().mapToLong(Integer::longValue).sum());
    assertThat(scim(secret, "GET", "/Users", null).statusCode())
        .as("the org's SCIM token is revoked")
        .isEqualTo(401);
  }

  @Test
  void shouldAnswer404ToASecondUninstallAndDeleteNothingMore() {
    String orgId = freshOrgId();
    organizations.install(new InstallOrganization(orgId, "Twice", "eu"));

    var first = asPlatform().delete(PATH + orgId);
    var second = asPlatform().delete(PATH + orgId);

    assertThat(first.status()).isEqualTo(200);
    assertThat(((Number) first.read("$.deleted.reclaim.organizations")).intValue()).isEqualTo(1);
    assertThat(((Number) first.read("$.deleted.reclaim_eu.org_profile")).intValue()).isEqualTo(1);
    assertThat(second.status()).isEqualTo(404);
    assertThat((String) second.read("$.error.code")).isEqualTo("NOT_INSTALLED");
    assertThat(organizations.find(orgId)).isEmpty();
  }

  @Test
  void shouldForgetTheOrgInMemorySoItsDirectoryIsNoLongerServed() {
    String orgId = populatedOrg("eu", 73);
    var users = asViewer(orgId).post("{ users(first: 5) { totalCount } }");
    assertThat((Integer) users.read("$.data.users.totalCount")).isPositive();

    assertThat(asPlatform().delete(PATH + orgId).status()).isEqualTo(200);

    var after = asViewer(orgId).post("{ users(first: 5) { totalCount } }");
    assertThat(after.body()).doesNotContain("totalCount");
    assertThat((String) after.read("$.errors[0].extensions.code")).isEqualTo("NOT_FOUND");
    var org = asViewer(orgId).post("{ organization { id } }");
    assertThat((String) org.read("$.errors[0].extensions.code")).isEqualTo("NOT_FOUND");
  }

  @Test
  void shouldRefuseAnOrgAdminsTokenAndDeleteNothing() {
    String orgId = freshOrgId();
    organizations.install(new InstallOrganization(orgId, "Kept", "eu"));
    Map<String, TreeSet<String>> before = rowsOf(orgId);

    var byAdmin = asAdmin(orgId).delete(PATH + orgId);
    var anonymous = anonymous().delete(PATH + orgId);

    assertThat(byAdmin.status()).isEqualTo(403);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(rowsOf(orgId)).isEqualTo(before);
    assertThat(organizations.find(orgId)).isPresent();
  }
}
